// Segment-by-segment path matching; distinguishes unknown paths (404) from wrong methods (405).
#include "http/router.h"

#include <algorithm>

namespace billing::gateway {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool MatchSegments(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (!pattern.empty() && pattern[0] == ':') {
      found[pattern.substr(1)] = segments[i];
    } else if (pattern != segments[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(const std::string& method, const std::string& pattern, Access access,
                 Handler handler) {
  routes_.push_back({method, pattern, Split(pattern), access, std::move(handler), {}, false});
}

void Router::AddStream(const std::string& pattern, Access access, bool cookie_auth,
                       StreamHandler handler) {
  routes_.push_back({"GET", pattern, Split(pattern), access, {}, std::move(handler), cookie_auth});
}

void Router::AddUpload(const std::string& method, const std::string& pattern, Access access,
                       size_t max_body_bytes, Handler handler) {
  Add(method, pattern, access, std::move(handler));
  routes_.back().max_body_bytes = max_body_bytes;
  routes_.back().upload = true;
}

bool Router::MarkExclusive(const std::string& method, const std::string& pattern) {
  return Mark(method, pattern, &Route::exclusive);
}

bool Router::MarkCached(const std::string& method, const std::string& pattern) {
  return method == "GET" && Mark(method, pattern, &Route::cached);
}

bool Router::MarkKeepsReads(const std::string& method, const std::string& pattern) {
  return Mark(method, pattern, &Route::keeps_reads);
}

bool Router::Mark(const std::string& method, const std::string& pattern, bool Route::*flag) {
  for (auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.*flag = true;
      return true;
    }
  }
  return false;
}

size_t Router::BodyLimit(const std::string& method, const std::string& path,
                         size_t default_limit) const {
  Match match = Find(method, path);
  if (match.route == nullptr || match.route->max_body_bytes == 0) return default_limit;
  return match.route->max_body_bytes;
}

size_t Router::MaxBodyBytes(size_t default_limit) const {
  size_t limit = default_limit;
  for (const auto& route : routes_) limit = std::max(limit, route.max_body_bytes);
  return limit;
}

Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  std::vector<std::string> segments = Split(path);
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchSegments(route, segments, &params)) continue;
    if (route.method == method) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
    match.allowed_methods.push_back(route.method);
  }
  return match;
}

}  // namespace billing::gateway
