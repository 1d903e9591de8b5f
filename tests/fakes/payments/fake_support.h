// What the fake providers share: how they send callbacks (with the options black-box tests need
// to misbehave the way real gateways do) and how they read requests and answer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/fake_whatsapp.h"
#include "support/http_client.h"

namespace billing::testing::payments {

struct CallbackOptions {
  int copies = 1;                  // the same callback sent this many times
  bool parallel = false;           // all copies at once, each from its own thread
  bool tampered = false;           // the body (or Xendit's token) changed after signing
  bool unsigned_callback = false;  // no signature / token at all
  bool change_state =
      true;  // false: only send (for out-of-order scenarios), the fake's state stays
};

struct Callback {
  std::string url;
  HttpHeaders headers;
  std::string body;
};

// Posts `callback` options.copies times; returns each copy's HTTP status (0: no answer).
std::vector<int> Deliver(const Callback& callback, const CallbackOptions& options);

FakeReply JsonReply(int status, const nlohmann::json& body);
// The header's value ("" when absent); `name` lower-case.
std::string HeaderOf(const FakeRequest& request, const std::string& name);
// "Basic base64(key + ':')", as Midtrans and Xendit expect it.
std::string BasicAuth(const std::string& key);
int64_t UnixNow();

}  // namespace billing::testing::payments
