// The signed service identity every gRPC call carries (rpc/identity.h): signing in the caller
// (the gateway signs one per outgoing call) and checking in the callee (every RPC), with the
// key schedule kept per thread, against OpenSSL's one-shot HMAC that the code used before.
#include <string>

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "rpc/identity.h"

namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef-bench-service-key";

billing::rpc::IdentityClaims Claims() {
  billing::rpc::IdentityClaims claims;
  claims.service = "gateway";
  claims.issued_at = 1'900'000'000;
  claims.expires_at = 1'900'000'060;
  claims.user_id = 7;
  claims.username = "kasir";
  claims.role = "staff";
  claims.request_id = "0123456789abcdef";
  claims.client_ip = "203.0.113.9";
  return claims;
}

void BM_SignIdentity(benchmark::State& state) {
  auto claims = Claims();
  for (auto _ : state) benchmark::DoNotOptimize(billing::rpc::SignIdentity(claims, kKey));
}
BENCHMARK(BM_SignIdentity);

void BM_VerifyIdentity(benchmark::State& state) {
  std::string token = billing::rpc::SignIdentity(Claims(), kKey);
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'900'000'010));
  for (auto _ : state) benchmark::DoNotOptimize(billing::rpc::VerifyIdentity(token, kKey, now));
}
BENCHMARK(BM_VerifyIdentity);

// What each of the two paid for the MAC before: the one-shot HMAC over a token-sized message.
void BM_OneShotHmac(benchmark::State& state) {
  std::string message(220, 'x');
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  for (auto _ : state) {
    HMAC(EVP_sha256(), kKey.data(), static_cast<int>(kKey.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    benchmark::DoNotOptimize(digest);
  }
}
BENCHMARK(BM_OneShotHmac);

}  // namespace

BENCHMARK_MAIN();
