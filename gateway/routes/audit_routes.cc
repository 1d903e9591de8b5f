// GET /api/audit (admin): the audit trail, filtered and paged, newest first.
#include "http/query_params.h"
#include "routes/routes.h"

namespace billing::gateway {

void AddAuditRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/audit", Access::kAdmin, [&backends](RequestContext& ctx) {
    auth::v1::ListAuditRequest request;
    auth::v1::AuditFilter* filter = request.mutable_filter();
    filter->set_user(ctx.Query("user"));
    filter->set_entity(ctx.Query("entity"));
    filter->set_action(ctx.Query("action"));
    filter->set_from(ctx.Query("from"));
    filter->set_to(ctx.Query("to"));
    QueryParams query(ctx);
    query.PageInto(request.mutable_paging());
    query.Done();
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
