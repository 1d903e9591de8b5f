// The portal's decisions (portal_rules.h).
#include "portal_rules.h"

#include <algorithm>
#include <array>

#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "domain/clock.h"

namespace billing::payment {
namespace {

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool ById(const bills::v1::Transaction& a, const bills::v1::Transaction& b) {
  return a.id() < b.id();
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t word = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(kBase64UrlAlphabet[word >> shift & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t word = at(i) << 16;
    out.push_back(kBase64UrlAlphabet[word >> 18 & 63]);
    out.push_back(kBase64UrlAlphabet[word >> 12 & 63]);
  } else if (rest == 2) {
    uint32_t word = at(i) << 16 | at(i + 1) << 8;
    out.push_back(kBase64UrlAlphabet[word >> 18 & 63]);
    out.push_back(kBase64UrlAlphabet[word >> 12 & 63]);
    out.push_back(kBase64UrlAlphabet[word >> 6 & 63]);
  }
  return out;
}

bool IsTokenShaped(std::string_view token, size_t length) {
  if (token.size() != length) return false;
  return std::all_of(token.begin(), token.end(),
                     [](char c) { return kBase64UrlAlphabet.find(c) != std::string_view::npos; });
}

std::string Sha256Hex(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  constexpr const char* kDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xf]);
  }
  return hex;
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &length);
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

bool IsCodeShaped(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

CodeVerdict JudgeCode(PortalCode& code, const std::string& code_hash, PortalTime now,
                      int max_tries) {
  if (code.voided) return CodeVerdict::kVoided;
  const bool right = code.deliverable && code.code_hash == code_hash;
  if (!right) {
    ++code.tries;
    if (code.tries >= max_tries) {
      code.voided = true;
      return CodeVerdict::kVoided;
    }
    return CodeVerdict::kWrong;
  }
  if (code.used_at || now >= code.expires_at) return CodeVerdict::kExpired;
  code.used_at = now;
  return CodeVerdict::kAccepted;
}

std::optional<int> RetryAfter(const RateHit& hit, int limit, std::chrono::seconds window,
                              PortalTime now) {
  if (hit.hits <= limit) return std::nullopt;
  auto left = std::chrono::ceil<std::chrono::seconds>(hit.window_start + window - now);
  return static_cast<int>(std::max<int64_t>(1, left.count()));
}

std::string IsolationReason(const std::string& status,
                            const std::vector<bills::v1::Transaction>& unpaid,
                            const std::string& today) {
  if (status != "isolated") return "";
  for (const auto& bill : unpaid) {
    if (bill.status() == "unpaid" && !bill.due_date().empty() && bill.due_date() < today) {
      return "unpaid";
    }
  }
  return "other";
}

std::vector<bills::v1::Transaction> OldestDueFirst(std::vector<bills::v1::Transaction> unpaid) {
  std::sort(unpaid.begin(), unpaid.end(), [](const auto& a, const auto& b) {
    if (a.due_date() != b.due_date()) return a.due_date() < b.due_date();
    return ById(a, b);
  });
  return unpaid;
}

std::vector<bills::v1::Transaction> PaidInLastYear(std::vector<bills::v1::Transaction> paid,
                                                   PortalTime now) {
  using namespace std::chrono;
  auto day = floor<days>(now);
  year_month_day date(day);
  year_month_day year_ago = date.year() / date.month() / date.day() - years(1);
  if (!year_ago.ok()) year_ago = year_ago.year() / year_ago.month() / last;  // 29 February
  const std::string cut = domain::FormatRfc3339(sys_days(year_ago) + (now - day));
  // RFC 3339 UTC texts of one shape compare as their instants do.
  std::erase_if(paid,
                [&](const auto& bill) { return bill.paid_at().empty() || bill.paid_at() < cut; });
  std::sort(paid.begin(), paid.end(), [](const auto& a, const auto& b) {
    if (a.paid_at() != b.paid_at()) return a.paid_at() > b.paid_at();
    return ById(b, a);
  });
  return paid;
}

std::string PortalPaymentStatusName(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::kPaid:
      return "paid";
    case PaymentStatus::kExpired:
      return "expired";
    case PaymentStatus::kFailed:
    case PaymentStatus::kRefunded:
      return "failed";
    case PaymentStatus::kPending:
      break;
  }
  return "pending";
}

std::string PortalUrl(std::string_view public_url, std::string_view token, int64_t bill_id) {
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  if (public_url.empty()) return "";
  std::string url = std::string(public_url) + "/portal/t/" + std::string(token);
  if (bill_id > 0) url += "?bill=" + std::to_string(bill_id);
  return url;
}

}  // namespace billing::payment
