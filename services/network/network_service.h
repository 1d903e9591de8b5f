// The network gRPC service: validates, authorises, delegates to NetworkControl and the
// repositories, and wakes the worker after a change.
#pragma once

#include <functional>

#include "metrics/metrics.h"
#include "network.grpc.pb.h"
#include "network_control.h"
#include "policy_repository.h"
#include "reconciler.h"
#include "router_links.h"
#include "router_repository.h"

namespace billing::network {

class NetworkService final : public v1::NetworkService::Service {
 public:
  NetworkService(PolicyRepository& policy, RouterRepository& routers, RouterLinks& links,
                 NetworkControl& control, Reconciler& reconciler, std::function<void()> wake_worker,
                 metrics::Metrics& metrics);

  grpc::Status Status(grpc::ServerContext* context, const common::v1::Empty* request,
                      v1::StatusReply* reply) override;
  grpc::Status GetSettings(grpc::ServerContext* context, const common::v1::Empty* request,
                           v1::Settings* reply) override;
  grpc::Status UpdatePolicy(grpc::ServerContext* context, const v1::PolicyInput* request,
                            v1::Policy* reply) override;
  grpc::Status CreateRouter(grpc::ServerContext* context, const v1::RouterInput* request,
                            v1::Router* reply) override;
  grpc::Status UpdateRouter(grpc::ServerContext* context, const v1::UpdateRouterRequest* request,
                            v1::Router* reply) override;
  grpc::Status DeleteRouter(grpc::ServerContext* context, const v1::RouterId* request,
                            common::v1::Empty* reply) override;
  grpc::Status Sync(grpc::ServerContext* context, const common::v1::Empty* request,
                    v1::SyncReply* reply) override;
  grpc::Status RunCheck(grpc::ServerContext* context, const common::v1::Empty* request,
                        v1::CheckResult* reply) override;
  grpc::Status GetCustomer(grpc::ServerContext* context, const v1::CustomerRequest* request,
                           v1::CustomerNetwork* reply) override;
  grpc::Status Isolate(grpc::ServerContext* context, const v1::ActionRequest* request,
                       v1::CustomerNetwork* reply) override;
  grpc::Status Reconnect(grpc::ServerContext* context, const v1::ActionRequest* request,
                         v1::CustomerNetwork* reply) override;
  grpc::Status ListProblems(grpc::ServerContext* context, const v1::ListProblemsRequest* request,
                            v1::ListProblemsReply* reply) override;
  grpc::Status ReadInventory(grpc::ServerContext* context, const v1::RouterId* request,
                             v1::RouterInventory* reply) override;

 private:
  PolicyRepository& policy_;
  RouterRepository& routers_;
  RouterLinks& links_;
  NetworkControl& control_;
  Reconciler& reconciler_;
  std::function<void()> wake_worker_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::network
