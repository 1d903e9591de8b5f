// Prometheus metrics: request counts and latency histograms, text exposition.
#pragma once

#include <memory>
#include <string>

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Histogram;
}  // namespace prometheus

namespace billing::metrics {

class Metrics final {
 public:
  // `prefix` names the process kind, e.g. "grpc_server" or "http".
  explicit Metrics(const std::string& service);

  // One finished request: method/route, outcome (status code name or number), duration.
  void ObserveRequest(const std::string& method, const std::string& status, double seconds);
  // Prometheus text format of everything registered.
  std::string Serialize() const;
  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* latency_;
};

}  // namespace billing::metrics
