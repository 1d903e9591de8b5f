// The sidecar's HTTP API on FakeWhatsapp's server, answering from the state the test sets.
#include "support/fake_wa_link.h"

#include <ctime>
#include <utility>

#include <nlohmann/json.hpp>

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr size_t kMaxBody = 64 * 1024;
constexpr const char* kDefaultQr = "2@FakeWaLinkQrCode,pairing-1";

FakeReply JsonReply(int status, const json& body) {
  return {status, body.dump(), "application/json"};
}

FakeReply ErrorReply(int status, const std::string& error, const std::string& message) {
  return JsonReply(status, {{"error", error}, {"message", message}});
}

std::string Iso(std::chrono::system_clock::time_point at) {
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm);
  char with_millis[48];
  std::snprintf(with_millis, sizeof(with_millis), "%s.%03dZ", text,
                static_cast<int>(millis % 1000));
  return with_millis;
}

bool IsDigits(const std::string& text, size_t min, size_t max) {
  if (text.size() < min || text.size() > max) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

size_t Utf8Chars(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

bool IsState(const std::string& state) {
  return state == "disconnected" || state == "waiting_for_scan" || state == "connected";
}

}  // namespace

FakeWaLink::FakeWaLink(std::string secret)
    : secret_(std::move(secret)), since_(std::chrono::system_clock::now()) {
  server_.SetHandler([this](const FakeRequest& request) { return Handle(request); });
}

std::string FakeWaLink::BaseUrl() const { return server_.BaseUrl(); }

void FakeWaLink::SetStateLocked(const std::string& state) {
  if (state != state_) since_ = std::chrono::system_clock::now();
  state_ = state;
  if (state_ == "waiting_for_scan" && qr_.empty()) qr_ = kDefaultQr;
}

void FakeWaLink::SetState(const std::string& state) {
  std::lock_guard lock(mutex_);
  SetStateLocked(state);
}

void FakeWaLink::SetNumber(const std::string& number) {
  std::lock_guard lock(mutex_);
  number_ = number;
}

void FakeWaLink::SetName(const std::string& name) {
  std::lock_guard lock(mutex_);
  name_ = name;
}

void FakeWaLink::SetReason(const std::string& reason) {
  std::lock_guard lock(mutex_);
  reason_ = reason;
}

void FakeWaLink::SetQr(const std::string& qr) {
  std::lock_guard lock(mutex_);
  qr_ = qr;
}

void FakeWaLink::Connect(const std::string& number, const std::string& name) {
  std::lock_guard lock(mutex_);
  SetStateLocked("connected");
  number_ = number;
  name_ = name;
  reason_.clear();
}

void FakeWaLink::AddNotOnWhatsapp(const std::string& number) {
  std::lock_guard lock(mutex_);
  not_on_whatsapp_.insert(number);
}

void FakeWaLink::FailNextSends(int count, int status) {
  std::lock_guard lock(mutex_);
  failures_left_ = count;
  failure_status_ = status;
}

void FakeWaLink::Down() { server_.StopListening(); }
void FakeWaLink::Up() { server_.ResumeListening(); }

std::vector<FakeWaLink::SendAttempt> FakeWaLink::Attempts() const {
  std::lock_guard lock(mutex_);
  return attempts_;
}

std::vector<FakeWaLink::SendAttempt> FakeWaLink::Sent() const {
  std::vector<SendAttempt> out;
  for (auto& attempt : Attempts()) {
    if (attempt.status == 200 && !attempt.duplicate) out.push_back(attempt);
  }
  return out;
}

int FakeWaLink::LinkCalls() const {
  std::lock_guard lock(mutex_);
  return link_calls_;
}

int FakeWaLink::UnlinkCalls() const {
  std::lock_guard lock(mutex_);
  return unlink_calls_;
}

int FakeWaLink::StatusCalls() const {
  std::lock_guard lock(mutex_);
  return status_calls_;
}

int FakeWaLink::Unauthorized() const {
  std::lock_guard lock(mutex_);
  return unauthorized_;
}

std::vector<FakeRequest> FakeWaLink::Requests() const { return server_.Requests(); }

void FakeWaLink::Reset() {
  Up();
  server_.Clear();
  std::lock_guard lock(mutex_);
  state_ = "disconnected";
  number_.clear();
  name_.clear();
  reason_.clear();
  qr_.clear();
  since_ = std::chrono::system_clock::now();
  not_on_whatsapp_.clear();
  failures_left_ = 0;
  failure_status_ = 0;
  sent_keys_.clear();
  attempts_.clear();
  link_calls_ = 0;
  unlink_calls_ = 0;
  status_calls_ = 0;
  unauthorized_ = 0;
}

FakeReply FakeWaLink::StatusReply() const {
  return JsonReply(200, {{"state", state_},
                         {"number", number_},
                         {"name", name_},
                         {"since", Iso(since_)},
                         {"reason", state_ == "disconnected" ? reason_ : ""}});
}

FakeReply FakeWaLink::Handle(const FakeRequest& request) {
  if (request.path == "/health" && request.method == "GET") return JsonReply(200, {{"ok", true}});
  if (request.path.rfind("/__fake/", 0) == 0) return Control(request);
  auto auth = request.headers.find("authorization");
  if (auth == request.headers.end() || auth->second != "Bearer " + secret_) {
    std::lock_guard lock(mutex_);
    ++unauthorized_;
    return ErrorReply(401, "unauthorized", "missing or wrong secret");
  }
  if (request.body.size() > kMaxBody) {
    return ErrorReply(413, "too_large", "the body is larger than 64 KiB");
  }
  const std::string route = request.method + " " + request.path;
  if (route == "POST /send") return Send(request);
  std::lock_guard lock(mutex_);
  if (route == "GET /status") {
    ++status_calls_;
    return StatusReply();
  }
  if (route == "GET /qr") {
    if (state_ != "waiting_for_scan") return ErrorReply(404, "no_qr", "no QR code right now");
    return JsonReply(200, {{"qr", qr_}, {"since", Iso(since_)}});
  }
  if (route == "POST /link") {
    ++link_calls_;
    // Pairing starts only from a fresh state: no session, not reconnecting one.
    if (state_ == "disconnected" && reason_ != "reconnecting") {
      SetStateLocked("waiting_for_scan");
      reason_.clear();
    }
    return StatusReply();
  }
  if (route == "POST /unlink") {
    ++unlink_calls_;
    SetStateLocked("disconnected");
    number_.clear();
    name_.clear();
    qr_.clear();
    reason_ = "unlinked";
    return StatusReply();
  }
  return ErrorReply(404, "not_found", "no such route");
}

FakeReply FakeWaLink::Send(const FakeRequest& request) {
  json body = json::parse(request.body, nullptr, false);
  SendAttempt attempt;
  attempt.at = request.at;
  bool well_formed = body.is_object() && body.contains("to") && body["to"].is_string() &&
                     body.contains("text") && body["text"].is_string() &&
                     (!body.contains("key") || body["key"].is_string());
  if (well_formed) {
    attempt.to = body["to"].get<std::string>();
    attempt.text = body["text"].get<std::string>();
    attempt.key = body.value("key", "");
    size_t chars = Utf8Chars(attempt.text);
    well_formed =
        IsDigits(attempt.to, 8, 15) && chars >= 1 && chars <= 4096 && attempt.key.size() <= 100;
  }
  std::lock_guard lock(mutex_);
  auto answer = [&](FakeReply reply) {
    attempt.status = reply.status;
    attempts_.push_back(attempt);
    return reply;
  };
  if (!well_formed) return answer(ErrorReply(400, "bad_request", "to, text or key is malformed"));
  if (!attempt.key.empty()) {
    if (auto earlier = sent_keys_.find(attempt.key); earlier != sent_keys_.end()) {
      attempt.duplicate = true;
      return answer(JsonReply(200, {{"id", earlier->second}, {"duplicate", true}}));
    }
  }
  if (state_ != "connected") {
    return answer(ErrorReply(409, "not_linked", "no WhatsApp account is linked"));
  }
  if (failures_left_ > 0) {
    --failures_left_;
    if (failure_status_ == 429) {
      json limited = {{"error", "rate_limited"},
                      {"message", "WhatsApp refused: too many messages"},
                      {"retry_after", 1}};
      return answer(JsonReply(429, limited));
    }
    return answer(ErrorReply(failure_status_, "send_failed", "the socket failed"));
  }
  if (not_on_whatsapp_.count(attempt.to) > 0) {
    return answer(ErrorReply(422, "not_on_whatsapp", "the number has no WhatsApp account"));
  }
  std::string id = "3EB0FAKE" + std::to_string(++sequence_);
  if (!attempt.key.empty()) sent_keys_[attempt.key] = id;
  return answer(JsonReply(200, {{"id", id}, {"duplicate", false}}));
}

FakeReply FakeWaLink::Control(const FakeRequest& request) {
  if (request.method == "POST" && request.path == "/__fake/state") {
    json body = json::parse(request.body, nullptr, false);
    if (!body.is_object()) return ErrorReply(400, "bad_request", "a JSON object is expected");
    for (const char* key : {"state", "number", "name", "reason", "qr"}) {
      if (body.contains(key) && !body[key].is_string()) {
        return ErrorReply(400, "bad_request", std::string(key) + " must be a string");
      }
    }
    if (body.contains("state") && !IsState(body["state"].get<std::string>())) {
      return ErrorReply(400, "bad_request", "unknown state");
    }
    std::lock_guard lock(mutex_);
    if (body.contains("number")) number_ = body["number"].get<std::string>();
    if (body.contains("name")) name_ = body["name"].get<std::string>();
    if (body.contains("reason")) reason_ = body["reason"].get<std::string>();
    if (body.contains("qr")) qr_ = body["qr"].get<std::string>();
    if (body.contains("state")) SetStateLocked(body["state"].get<std::string>());
    return StatusReply();
  }
  if (request.method == "GET" && request.path == "/__fake/sent") {
    std::lock_guard lock(mutex_);
    json messages = json::array();
    for (const auto& attempt : attempts_) {
      if (attempt.status != 200 || attempt.duplicate) continue;
      messages.push_back({{"to", attempt.to}, {"text", attempt.text}, {"key", attempt.key}});
    }
    return JsonReply(
        200,
        {{"messages", messages}, {"link_calls", link_calls_}, {"unlink_calls", unlink_calls_}});
  }
  return ErrorReply(404, "not_found", "no such control route");
}

}  // namespace billing::testing
