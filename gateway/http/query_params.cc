// Query parameter numbers and paging, read one way for every route.
#include "http/query_params.h"

#include <charconv>

#include "http/request_context.h"
#include "i18n/messages.h"

namespace billing::gateway {

std::optional<int64_t> ParseWholeNumber(std::string_view text, int64_t min, int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

QueryParams::QueryParams(const RequestContext& ctx)
    : lookup_([&ctx](const std::string& name) { return ctx.Query(name); }) {}

QueryParams::QueryParams(std::function<std::string(const std::string&)> lookup)
    : lookup_(std::move(lookup)) {}

std::optional<int64_t> QueryParams::Read(const char* name, int64_t fallback, int64_t min,
                                         int64_t max, const char* message) {
  std::string text = lookup_(name);
  if (text.empty()) return fallback;
  std::optional<int64_t> value = ParseWholeNumber(text, min, max);
  if (!value) fields_.emplace(name, message);
  return value;
}

int64_t QueryParams::Int64(const char* name, int64_t fallback, int64_t min, int64_t max) {
  return Read(name, fallback, min, max, i18n::kWrongType).value_or(fallback);
}

int32_t QueryParams::Int32(const char* name, int32_t fallback, int32_t min, int32_t max) {
  return static_cast<int32_t>(Read(name, fallback, min, max, i18n::kWrongType).value_or(fallback));
}

rpc::Page QueryParams::Page() {
  rpc::Page page;
  page.limit = static_cast<int32_t>(
      Read("limit", rpc::kDefaultPageSize, 1, rpc::kMaxPageSize, i18n::kInvalidPaging)
          .value_or(rpc::kDefaultPageSize));
  page.offset = static_cast<int32_t>(
      Read("offset", 0, 0, std::numeric_limits<int32_t>::max(), i18n::kInvalidPaging).value_or(0));
  return page;
}

bool QueryParams::Bool(const char* name, bool fallback) {
  std::string text = lookup_(name);
  if (text.empty()) return fallback;
  if (text == "true" || text == "false") return text == "true";
  fields_.emplace(name, i18n::kWrongType);
  return fallback;
}

void QueryParams::Done() const {
  if (!fields_.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields_);
}

}  // namespace billing::gateway
