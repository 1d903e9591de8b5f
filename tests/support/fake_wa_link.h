// FakeWaLink: the wa-link sidecar (docs/wa-link.md) as a real HTTP server on loopback, for the
// messaging service's tests and the e2e specs. It speaks the sidecar's API (secret, status, QR,
// link, unlink, send with idempotency keys) from state the test sets, records every send, and can
// really go down (connections refused) and come back on the same port.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "support/fake_whatsapp.h"

namespace billing::testing {

class FakeWaLink final {
 public:
  // One POST /send that passed the secret check, whatever it was answered.
  struct SendAttempt {
    std::string to;
    std::string text;
    std::string key;
    std::chrono::steady_clock::time_point at;  // when the request was complete
    int status = 0;                            // what the fake answered
    bool duplicate = false;                    // 200 for a key already sent
  };

  // Listens on 127.0.0.1:<free port>; starts `disconnected` with no session, like a fresh
  // sidecar. Requests must carry "Authorization: Bearer <secret>" (except /health and the
  // control routes /__fake/*).
  explicit FakeWaLink(std::string secret);
  FakeWaLink(const FakeWaLink&) = delete;
  FakeWaLink& operator=(const FakeWaLink&) = delete;

  std::string BaseUrl() const;  // "http://127.0.0.1:<port>"

  // The status GET /status reports. SetState stamps `since` when the state changes.
  void SetState(const std::string& state);  // disconnected | waiting_for_scan | connected
  void SetNumber(const std::string& number);
  void SetName(const std::string& name);
  void SetReason(const std::string& reason);
  void SetQr(const std::string& qr);  // what GET /qr gives while waiting_for_scan
  // connected as `number` (reason ""): the phone scanned the code.
  void Connect(const std::string& number, const std::string& name = "");

  // Sends to this number answer 422 not_on_whatsapp.
  void AddNotOnWhatsapp(const std::string& number);
  // The next `count` sends (that would otherwise go out) answer `status`: 429 rate_limited or
  // 502 send_failed.
  void FailNextSends(int count, int status);

  // "wa-link is down": connections are refused until Up(); the state is kept.
  void Down();
  void Up();

  // Every send attempt, in arrival order, and those WhatsApp took (200, not duplicates).
  std::vector<SendAttempt> Attempts() const;
  std::vector<SendAttempt> Sent() const;
  int LinkCalls() const;
  int UnlinkCalls() const;
  int StatusCalls() const;                    // GET /status with the right secret
  int Unauthorized() const;                   // requests refused with 401
  std::vector<FakeRequest> Requests() const;  // every request, as the server read it

  // Back to a fresh sidecar: disconnected, no session, nothing recorded, no scripted failures,
  // listening.
  void Reset();

 private:
  FakeReply Handle(const FakeRequest& request);
  FakeReply Control(const FakeRequest& request);
  FakeReply Send(const FakeRequest& request);
  FakeReply StatusReply() const;  // under mutex_
  void SetStateLocked(const std::string& state);

  std::string secret_;
  mutable std::mutex mutex_;
  std::string state_ = "disconnected";
  std::string number_;
  std::string name_;
  std::string reason_;
  std::string qr_;
  std::chrono::system_clock::time_point since_;
  std::set<std::string> not_on_whatsapp_;
  int failures_left_ = 0;
  int failure_status_ = 0;
  std::map<std::string, std::string> sent_keys_;  // key -> the first send's id
  std::vector<SendAttempt> attempts_;
  int link_calls_ = 0;
  int unlink_calls_ = 0;
  int status_calls_ = 0;
  int unauthorized_ = 0;
  int sequence_ = 0;
  FakeWhatsapp server_;  // last: its thread calls Handle, which uses every member above
};

}  // namespace billing::testing
