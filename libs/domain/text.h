// Plain-text helpers shared by the services' validation rules.
#pragma once

#include <string>

namespace billing::domain {

// `text` without leading and trailing spaces, tabs and line breaks.
std::string Trim(const std::string& text);

}  // namespace billing::domain
