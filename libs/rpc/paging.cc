// The paging rule of list RPCs, one error shape for every service.
#include "rpc/paging.h"

#include "i18n/messages.h"

namespace billing::rpc {

Page RequestedPage(int32_t limit, int32_t offset) {
  return {limit == 0 ? kDefaultPageSize : limit, offset};
}

void CheckPage(const Page& page, errors::FieldErrors& fields) {
  if (page.limit < 1 || page.limit > kMaxPageSize) fields.emplace("limit", i18n::kInvalidPaging);
  if (page.offset < 0) fields.emplace("offset", i18n::kInvalidPaging);
}

Page ReadPage(int32_t limit, int32_t offset, errors::FieldErrors& fields) {
  Page page = RequestedPage(limit, offset);
  CheckPage(page, fields);
  return page;
}

Page ReadPage(int32_t limit, int32_t offset) {
  errors::FieldErrors fields;
  Page page = ReadPage(limit, offset, fields);
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  return page;
}

}  // namespace billing::rpc
