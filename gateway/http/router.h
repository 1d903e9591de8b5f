// Route table: method + path pattern (":name" segments) -> handler and required access.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request_context.h"

namespace billing::gateway {

enum class Access { kPublic, kUser, kAdmin };

using Handler = std::function<Response(RequestContext&)>;
// A route that answers by streaming (SSE, downloads): it takes over the writer, or throws
// errors::Error before sending anything (then the dispatcher answers in the error shape as
// usual). It runs on a worker thread: start the response with StartChunked (http/chunked.h),
// never ResponseWriter::stream(), whose flush() drains the transport's queue from the wrong
// thread.
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
  // Upload routes (AddUpload) also accept multipart/form-data, application/octet-stream and
  // spreadsheet (text/csv, .xlsx) bodies; every other write takes application/json only.
  bool upload = false;
  // A long admin job: only one such route runs at a time in this gateway (MarkExclusive).
  bool exclusive = false;
  // A GET whose answer the read cache may keep (MarkCached; middleware/read_cache.h).
  bool cached = false;
  // A write that changes nothing a cached answer shows (login, logout...): it leaves the read
  // cache alone. Every other write drops the cache before its answer is sent.
  bool keeps_reads = false;
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
  // Marks an added route as a long admin job (see Route::exclusive); false when no such route.
  bool MarkExclusive(const std::string& method, const std::string& pattern);
  // Marks an added route as Route::cached / Route::keeps_reads; false when no such route.
  bool MarkCached(const std::string& method, const std::string& pattern);
  bool MarkKeepsReads(const std::string& method, const std::string& pattern);
  Match Find(const std::string& method, const std::string& path) const;

  // The body limit of the route that `method` and `path` reach; `default_limit` when it has
  // none of its own or nothing matches.
  size_t BodyLimit(const std::string& method, const std::string& path, size_t default_limit) const;
  // The largest body any route accepts (at least `default_limit`): what the HTTP parser must
  // be able to buffer.
  size_t MaxBodyBytes(size_t default_limit) const;

 private:
  bool Mark(const std::string& method, const std::string& pattern, bool Route::*flag);

  std::vector<Route> routes_;
};

}  // namespace billing::gateway
