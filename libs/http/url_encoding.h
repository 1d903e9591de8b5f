// Percent-encoding for URL query values and form bodies (RFC 3986 unreserved kept).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace billing::http {

std::string UrlEncode(const std::string& text);
// "a=1&b=2" from pairs, each name and value encoded.
std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields);
// base without trailing slashes.
std::string TrimSlashes(std::string base);

}  // namespace billing::http
