// Hand-written response head: Pistache's own serialisers are internal to its library.
#include "http/chunked.h"

#include <cstdio>
#include <sstream>
#include <string_view>

#include <pistache/peer.h>

namespace billing::gateway {
namespace {

bool Send(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string bytes) {
  if (peer == nullptr) return false;
  size_t size = bytes.size();
  peer->send(Pistache::RawBuffer(std::move(bytes), size));
  return true;
}

}  // namespace

std::string ResponseHead(Pistache::Http::Code code,
                         const Pistache::Http::Header::Collection& headers,
                         std::optional<size_t> content_length) {
  // Pistache's headers write themselves only to a stream: one per thread, reused, spares the
  // stream's construction on every answer.
  thread_local std::ostringstream value;
  std::string out;
  out.reserve(1024);
  out.append("HTTP/1.1 ").append(std::to_string(static_cast<int>(code))).push_back(' ');
  out.append(Pistache::Http::codeString(code)).append("\r\n");
  for (const auto& header : headers.list()) {
    std::string_view name = header->name();
    if (name == "Content-Length" || name == "Transfer-Encoding") continue;
    value.str(std::string());
    value.clear();
    header->write(value);
    out.append(name).append(": ").append(value.view()).append("\r\n");
  }
  if (content_length) {
    out.append("Content-Length: ").append(std::to_string(*content_length)).append("\r\n\r\n");
  } else {
    out.append("Transfer-Encoding: chunked\r\n\r\n");
  }
  return out;
}

ChunkedStream StartChunked(Pistache::Http::ResponseWriter& writer, Pistache::Http::Code code) {
  auto peer = writer.getPeer();
  if (!Send(peer, ResponseHead(code, writer.headers()))) {
    throw std::runtime_error("connection closed");
  }
  return ChunkedStream(peer);
}

bool ChunkedStream::Write(std::string_view data) {
  if (data.empty()) return !peer_.expired();
  char size[20];
  std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  std::string chunk = size;
  chunk.append(data);
  chunk.append("\r\n");
  return Send(peer_.lock(), std::move(chunk));
}

void ChunkedStream::End() { Send(peer_.lock(), "0\r\n\r\n"); }

}  // namespace billing::gateway
