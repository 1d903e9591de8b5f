// SseClient: curl streams the body into an SSE parser (line fields, blank line ends an event).
#include "support/sse_client.h"

#include <stdexcept>

#include <curl/curl.h>

namespace billing::testing {

nlohmann::json SseEvent::Json() const {
  try {
    return nlohmann::json::parse(data);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error("SSE data is not JSON: " + data);
  }
}

SseClient::SseClient(std::string base_url, std::string path, HttpHeaders headers)
    : url_(std::move(base_url) + std::move(path)), headers_(std::move(headers)) {
  HttpClient init(url_);  // makes sure curl_global_init ran
  thread_ = std::thread([this] { Run(); });
}

SseClient::~SseClient() { Disconnect(); }

void SseClient::Disconnect() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

size_t SseClient::WriteCallback(char* data, size_t size, size_t count, void* self) {
  auto* client = static_cast<SseClient*>(self);
  if (client->stop_) return 0;  // aborts the transfer
  client->Feed(data, size * count);
  return size * count;
}

size_t SseClient::HeaderCallback(char* data, size_t size, size_t count, void* self) {
  static_cast<SseClient*>(self)->OnHeader(std::string(data, size * count));
  return size * count;
}

int SseClient::ProgressCallback(void* self, long, long, long, long) {
  return static_cast<SseClient*>(self)->stop_ ? 1 : 0;
}

void SseClient::OnHeader(const std::string& line) {
  if (line.rfind("HTTP/", 0) != 0) return;
  size_t space = line.find(' ');
  int status = space == std::string::npos ? 0 : std::atoi(line.c_str() + space + 1);
  std::lock_guard lock(mutex_);
  status_ = status;
  changed_.notify_all();
}

void SseClient::Feed(const char* data, size_t size) {
  std::lock_guard lock(mutex_);
  body_.append(data, size);
  pending_.append(data, size);
  size_t end;
  while ((end = pending_.find("\n\n")) != std::string::npos) {
    std::string block = pending_.substr(0, end);
    pending_.erase(0, end + 2);
    SseEvent event;
    bool has_field = false;
    size_t start = 0;
    while (start <= block.size()) {
      size_t stop = block.find('\n', start);
      if (stop == std::string::npos) stop = block.size();
      std::string line = block.substr(start, stop - start);
      start = stop + 1;
      if (line.empty()) continue;
      if (line[0] == ':') {
        if (line.find("heartbeat") != std::string::npos) ++heartbeats_;
        continue;
      }
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      if (name == "id") {
        event.id = value, has_field = true;
      } else if (name == "event") {
        event.event = value, has_field = true;
      } else if (name == "data") {
        event.data += (event.data.empty() ? "" : "\n") + value, has_field = true;
      }
    }
    if (has_field && !event.data.empty()) events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

void SseClient::Run() {
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  list = curl_slist_append(list, "Accept: text/event-stream");
  for (const auto& [name, value] : headers_) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &SseClient::WriteCallback);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &SseClient::HeaderCallback);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &SseClient::ProgressCallback);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_perform(curl);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

int SseClient::WaitForStatus(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [this] { return status_ != 0 || closed_; });
  return status_;
}

bool SseClient::WaitForEvents(size_t count, std::chrono::milliseconds timeout,
                              const std::function<bool(const SseEvent&)>& filter) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    size_t matching = 0;
    for (const auto& event : events_) matching += (!filter || filter(event)) ? 1 : 0;
    return matching >= count;
  });
}

bool SseClient::WaitForClose(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return closed_; });
}

std::vector<SseEvent> SseClient::Events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

std::vector<SseEvent> SseClient::Events(const std::function<bool(const SseEvent&)>& filter) const {
  std::lock_guard lock(mutex_);
  std::vector<SseEvent> matching;
  for (const auto& event : events_) {
    if (filter(event)) matching.push_back(event);
  }
  return matching;
}

size_t SseClient::Heartbeats() const {
  std::lock_guard lock(mutex_);
  return heartbeats_;
}

bool SseClient::Closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

std::string SseClient::Body() const {
  std::lock_guard lock(mutex_);
  return body_;
}

}  // namespace billing::testing
