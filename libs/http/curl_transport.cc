// One curl easy handle per request (thread-safe); the body is capped at max_body bytes (the rest
// is read and dropped, and the result says it was truncated).
#include "http/curl_transport.h"

#include <algorithm>

#include <curl/curl.h>

namespace billing::http {
namespace {

struct Sink {
  std::string* body;
  size_t max_body;
  bool* truncated;
};

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t bytes = size * count;
  size_t room = sink->max_body - std::min(sink->max_body, sink->body->size());
  if (bytes > room) *sink->truncated = true;
  sink->body->append(data, std::min(bytes, room));
  return bytes;
}

}  // namespace

CurlTransport::CurlTransport(std::chrono::milliseconds connect_timeout,
                             std::chrono::milliseconds timeout, size_t max_body)
    : connect_timeout_(connect_timeout), timeout_(timeout), max_body_(max_body) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

HttpResult CurlTransport::Perform(const HttpRequest& request) {
  HttpResult result;
  CURL* curl = curl_easy_init();
  if (!curl) {
    result.transport_error = "curl_easy_init failed";
    return result;
  }
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  Sink sink{&result.body, max_body_, &result.truncated};
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  if (request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
  } else {
    // The error text never includes the URL, which may carry a token.
    result.transport_error = curl_easy_strerror(code);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace billing::http
