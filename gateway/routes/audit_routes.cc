// GET /api/audit (admin): the audit trail, filtered and paged, newest first.
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// The number, `fallback` when absent, -1 when malformed or below `min` (the service says 400).
int32_t PagingNumber(const RequestContext& ctx, const char* name, int32_t fallback, int32_t min) {
  std::string text = ctx.Query(name);
  if (text.empty()) return fallback;
  if (text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  auto value = static_cast<int32_t>(std::stol(text));
  return value < min ? -1 : value;
}

}  // namespace

void AddAuditRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/audit", Access::kAdmin, [&backends](RequestContext& ctx) {
    auth::v1::ListAuditRequest request;
    auth::v1::AuditFilter* filter = request.mutable_filter();
    filter->set_user(ctx.Query("user"));
    filter->set_entity(ctx.Query("entity"));
    filter->set_action(ctx.Query("action"));
    filter->set_from(ctx.Query("from"));
    filter->set_to(ctx.Query("to"));
    request.mutable_paging()->set_limit(PagingNumber(ctx, "limit", 50, 1));
    request.mutable_paging()->set_offset(PagingNumber(ctx, "offset", 0, 0));
    auth::v1::ListAuditReply reply;
    Check(backends.Auth().ListAudit(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& entry : reply.items()) {
      items.push_back({{"id", entry.id()},
                       {"at", entry.at()},
                       {"user", entry.user()},
                       {"action", entry.action()},
                       {"entity", entry.entity()},
                       {"entity_id", entry.entity_id()},
                       {"summary", entry.summary()},
                       {"service", entry.service()}});
    }
    return Response::Json({{"items", items}, {"total", reply.total()}});
  });
}

}  // namespace billing::gateway
