// Built on libpq's own parser, so every form and escape libpq accepts is read the same way.
#include "db/conninfo.h"

#include <memory>
#include <regex>
#include <stdexcept>

#include <libpq-fe.h>

namespace billing::db {
namespace {

// key='value' with the two characters libpq treats specially escaped.
std::string Quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string SessionConninfo(const std::string& url, const std::string& schema,
                            int connect_timeout_seconds) {
  static const std::regex kIdentifier("[a-z_][a-z0-9_]{0,62}");
  if (!schema.empty() && !std::regex_match(schema, kIdentifier)) {
    throw std::invalid_argument("schema name '" + schema + "' is not a plain identifier");
  }
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(url.c_str(), &error), &PQconninfoFree);
  if (options == nullptr) {
    // libpq's message may quote part of the url, password included: not repeated here.
    PQfreemem(error);
    throw std::invalid_argument("DATABASE_URL is not a libpq connection string or URI");
  }
  std::string conninfo;
  bool has_timeout = false;
  bool has_options = false;
  for (PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    std::string keyword = option->keyword;
    std::string value = option->val != nullptr ? option->val : "";
    if (keyword == "connect_timeout" && !value.empty()) has_timeout = true;
    if (keyword == "options" && !schema.empty()) {
      value += std::string(value.empty() ? "" : " ") + "-csearch_path=" + schema + ",public";
      has_options = true;
    }
    if (option->val == nullptr && !(keyword == "options" && has_options)) continue;
    conninfo += (conninfo.empty() ? "" : " ") + keyword + "=" + Quoted(value);
  }
  if (!has_timeout && connect_timeout_seconds > 0) {
    conninfo += (conninfo.empty() ? "" : " ") + std::string("connect_timeout=") +
                std::to_string(connect_timeout_seconds);
  }
  return conninfo;
}

}  // namespace billing::db
