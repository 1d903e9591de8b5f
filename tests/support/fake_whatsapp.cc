// A minimal HTTP/1.1 server (one request per connection) on a raw socket and a thread.
#include "support/fake_whatsapp.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace billing::testing {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::map<std::string, std::string> ParsePairs(const std::string& text) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string::npos) end = text.size();
    std::string pair = text.substr(start, end - start);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      out[UrlDecode(pair.substr(0, eq))] =
          eq == std::string::npos ? "" : UrlDecode(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return out;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void WriteAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

std::string UrlDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> FakeRequest::Form() const { return ParsePairs(body); }
std::map<std::string, std::string> FakeRequest::QueryParams() const { return ParsePairs(query); }

FakeReply FakeWhatsapp::DefaultReply(int sequence) {
  std::string id = std::to_string(sequence);
  return {200,
          R"({"status":true,"id":[")" + id + R"("],"messages":[{"id":"wamid.)" + id + R"("}]})",
          "application/json"};
}

FakeWhatsapp::FakeWhatsapp() { Listen(0); }

void FakeWhatsapp::Listen(int port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("FakeWhatsapp: socket failed");
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  socklen_t len = sizeof(addr);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 64) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::string error = std::strerror(errno);
    close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error("FakeWhatsapp: bind/listen: " + error);
  }
  port_ = ntohs(addr.sin_port);
  stop_ = false;
  thread_ = std::thread([this] { Serve(); });
}

FakeWhatsapp::~FakeWhatsapp() { StopListening(); }

void FakeWhatsapp::StopListening() {
  std::lock_guard lock(listening_mutex_);
  if (listen_fd_ < 0) return;
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
  listen_fd_ = -1;
}

void FakeWhatsapp::ResumeListening() {
  std::lock_guard lock(listening_mutex_);
  if (listen_fd_ >= 0) return;
  Listen(port_);
}

std::string FakeWhatsapp::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeWhatsapp::SetHandler(Handler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<FakeRequest> FakeWhatsapp::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<FakeRequest> FakeWhatsapp::RequestsTo(const std::string& suffix) const {
  std::vector<FakeRequest> out;
  for (auto& request : Requests()) {
    if (request.path.size() >= suffix.size() &&
        request.path.compare(request.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(request);
    }
  }
  return out;
}

void FakeWhatsapp::Clear() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

void FakeWhatsapp::Serve() {
  while (!stop_) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 100) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    HandleConnection(fd);
    close(fd);
  }
}

void FakeWhatsapp::HandleConnection(int fd) {
  std::string data;
  char buffer[8192];
  size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<size_t>(n));
  }
  FakeRequest request;
  std::string head = data.substr(0, header_end);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  size_t sp1 = request_line.find(' ');
  size_t sp2 = request_line.find(' ', sp1 + 1);
  request.method = request_line.substr(0, sp1);
  std::string target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  for (size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
       pos < head.size();) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      size_t value = line.find_first_not_of(' ', colon + 1);
      request.headers[Lower(line.substr(0, colon))] =
          value == std::string::npos ? "" : line.substr(value);
    }
    pos = end + 2;
  }
  size_t length = 0;
  if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
    length = std::stoul(it->second);
  }
  if (request.headers.count("expect")) WriteAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");
  request.body = data.substr(header_end + 4);
  while (request.body.size() < length) {
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return;
    request.body.append(buffer, static_cast<size_t>(n));
  }
  request.at = std::chrono::steady_clock::now();
  Handler handler;
  int sequence = 0;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    sequence = ++sequence_;
    handler = handler_;
  }
  FakeReply reply = handler ? handler(request) : DefaultReply(sequence);
  WriteAll(fd, "HTTP/1.1 " + std::to_string(reply.status) + " " + Reason(reply.status) +
                   "\r\nContent-Type: " + reply.content_type +
                   "\r\nContent-Length: " + std::to_string(reply.body.size()) +
                   "\r\nConnection: close\r\n\r\n" + reply.body);
}

}  // namespace billing::testing
