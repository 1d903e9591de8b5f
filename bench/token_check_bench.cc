// The gateway's per-request token check: the session cache hit (SHA-256 of the token + a shard
// lookup) against what it replaced as far as it runs in-process: auth.Verify over loopback gRPC
// (to a canned answer, so without the PostgreSQL query it also made) and auth's JWT decode.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include "auth.grpc.pb.h"
#include "middleware/session_cache.h"
#include "token_issuer.h"

namespace billing {
namespace {

using gateway::SessionCache;
using gateway::VerifiedSession;

const domain::SystemClock& Clock() {
  static const domain::SystemClock clock;
  return clock;
}

// A real token as auth issues it (HS256, ~250 bytes).
const std::string& Token() {
  static const std::string token =
      auth::TokenIssuer(std::string(48, 's'), std::chrono::hours(24), Clock())
          .Issue(7, "kasir.depan", domain::Role::kStaff, 3)
          .token;
  return token;
}

VerifiedSession Session(int64_t user_id) {
  VerifiedSession session;
  session.user_id = user_id;
  session.username = "kasir.depan";
  session.role = domain::Role::kStaff;
  session.token_id = "0f6c3a3e-5b8e-4b7c-9f1e-2d7f5c1a9b00";
  session.expires_at = std::chrono::system_clock::now() + std::chrono::hours(24);
  return session;
}

void BM_TokenHash(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(SessionCache::KeyOf(Token()));
}
BENCHMARK(BM_TokenHash);

// One request's check on a hit, with `range(0)` other sessions cached; shared across threads.
SessionCache& FilledCache(size_t sessions) {
  static std::unique_ptr<SessionCache> cache;
  static size_t filled = 0;
  if (!cache || filled != sessions) {
    cache = std::make_unique<SessionCache>(
        gateway::SessionCacheOptions{10000, std::chrono::milliseconds(4000)}, Clock());
    for (size_t i = 0; i < sessions; ++i) {
      cache->Put(SessionCache::KeyOf(Token() + std::to_string(i)), Session(100 + i), 0);
    }
    cache->Put(SessionCache::KeyOf(Token()), Session(7), 0);
    filled = sessions;
  }
  return *cache;
}

void BM_CachedCheck(benchmark::State& state) {
  static SessionCache* cache = nullptr;
  if (state.thread_index() == 0) cache = &FilledCache(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto session = cache->Find(SessionCache::KeyOf(Token()));
    if (!session) state.SkipWithError("miss");
    benchmark::DoNotOptimize(session);
  }
}
BENCHMARK(BM_CachedCheck)->Arg(1)->Arg(10000)->Threads(1)->Threads(4)->UseRealTime();

// What a request did before, minus PostgreSQL: a unary Verify over loopback TCP.
class CannedAuth final : public auth::v1::AuthService::Service {
 public:
  grpc::Status Verify(grpc::ServerContext*, const auth::v1::VerifyRequest*,
                      auth::v1::VerifyReply* reply) override {
    reply->mutable_user()->set_id(7);
    reply->mutable_user()->set_username("kasir.depan");
    reply->mutable_user()->set_role("staff");
    reply->set_token_id("0f6c3a3e-5b8e-4b7c-9f1e-2d7f5c1a9b00");
    reply->set_expires_at("2026-12-01T00:00:00Z");
    return grpc::Status::OK;
  }
};

void BM_VerifyOverGrpc(benchmark::State& state) {
  CannedAuth service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = auth::v1::AuthService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  auth::v1::VerifyRequest request;
  request.set_token(Token());
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auth::v1::VerifyReply reply;
    grpc::Status status = stub->Verify(&context, request, &reply);
    if (!status.ok()) state.SkipWithError(status.error_message().c_str());
  }
  server->Shutdown();
}
BENCHMARK(BM_VerifyOverGrpc)->UseRealTime();

// auth's own share of a Verify before its database query: the HS256 check of the token.
void BM_AuthJwtDecode(benchmark::State& state) {
  auth::TokenIssuer issuer(std::string(48, 's'), std::chrono::hours(24), Clock());
  for (auto _ : state) benchmark::DoNotOptimize(issuer.Decode(Token()));
}
BENCHMARK(BM_AuthJwtDecode);

}  // namespace
}  // namespace billing

BENCHMARK_MAIN();
