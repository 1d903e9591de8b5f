// gRPC server lifecycle, error/metrics wrapper for handlers, and channel construction.
#include "rpc/server.h"

#include <csignal>
#include <pthread.h>

#include <grpcpp/create_channel.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <nlohmann/json.hpp>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include "errors/grpc_status.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "rpc/caller.h"
#include "service/periodic_task.h"

namespace billing::rpc {
namespace {

sigset_t ShutdownSignalSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t set = ShutdownSignalSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int Serve(const ServerOptions& options, const std::vector<grpc::Service*>& services,
          const metrics::Metrics& metrics) {
  BlockShutdownSignals();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &bound_port);
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  for (auto* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    log::Error("cannot listen", {{"listen", options.listen}});
    return 1;
  }
  std::unique_ptr<prometheus::Exposer> exposer;
  if (!options.metrics_listen.empty()) {
    exposer = std::make_unique<prometheus::Exposer>(options.metrics_listen);
    exposer->RegisterCollectable(metrics.registry());
  }
  // The health service follows the `healthy` probe every few seconds, logging each change.
  auto* health = server->GetHealthCheckService();
  auto prober = std::make_unique<service::PeriodicTask>(
      "health probe", std::chrono::seconds(3),
      [health, probe = options.healthy, last = std::make_shared<bool>(true)] {
        bool ok = !probe || probe();
        if (ok != *last) log::Warn("health changed", {{"serving", ok}});
        health->SetServingStatus(ok);
        *last = ok;
      });
  prober->Start();
  log::Info("serving", {{"listen", options.listen}, {"metrics", options.metrics_listen}});

  sigset_t set = ShutdownSignalSet();
  int signal_number = 0;
  sigwait(&set, &signal_number);
  log::Info("shutting down", {{"signal", signal_number}});
  prober.reset();
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() + options.shutdown_grace);
  server->Wait();
  log::Info("stopped");
  return 0;
}

grpc::Status HandleRpc(metrics::Metrics& metrics, const char* method,
                       const grpc::ServerContext& context, const std::function<void()>& body) {
  auto started = std::chrono::steady_clock::now();
  grpc::Status status;
  try {
    body();
  } catch (const errors::Error& error) {
    if (error.code() == errors::Code::kInternal) {
      log::Error("internal error", {{"method", method},
                                    {"request_id", ReadCaller(context).request_id},
                                    {"error", error.message()}});
      status = errors::ToGrpcStatus(
          errors::Internal(i18n::kInternalError + ReadCaller(context).request_id));
    } else {
      status = errors::ToGrpcStatus(error);
    }
  } catch (const std::exception& e) {
    std::string request_id = ReadCaller(context).request_id;
    log::Error("unhandled exception",
               {{"method", method}, {"request_id", request_id}, {"error", e.what()}});
    status = errors::ToGrpcStatus(errors::Internal(i18n::kInternalError + request_id));
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics.ObserveRequest(method, status.ok() ? "OK" : std::to_string(status.error_code()), seconds);
  return status;
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::vector<std::string>& addresses) {
  std::string target;
  if (addresses.size() == 1) {
    target = "dns:///" + addresses.front();
  } else {
    target = "ipv4:";
    for (size_t i = 0; i < addresses.size(); ++i) target += (i > 0 ? "," : "") + addresses[i];
  }
  grpc::ChannelArguments args;
  // Round-robin over replicas; a call that fails with UNAVAILABLE (the replica went away
  // before answering) is retried on another one. gRPC retries only calls whose response has
  // not started, so a replica that already answered is never asked twice.
  args.SetServiceConfigJSON(R"({
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [{
      "name": [{}],
      "retryPolicy": {
        "maxAttempts": 4, "initialBackoff": "0.1s", "maxBackoff": "1s",
        "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]
      }
    }]
  })");
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

}  // namespace billing::rpc
