// Typed reads of query parameters: whole numbers in a range and the page of a list. Every bad
// value is collected as a field error and Done() throws them all in the one error shape, as
// JsonFields does for bodies; ParseWholeNumber is the one number parser of the gateway.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "errors/error.h"
#include "rpc/paging.h"

namespace billing::gateway {

struct RequestContext;

// `text` as a whole decimal number in [min, max]: ASCII digits with an optional leading '-'; no
// '+', spaces, fractions or overflow. nullopt otherwise.
std::optional<int64_t> ParseWholeNumber(std::string_view text, int64_t min, int64_t max);

class QueryParams final {
 public:
  // The decoded, UTF-8 checked parameters of a request (RequestContext::Query).
  explicit QueryParams(const RequestContext& ctx);
  // Any source of decoded parameter text, "" when absent (tests).
  explicit QueryParams(std::function<std::string(const std::string&)> lookup);

  // `fallback` when absent or empty; a field error (i18n::kWrongType) unless a whole number
  // in [min, max].
  int64_t Int64(const char* name, int64_t fallback, int64_t min = 0,
                int64_t max = std::numeric_limits<int64_t>::max());
  int32_t Int32(const char* name, int32_t fallback, int32_t min = 0,
                int32_t max = std::numeric_limits<int32_t>::max());
  // `limit` (rpc::kDefaultPageSize when absent, 1..rpc::kMaxPageSize) and `offset` (0 when
  // absent, never negative); wrong values are field errors with i18n::kInvalidPaging.
  rpc::Page Page();
  // `fallback` when absent or empty; "true" or "false", else a field error (i18n::kWrongType).
  bool Bool(const char* name, bool fallback);
  // Page() written into a request's common.v1.Paging.
  template <typename Paging>
  void PageInto(Paging* paging) {
    rpc::Page page = Page();
    paging->set_limit(page.limit);
    paging->set_offset(page.offset);
  }

  // Throws invalid_argument (i18n::kValidationFailed) naming every bad parameter read so far.
  void Done() const;

 private:
  std::optional<int64_t> Read(const char* name, int64_t fallback, int64_t min, int64_t max,
                              const char* message);

  std::function<std::string(const std::string&)> lookup_;
  errors::FieldErrors fields_;
};

}  // namespace billing::gateway
