// HttpClient: a small libcurl client for driving the gateway's public HTTP API from tests.
#pragma once

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace billing::testing {

using HttpHeaders = std::map<std::string, std::string>;

struct HttpResponse {
  int status = 0;
  std::string body;
  HttpHeaders headers;  // names lower-cased; a repeated header keeps its last value

  // Parses the body; throws std::runtime_error quoting status and body if it is not JSON.
  nlohmann::json Json() const;
  // "HTTP 404, body: ..." (clipped), for assertion messages.
  std::string Describe() const;
};

// Connection refused, timeout, DNS...: anything that produced no HTTP response.
class HttpTransportError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread-safe: every request uses its own curl handle. Redirects are not followed.
class HttpClient final {
 public:
  // base_url like "http://127.0.0.1:8080" (no trailing slash); paths start with '/'.
  explicit HttpClient(std::string base_url,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Throws HttpTransportError when no response arrives; any HTTP status is returned.
  HttpResponse Request(const std::string& method, const std::string& path,
                       const std::string& body = "", const HttpHeaders& headers = {}) const;

  // A non-empty token adds "Authorization: Bearer <token>".
  HttpResponse Get(const std::string& path, const std::string& token = "") const;
  HttpResponse Delete(const std::string& path, const std::string& token = "") const;
  HttpResponse Post(const std::string& path, const std::string& body,
                    const HttpHeaders& headers = {}) const;
  HttpResponse Put(const std::string& path, const std::string& body,
                   const HttpHeaders& headers = {}) const;
  // Send `json` with Content-Type: application/json.
  HttpResponse PostJson(const std::string& path, const nlohmann::json& json,
                        const std::string& token = "") const;
  HttpResponse PutJson(const std::string& path, const nlohmann::json& json,
                       const std::string& token = "") const;
  HttpResponse PatchJson(const std::string& path, const nlohmann::json& json,
                         const std::string& token = "") const;

  const std::string& BaseUrl() const { return base_url_; }

 private:
  HttpResponse JsonRequest(const std::string& method, const std::string& path,
                           const nlohmann::json& json, const std::string& token) const;

  std::string base_url_;
  std::chrono::milliseconds timeout_;
};

// {"Authorization": "Bearer <token>"}, or {} for an empty token.
HttpHeaders BearerHeaders(const std::string& token);

// Passes when response.status == status and the body is
// {"error": {"code": code, "message": <non-empty string>, ...}}.
// Use as EXPECT_TRUE(ExpectErrorShape(response, 404, "not_found"));
::testing::AssertionResult ExpectErrorShape(const HttpResponse& response, int status,
                                            const std::string& code);

}  // namespace billing::testing
