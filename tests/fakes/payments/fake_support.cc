// Sequential or parallel POSTs of one callback.
#include "fakes/payments/fake_support.h"

#include <chrono>
#include <thread>

#include "providers/signatures.h"

namespace billing::testing::payments {
namespace {

int PostOnce(const Callback& callback) {
  try {
    HttpClient client(callback.url, std::chrono::seconds(10));
    return client.Request("POST", "", callback.body, callback.headers).status;
  } catch (const HttpTransportError&) {
    return 0;
  }
}

}  // namespace

std::vector<int> Deliver(const Callback& callback, const CallbackOptions& options) {
  const int copies = options.copies < 1 ? 1 : options.copies;
  std::vector<int> statuses(static_cast<size_t>(copies), 0);
  if (!options.parallel) {
    for (int& status : statuses) status = PostOnce(callback);
    return statuses;
  }
  std::vector<std::thread> threads;
  threads.reserve(statuses.size());
  for (int& status : statuses) {
    threads.emplace_back([&callback, &status] { status = PostOnce(callback); });
  }
  for (auto& thread : threads) thread.join();
  return statuses;
}

FakeReply JsonReply(int status, const nlohmann::json& body) {
  FakeReply reply;
  reply.status = status;
  reply.body = body.dump();
  return reply;
}

std::string HeaderOf(const FakeRequest& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? "" : it->second;
}

std::string BasicAuth(const std::string& key) { return "Basic " + payment::Base64(key + ":"); }

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace billing::testing::payments
