// HttpClient: one curl easy handle per request; ExpectErrorShape for the API's error body.
#include "support/http_client.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace billing::testing {
namespace {

constexpr size_t kMaxDescribedBody = 2000;

std::string Clip(const std::string& text) {
  if (text.size() <= kMaxDescribedBody) return text;
  return text.substr(0, kMaxDescribedBody) + "...(" + std::to_string(text.size()) + " bytes)";
}

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t CollectHeader(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<HttpHeaders*>(user);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new status line (after 100 Continue): start over
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string value = line.substr(colon + 1);
  const size_t first = value.find_first_not_of(" \t");
  const size_t last = value.find_last_not_of(" \t\r\n");
  value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  (*headers)[name] = value;
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

nlohmann::json HttpResponse::Json() const {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error("response body is not JSON (" + std::string(error.what()) + "); " +
                             Describe());
  }
}

std::string HttpResponse::Describe() const {
  return "HTTP " + std::to_string(status) + ", body: " + Clip(body);
}

HttpClient::HttpClient(std::string base_url, std::chrono::milliseconds timeout)
    : base_url_(std::move(base_url)), timeout_(timeout) {
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResponse HttpClient::Request(const std::string& method, const std::string& path,
                                 const std::string& body, const HttpHeaders& headers) const {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw HttpTransportError("curl_easy_init failed");
  CURL* handle = curl.get();
  const std::string url = base_url_ + path;
  HttpResponse response;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_slist* raw_list = curl_slist_append(nullptr, "Expect:");
  for (const auto& [name, value] : headers) {
    raw_list = curl_slist_append(raw_list, (name + ": " + value).c_str());
  }
  std::unique_ptr<curl_slist, CurlDeleter> header_list(raw_list);

  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response.headers);
  if (method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (method != "GET" || !body.empty()) {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }

  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    throw HttpTransportError(method + " " + url + " failed: " + curl_easy_strerror(code) +
                             (error_buffer[0] ? std::string(" (") + error_buffer + ")" : ""));
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

HttpResponse HttpClient::Get(const std::string& path, const std::string& token) const {
  return Request("GET", path, "", BearerHeaders(token));
}

HttpResponse HttpClient::Delete(const std::string& path, const std::string& token) const {
  return Request("DELETE", path, "", BearerHeaders(token));
}

HttpResponse HttpClient::Post(const std::string& path, const std::string& body,
                              const HttpHeaders& headers) const {
  return Request("POST", path, body, headers);
}

HttpResponse HttpClient::Put(const std::string& path, const std::string& body,
                             const HttpHeaders& headers) const {
  return Request("PUT", path, body, headers);
}

HttpResponse HttpClient::PostJson(const std::string& path, const nlohmann::json& json,
                                  const std::string& token) const {
  return JsonRequest("POST", path, json, token);
}

HttpResponse HttpClient::PutJson(const std::string& path, const nlohmann::json& json,
                                 const std::string& token) const {
  return JsonRequest("PUT", path, json, token);
}

HttpResponse HttpClient::PatchJson(const std::string& path, const nlohmann::json& json,
                                   const std::string& token) const {
  return JsonRequest("PATCH", path, json, token);
}

HttpResponse HttpClient::JsonRequest(const std::string& method, const std::string& path,
                                     const nlohmann::json& json, const std::string& token) const {
  HttpHeaders headers = BearerHeaders(token);
  headers["Content-Type"] = "application/json";
  headers["Accept"] = "application/json";
  return Request(method, path, json.dump(), headers);
}

HttpHeaders BearerHeaders(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

::testing::AssertionResult ExpectErrorShape(const HttpResponse& response, int status,
                                            const std::string& code) {
  if (response.status != status) {
    return ::testing::AssertionFailure() << "expected HTTP " << status << " with error code '"
                                         << code << "', got " << response.Describe();
  }
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded()) {
    return ::testing::AssertionFailure() << "error body is not JSON; " << response.Describe();
  }
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) {
    return ::testing::AssertionFailure() << "body has no \"error\" object; " << response.Describe();
  }
  const nlohmann::json& error = body["error"];
  if (!error.contains("code") || !error["code"].is_string() || error["code"] != code) {
    return ::testing::AssertionFailure()
           << "expected error.code \"" << code << "\"; " << response.Describe();
  }
  if (!error.contains("message") || !error["message"].is_string() ||
      error["message"].get<std::string>().empty()) {
    return ::testing::AssertionFailure()
           << "error.message must be a non-empty string; " << response.Describe();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace billing::testing
