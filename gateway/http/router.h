// Route table: method + path pattern (":name" segments) -> handler and required access.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request_context.h"

namespace billing::gateway {

enum class Access { kPublic, kUser, kAdmin };

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;  // "GET", "POST", ...
  std::string pattern;
  std::vector<std::string> segments;
  Access access;
  Handler handler;
};

struct Match {
  const Route* route = nullptr;                 // set when method and path match
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;     // path matched, method did not (405)
};

class Router final {
 public:
  void Add(const std::string& method, const std::string& pattern, Access access, Handler handler);
  Match Find(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace billing::gateway
