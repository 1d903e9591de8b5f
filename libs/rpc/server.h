// gRPC server bootstrap: health service, metrics endpoint, graceful shutdown on SIGTERM.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "metrics/metrics.h"

namespace grpc {
class Service;
}

namespace billing::rpc {

// Call first in main(), before any thread starts, so SIGTERM/SIGINT reach Serve().
void BlockShutdownSignals();

struct ServerOptions {
  std::string listen;          // host:port
  std::string metrics_listen;  // host:port, empty = no metrics endpoint
  // Probed every few seconds; the standard health service reports NOT_SERVING while false.
  std::function<bool()> healthy;
  std::chrono::seconds shutdown_grace{5};
  // Run as soon as the shutdown signal arrives, before in-flight calls drain (up to
  // shutdown_grace): background workers stop taking new work at once.
  std::function<void()> on_shutdown;
  // Threads kept waiting for calls (RPC_MAX_IDLE_THREADS). gRPC's synchronous server ends a
  // thread whenever more than this many wait and starts one when none does; its default of 2
  // started a thread for about every third call at 8 calls at once.
  int max_idle_threads = 16;
};

// Serves until SIGTERM/SIGINT, then drains in-flight calls. Returns the process exit code.
int Serve(const ServerOptions& options, const std::vector<grpc::Service*>& services,
          const metrics::Metrics& metrics);

// Runs one RPC body, after refusing (UNAUTHENTICATED) any call without a valid signed service
// identity (rpc/identity.h): every method of every service goes through here. Then
// errors::Error becomes its status, any other exception becomes
// `internal` (logged with the request id, which is all the client sees), and the call is
// counted in the metrics.
grpc::Status HandleRpc(metrics::Metrics& metrics, const char* method,
                       const grpc::ServerContext& context, const std::function<void()>& body);

// The channels' service config: round-robin, and retries on UNAVAILABLE for the reads and
// idempotent methods listed in server.cc only (a write is never applied twice by a retry).
std::string ChannelServiceConfig();

// Client channel over one address (DNS name allowed) or several (client-side round-robin).
std::shared_ptr<grpc::Channel> MakeChannel(const std::vector<std::string>& addresses);

}  // namespace billing::rpc
