// Hand-written response head: Pistache's own serialisers are internal to its library.
#include "http/chunked.h"

#include <cstdio>
#include <sstream>

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
  std::ostringstream out;
  out << "HTTP/1.1 " << static_cast<int>(code) << ' ' << Pistache::Http::codeString(code) << "\r\n";
  for (const auto& header : headers.list()) {
    std::string name = header->name();
    if (name == "Content-Length" || name == "Transfer-Encoding") continue;
    out << name << ": ";
    header->write(out);
    out << "\r\n";
  }
  if (content_length) {
    out << "Content-Length: " << *content_length << "\r\n\r\n";
  } else {
    out << "Transfer-Encoding: chunked\r\n\r\n";
  }
  return out.str();
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
