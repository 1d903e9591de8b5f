// The one paging rule of every list RPC: limit 0 asks for the default page, a page holds at most
// kMaxPageSize rows and the offset is never negative.
#pragma once

#include <cstdint>

#include "errors/error.h"

namespace billing::rpc {

inline constexpr int32_t kDefaultPageSize = 50;
inline constexpr int32_t kMaxPageSize = 500;

struct Page {
  int32_t limit = kDefaultPageSize;
  int32_t offset = 0;
};

// The page a request asks for, unchecked: limit 0 means kDefaultPageSize.
Page RequestedPage(int32_t limit, int32_t offset);

// Adds a "limit" and/or "offset" field error (i18n::kInvalidPaging) when `page` breaks the rule.
void CheckPage(const Page& page, errors::FieldErrors& fields);

// The page a request asks for (limit 0 = kDefaultPageSize); its errors go to `fields`, so that
// they are reported with the request's other fields.
Page ReadPage(int32_t limit, int32_t offset, errors::FieldErrors& fields);
// The same for a request with nothing else to check: throws errors::InvalidArgument.
Page ReadPage(int32_t limit, int32_t offset);

// For a common.v1.Paging message (kept a template so this library needs no generated code).
template <typename Paging>
Page RequestedPage(const Paging& paging) {
  return RequestedPage(paging.limit(), paging.offset());
}
template <typename Paging>
Page ReadPage(const Paging& paging, errors::FieldErrors& fields) {
  return ReadPage(paging.limit(), paging.offset(), fields);
}
template <typename Paging>
Page ReadPage(const Paging& paging) {
  return ReadPage(paging.limit(), paging.offset());
}

}  // namespace billing::rpc
