// Metrics registry with a request counter and a latency histogram family.
#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace billing::metrics {
namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

}  // namespace

Metrics::Metrics(const std::string& service)
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(&prometheus::BuildCounter()
                     .Name("billing_requests_total")
                     .Help("Requests handled, by method and outcome")
                     .Labels({{"service", service}})
                     .Register(*registry_)),
      latency_(&prometheus::BuildHistogram()
                    .Name("billing_request_duration_seconds")
                    .Help("Request latency in seconds, by method")
                    .Labels({{"service", service}})
                    .Register(*registry_)) {}

void Metrics::ObserveRequest(const std::string& method, const std::string& status, double seconds) {
  requests_->Add({{"method", method}, {"status", status}}).Increment();
  latency_->Add({{"method", method}}, LatencyBuckets()).Observe(seconds);
}

std::string Metrics::Serialize() const {
  prometheus::TextSerializer serializer;
  return serializer.Serialize(registry_->Collect());
}

}  // namespace billing::metrics
