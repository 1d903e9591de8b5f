// An HTTP transport that answers from a script and records what was asked; `on_perform` runs
// first, e.g. to move the test clock by the call's duration or to look at the queue mid-call.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "providers/provider.h"

namespace billing::messaging::testing {

class ScriptedTransport final : public HttpTransport {
 public:
  HttpResult Perform(const HttpRequest& request) override {
    if (on_perform) on_perform(request);
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (answers_.empty()) return fallback;
    HttpResult answer = answers_.front();
    answers_.pop_front();
    return answer;
  }
  void Answer(int status, std::string body) {
    std::lock_guard lock(mutex_);
    answers_.push_back({status, std::move(body), ""});
  }
  std::vector<HttpRequest> Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  HttpResult fallback{500, "{}", ""};
  std::function<void(const HttpRequest&)> on_perform;

 private:
  mutable std::mutex mutex_;
  std::deque<HttpResult> answers_;
  std::vector<HttpRequest> requests_;
};

}  // namespace billing::messaging::testing
