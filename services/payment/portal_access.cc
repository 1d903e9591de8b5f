// PortalAccess (portal_access.h).
#include "portal_access.h"

#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "domain/customer_number.h"
#include "domain/phone.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "i18n/portal_messages.h"
#include "log/log.h"
#include "portal_rules.h"

namespace billing::payment {
namespace {

constexpr size_t kLinkTokenBytes = 24;  // 192 bits, 32 base64url characters
constexpr size_t kLinkTokenLength = 32;
constexpr size_t kSessionTokenBytes = 32;  // 256 bits, 43 base64url characters
constexpr size_t kSessionTokenLength = 43;
constexpr size_t kNonceBytes = 16;
constexpr size_t kMinLinkKeyBytes = 32;

std::string Hex(const std::string& bytes) {
  constexpr const char* kDigits = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xf]);
  }
  return hex;
}

int Seconds(std::chrono::seconds duration) { return static_cast<int>(duration.count()); }

errors::Error WrongCode() {
  return errors::InvalidArgument(i18n::kPortalWrongCode, {{"code", i18n::kPortalWrongCode}});
}

rpc::Caller System() {
  rpc::Caller caller;
  caller.service = "payment";
  caller.username = i18n::kSystemActor;
  return caller;
}

}  // namespace

std::string OpenSslRandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    throw errors::Internal("RAND_bytes failed");
  }
  return bytes;
}

PortalAccess::PortalAccess(PortalStore& store, PortalCustomers& customers, PortalBilling& billing,
                           PortalCodeSender& sender, const domain::Clock& clock,
                           PortalAccessOptions options, RandomBytes random)
    : store_(store),
      customers_(customers),
      billing_(billing),
      sender_(sender),
      clock_(clock),
      options_(std::move(options)),
      random_(random ? std::move(random) : OpenSslRandomBytes) {
  if (options_.link_key.size() < kMinLinkKeyBytes) {
    throw std::invalid_argument("the portal link key needs at least 32 bytes");
  }
}

std::string PortalAccess::LinkToken(const std::string& nonce) const {
  return Base64UrlEncode(
      HmacSha256(options_.link_key, "portal-link:" + nonce).substr(0, kLinkTokenBytes));
}

std::string PortalAccess::CodeHash(int64_t customer_id, const std::string& code) const {
  return Hex(
      HmacSha256(options_.link_key, "portal-code:" + std::to_string(customer_id) + ":" + code));
}

std::string PortalAccess::LinkUrl(int64_t customer_id, int64_t bill_id) {
  if (customer_id <= 0) {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"customer_id", i18n::kInvalidId}});
  }
  const std::string public_url = billing_.Settings().payment().public_url();
  if (public_url.empty()) return "";
  auto link = store_.LinkOf(customer_id);
  if (link && Sha256Hex(LinkToken(link->nonce)) != link->token_hash) {
    // Made under another link key: it cannot be opened any more, so it gives way to a new one.
    store_.RevokeLink(customer_id, System());
    link.reset();
  }
  if (!link) {
    if (!customers_.Find(customer_id)) throw errors::NotFound(i18n::kPortalCustomerNotFound);
    PortalLinkRecord fresh;
    fresh.customer_id = customer_id;
    fresh.nonce = Hex(random_(kNonceBytes));
    fresh.token_hash = Sha256Hex(LinkToken(fresh.nonce));
    fresh.created_at = clock_.Now();
    link = store_.AddLink(fresh);
  }
  return PortalUrl(public_url, LinkToken(link->nonce), bill_id);
}

void PortalAccess::RevokeLink(int64_t customer_id, const rpc::Caller& staff) {
  if (customer_id <= 0) {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"customer_id", i18n::kInvalidId}});
  }
  store_.RevokeLink(customer_id, staff);
}

CodeAnswer PortalAccess::RequestCode(const std::string& customer_number, const std::string& phone,
                                     const std::string& client_address) {
  const auto& limits = options_.limits;
  auto number = domain::ParseCustomerNumber(customer_number);
  auto normalized = domain::NormalizePhone(phone);
  errors::FieldErrors fields;
  if (!number) fields.emplace("customer_number", i18n::kPortalInvalidCustomerNumber);
  if (!normalized) fields.emplace("phone", i18n::kPortalInvalidPhone);
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  Throttle("code_address:" + client_address, limits.codes_per_address);
  Throttle("code_number:" + std::to_string(*number), limits.codes_per_number);

  // The same work whether or not the pair belongs together: a code is drawn and stored either
  // way (one that is not deliverable is never accepted); only the sending differs.
  std::string code = DrawCode([this] {
    std::string bytes = random_(4);
    uint32_t word = 0;
    std::memcpy(&word, bytes.data(), sizeof word);
    return word;
  });
  auto customer = customers_.Find(*number);
  const bool deliverable = customer && customer->phone == *normalized;
  const auto now = clock_.Now();
  PortalCode stored;
  stored.customer_id = *number;
  stored.phone = *normalized;
  stored.code_hash = CodeHash(*number, code);
  stored.deliverable = deliverable;
  stored.created_at = now;
  stored.expires_at = now + limits.code_lifetime;
  store_.PutCode(stored);
  if (deliverable) {
    try {
      sender_.Send(*number, *normalized, code, Seconds(limits.code_lifetime) / 60);
    } catch (const errors::Error& error) {
      // The answer stays the same; the customer asks again.
      log::Warn("portal code not sent", {{"customer_id", *number}, {"error", error.message()}});
    }
  }
  return {Seconds(limits.resend_after), Seconds(limits.code_lifetime)};
}

IssuedSession PortalAccess::VerifyCode(const std::string& customer_number, const std::string& phone,
                                       const std::string& code, const std::string& client_address) {
  auto number = domain::ParseCustomerNumber(customer_number);
  auto normalized = domain::NormalizePhone(phone);
  errors::FieldErrors fields;
  if (!number) fields.emplace("customer_number", i18n::kPortalInvalidCustomerNumber);
  if (!normalized) fields.emplace("phone", i18n::kPortalInvalidPhone);
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  if (!IsCodeShaped(code)) throw WrongCode();
  Throttle("verify_address:" + client_address, options_.limits.verifies_per_address);

  const std::string hash = CodeHash(*number, code);
  const auto now = clock_.Now();
  CodeVerdict verdict = CodeVerdict::kWrong;
  auto found = store_.EditCode(*number, *normalized, [&](PortalCode& stored) {
    verdict = JudgeCode(stored, hash, now, options_.limits.tries_per_code);
    return verdict != CodeVerdict::kExpired;
  });
  if (!found) throw WrongCode();
  switch (verdict) {
    case CodeVerdict::kAccepted:
      return NewSession(*number);
    case CodeVerdict::kExpired:
      throw errors::FailedPrecondition(i18n::kPortalCodeExpired);
    case CodeVerdict::kVoided:
      throw errors::Error(errors::Code::kResourceExhausted, i18n::kPortalCodeVoided)
          .WithRetryAfter(Seconds(options_.limits.resend_after));
    case CodeVerdict::kWrong:
      break;
  }
  throw WrongCode();
}

IssuedSession PortalAccess::OpenLink(const std::string& token, const std::string& client_address) {
  Throttle("link_address:" + client_address, options_.limits.links_per_address);
  if (!IsTokenShaped(token, kLinkTokenLength)) throw errors::NotFound(i18n::kPortalLinkNotFound);
  auto customer_id = store_.CustomerOfLink(Sha256Hex(token));
  if (!customer_id || !customers_.Find(*customer_id)) {
    throw errors::NotFound(i18n::kPortalLinkNotFound);
  }
  return NewSession(*customer_id);
}

void PortalAccess::Logout(const std::string& session) {
  if (IsTokenShaped(session, kSessionTokenLength)) store_.DeleteSession(Sha256Hex(session));
}

PortalVisitor PortalAccess::Resolve(const std::string& session) {
  if (!IsTokenShaped(session, kSessionTokenLength)) {
    throw errors::Unauthenticated(i18n::kPortalSessionInvalid);
  }
  const std::string hash = Sha256Hex(session);
  auto stored = store_.Session(hash);
  if (!stored || clock_.Now() >= stored->expires_at) {
    throw errors::Unauthenticated(i18n::kPortalSessionInvalid);
  }
  return {stored->customer_id, hash};
}

void PortalAccess::Throttle(const std::string& key, int limit) {
  const auto now = clock_.Now();
  auto hit = store_.Hit(key, now, options_.limits.window);
  if (auto retry_after = RetryAfter(hit, limit, options_.limits.window, now)) {
    throw errors::Error(errors::Code::kResourceExhausted, i18n::kPortalTooManyRequests)
        .WithRetryAfter(*retry_after);
  }
}

void PortalAccess::Prune() {
  const auto now = clock_.Now();
  store_.Prune(now, now - std::chrono::hours(24), now - options_.limits.window);
}

IssuedSession PortalAccess::NewSession(int64_t customer_id) {
  const auto now = clock_.Now();
  IssuedSession issued{Base64UrlEncode(random_(kSessionTokenBytes)),
                       now + options_.limits.session_lifetime};
  PortalSessionRecord record;
  record.token_hash = Sha256Hex(issued.token);
  record.customer_id = customer_id;
  record.created_at = now;
  record.expires_at = issued.expires_at;
  store_.AddSession(record);
  return issued;
}

}  // namespace billing::payment
