// Plain-text helpers shared by the services' validation rules.
#pragma once

#include <string>

namespace billing::domain {

// `text` without leading and trailing spaces, tabs and line breaks.
std::string Trim(const std::string& text);

// `text` with ASCII letters lower-cased (other bytes as they are): case-insensitive keys for
// usernames, package and column names.
std::string LowerAscii(std::string text);

}  // namespace billing::domain
