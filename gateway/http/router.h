// Route table: method + path pattern (":name" segments) -> handler and required access.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request_context.h"

namespace billing::gateway {

enum class Access { kPublic, kUser, kAdmin };

using Handler = std::function<Response(RequestContext&)>;
// A route that answers by streaming (SSE): it takes over the writer, or throws errors::Error
// before sending anything (then the dispatcher answers in the error shape as usual).
using StreamHandler = std::function<void(RequestContext&, Pistache::Http::ResponseWriter&)>;

struct Route {
  std::string method;  // "GET", "POST", ...
  std::string pattern;
  std::vector<std::string> segments;
  Access access;
  Handler handler;
  StreamHandler stream;  // set instead of `handler` for streaming routes
  // Also accept the session cookie (only the browser's EventSource, which cannot send headers;
  // a read-only stream is no CSRF target).
  bool cookie_auth = false;
  size_t max_body_bytes = 0;  // 0 = the gateway's MAX_BODY_BYTES
};

struct Match {
  const Route* route = nullptr;  // set when method and path match
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;  // path matched, method did not (405)
};

class Router final {
 public:
  void Add(const std::string& method, const std::string& pattern, Access access, Handler handler);
  // A streaming GET route (see StreamHandler), authenticated by the bearer header, and by the
  // session cookie too when `cookie_auth`.
  void AddStream(const std::string& pattern, Access access, bool cookie_auth,
                 StreamHandler handler);
  // A route taking bodies up to `max_body_bytes` instead of the usual limit (file uploads).
  void AddUpload(const std::string& method, const std::string& pattern, Access access,
                 size_t max_body_bytes, Handler handler);
  Match Find(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace billing::gateway
