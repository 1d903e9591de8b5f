// Network RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "network_service.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/paging.h"
#include "rpc/server.h"

namespace billing::network {
namespace {

void ToProto(const PolicyData& data, v1::Policy* out) {
  out->set_auto_isolir(data.auto_isolir);
  out->set_grace_days(data.grace_days);
  out->set_check_minutes(data.check_minutes);
  out->set_notify_whatsapp(data.notify_whatsapp);
  out->set_isolir_pool(data.isolir_pool);
  out->set_isolir_address_list(data.isolir_address_list);
}

void ToProto(const RouterRecord& record, v1::Router* out) {
  const RouterData& d = record.data;
  out->set_id(record.id);
  out->set_name(d.name);
  out->set_kind(d.kind);
  out->set_host(d.host);
  out->set_port(d.port);
  out->set_tls(d.tls);
  out->set_username(d.username);
  out->set_password(Masked(d.password));
  out->set_secret(Masked(d.secret));
  out->set_isolir_mode(d.isolir_mode);
  out->set_isolir_profile(d.isolir_profile);
  out->set_enabled(d.enabled);
  out->set_reachable(record.reachable);
  out->set_last_contact_at(record.last_contact_at);
  out->set_last_sync_at(record.last_sync_at);
  out->set_last_error(record.last_error);
  out->set_pending(record.pending);
  out->set_failed(record.failed);
}

void ToProto(const CustomerNetworkView& view, v1::CustomerNetwork* out) {
  out->set_customer_id(view.customer_id);
  out->set_customer_name(view.customer_name);
  out->set_username(view.username);
  out->set_status(view.status);
  out->set_isolated_by(view.isolated_by);
  out->set_reason(view.reason);
  out->set_changed_at(view.changed_at);
  out->set_exempt_until(view.exempt_until);
  for (const auto& link : view.links) {
    v1::Link* l = out->add_links();
    l->set_router_id(link.router_id);
    l->set_router_name(link.router_name);
    l->set_kind(link.kind);
    l->set_state(link.state);
    l->set_applied_status(link.applied_status);
    l->set_attempts(link.attempts);
    l->set_last_error(link.last_error);
    l->set_next_attempt_at(link.next_attempt_at);
    l->set_updated_at(link.updated_at);
  }
}

PolicyPatch FromProto(const v1::PolicyInput& in) {
  PolicyPatch patch;
  if (in.has_auto_isolir()) patch.auto_isolir = in.auto_isolir();
  if (in.has_grace_days()) patch.grace_days = in.grace_days();
  if (in.has_check_minutes()) patch.check_minutes = in.check_minutes();
  if (in.has_notify_whatsapp()) patch.notify_whatsapp = in.notify_whatsapp();
  if (in.has_isolir_pool()) patch.isolir_pool = in.isolir_pool();
  if (in.has_isolir_address_list()) patch.isolir_address_list = in.isolir_address_list();
  return patch;
}

RouterPatch FromProto(const v1::RouterInput& in) {
  RouterPatch patch;
  if (in.has_name()) patch.name = in.name();
  if (in.has_kind()) patch.kind = in.kind();
  if (in.has_host()) patch.host = in.host();
  if (in.has_port()) patch.port = in.port();
  if (in.has_tls()) patch.tls = in.tls();
  if (in.has_username()) patch.username = in.username();
  if (in.has_password()) patch.password = in.password();
  if (in.has_secret()) patch.secret = in.secret();
  if (in.has_isolir_mode()) patch.isolir_mode = in.isolir_mode();
  if (in.has_isolir_profile()) patch.isolir_profile = in.isolir_profile();
  if (in.has_enabled()) patch.enabled = in.enabled();
  return patch;
}

int64_t CustomerIdOf(int64_t id) {
  if (id <= 0) throw errors::NotFound(i18n::kCustomerNotFound);
  return id;
}

}  // namespace

NetworkService::NetworkService(PolicyRepository& policy, RouterRepository& routers,
                               RouterLinks& links, NetworkControl& control, Reconciler& reconciler,
                               std::function<void()> wake_worker, metrics::Metrics& metrics)
    : policy_(policy),
      routers_(routers),
      links_(links),
      control_(control),
      reconciler_(reconciler),
      wake_worker_(std::move(wake_worker)),
      metrics_(metrics) {}

grpc::Status NetworkService::Status(grpc::ServerContext* context,
                                    const common::v1::Empty* /*request*/, v1::StatusReply* reply) {
  return rpc::HandleRpc(metrics_, "Status", *context, [&] {
    rpc::ReadUser(*context);
    PolicyRecord policy = policy_.Policy();
    ToProto(policy.data, reply->mutable_policy());
    reply->set_last_check_at(policy.last_check_at);
    reply->mutable_last_check()->set_checked(policy.last_checked);
    reply->mutable_last_check()->set_isolated(policy.last_isolated);
    int64_t pending = 0;
    int64_t failed = 0;
    links_.Counts(&pending, &failed);
    reply->set_pending(pending);
    reply->set_failed(failed);
    for (const auto& router : routers_.Routers()) ToProto(router, reply->add_routers());
  });
}

grpc::Status NetworkService::GetSettings(grpc::ServerContext* context,
                                         const common::v1::Empty* /*request*/,
                                         v1::Settings* reply) {
  return rpc::HandleRpc(metrics_, "GetSettings", *context, [&] {
    rpc::ReadAdmin(*context);
    ToProto(policy_.Policy().data, reply->mutable_policy());
    for (const auto& router : routers_.Routers()) ToProto(router, reply->add_routers());
  });
}

grpc::Status NetworkService::UpdatePolicy(grpc::ServerContext* context,
                                          const v1::PolicyInput* request, v1::Policy* reply) {
  return rpc::HandleRpc(metrics_, "UpdatePolicy", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    PolicyPatch patch = FromProto(*request);
    PolicyData updated = policy_.UpdatePolicy(
        [&patch](const PolicyData& before) { return MergePolicy(before, patch); }, caller);
    ToProto(updated, reply);
    wake_worker_();
  });
}

grpc::Status NetworkService::CreateRouter(grpc::ServerContext* context,
                                          const v1::RouterInput* request, v1::Router* reply) {
  return rpc::HandleRpc(metrics_, "CreateRouter", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    RouterData data = MergeRouter(RouterData{}, FromProto(*request), true);
    ToProto(routers_.CreateRouter(data, caller), reply);
    wake_worker_();
  });
}

grpc::Status NetworkService::UpdateRouter(grpc::ServerContext* context,
                                          const v1::UpdateRouterRequest* request,
                                          v1::Router* reply) {
  return rpc::HandleRpc(metrics_, "UpdateRouter", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    if (request->id() <= 0) throw errors::NotFound(i18n::kRouterNotFound);
    RouterPatch patch = FromProto(request->input());
    ToProto(routers_.UpdateRouter(
                request->id(),
                [&patch](const RouterData& before) { return MergeRouter(before, patch, false); },
                caller),
            reply);
    wake_worker_();
  });
}

grpc::Status NetworkService::DeleteRouter(grpc::ServerContext* context, const v1::RouterId* request,
                                          common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteRouter", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    if (request->id() <= 0) throw errors::NotFound(i18n::kRouterNotFound);
    routers_.DeleteRouter(request->id(), caller);
  });
}

grpc::Status NetworkService::Sync(grpc::ServerContext* context,
                                  const common::v1::Empty* /*request*/, v1::SyncReply* reply) {
  return rpc::HandleRpc(metrics_, "Sync", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    control_.RefreshAll();
    reply->set_subscribers(links_.VerifyAll(caller));
    int64_t pending = 0;
    int64_t failed = 0;
    links_.Counts(&pending, &failed);
    reply->set_pending(pending + failed);
    wake_worker_();
  });
}

grpc::Status NetworkService::RunCheck(grpc::ServerContext* context,
                                      const common::v1::Empty* /*request*/,
                                      v1::CheckResult* reply) {
  return rpc::HandleRpc(metrics_, "RunCheck", *context, [&] {
    rpc::ReadAdmin(*context);
    CheckResult result = control_.RunCheck();
    reply->set_checked(result.checked);
    reply->set_isolated(result.isolated);
    wake_worker_();
  });
}

grpc::Status NetworkService::GetCustomer(grpc::ServerContext* context,
                                         const v1::CustomerRequest* request,
                                         v1::CustomerNetwork* reply) {
  return rpc::HandleRpc(metrics_, "GetCustomer", *context, [&] {
    rpc::ReadUser(*context);
    ToProto(control_.View(CustomerIdOf(request->customer_id())), reply);
  });
}

grpc::Status NetworkService::Isolate(grpc::ServerContext* context, const v1::ActionRequest* request,
                                     v1::CustomerNetwork* reply) {
  return rpc::HandleRpc(metrics_, "Isolate", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    ToProto(control_.Isolate(CustomerIdOf(request->customer_id()), request->reason(), caller),
            reply);
    wake_worker_();
  });
}

grpc::Status NetworkService::Reconnect(grpc::ServerContext* context,
                                       const v1::ActionRequest* request,
                                       v1::CustomerNetwork* reply) {
  return rpc::HandleRpc(metrics_, "Reconnect", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    ToProto(control_.Reconnect(CustomerIdOf(request->customer_id()), request->reason(), caller),
            reply);
    wake_worker_();
  });
}

grpc::Status NetworkService::ListProblems(grpc::ServerContext* context,
                                          const v1::ListProblemsRequest* request,
                                          v1::ListProblemsReply* reply) {
  return rpc::HandleRpc(metrics_, "ListProblems", *context, [&] {
    rpc::ReadUser(*context);
    rpc::Page page = rpc::ReadPage(request->paging());
    int64_t total = 0;
    for (const auto& view : links_.Problems(page.limit, page.offset, &total)) {
      ToProto(view, reply->add_items());
    }
    reply->set_total(total);
  });
}

// The passwords leave the service for the gateway's adoption only, which never shows them.
grpc::Status NetworkService::ReadInventory(grpc::ServerContext* context,
                                           const v1::RouterId* request,
                                           v1::RouterInventory* reply) {
  return rpc::HandleRpc(metrics_, "ReadInventory", *context, [&] {
    rpc::ReadAdmin(*context);
    RouterInventory inventory = reconciler_.ReadInventory(request->id());
    for (const auto& secret : inventory.secrets) {
      auto* out = reply->add_secrets();
      out->set_name(secret.name);
      out->set_password(secret.password);
      out->set_profile(secret.profile);
      out->set_comment(secret.comment);
      out->set_disabled(secret.disabled);
      out->set_service(secret.service);
    }
    for (const auto& profile : inventory.profiles) {
      auto* out = reply->add_profiles();
      out->set_name(profile.name);
      out->set_rate_limit(profile.rate_limit);
    }
  });
}

}  // namespace billing::network
