// Shared provider plumbing; see provider_call.h.
#include "providers/provider_call.h"

#include <cstdio>
#include <ctime>

#include "errors/error.h"
#include "http/url_encoding.h"

namespace billing::payment {
namespace {

constexpr size_t kMaxDetail = 200;
constexpr int64_t kMaxRupiah = 999'999'999'999'999;  // 15 digits: sums of amounts cannot overflow

std::string Clip(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, kMaxDetail)) {
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  return out;
}

std::optional<int64_t> ParseDecimal(const std::string& text) {
  size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  if (whole.empty() || whole.size() > 15) return std::nullopt;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (dot != std::string::npos) {
    std::string fraction = text.substr(dot + 1);
    if (fraction.empty()) return std::nullopt;
    for (char c : fraction) {
      if (c != '0') return std::nullopt;  // a fraction of a Rupiah is not ours to round
    }
  }
  return std::stoll(whole);
}

}  // namespace

JsonAnswer CallJson(http::HttpTransport& transport, const http::HttpRequest& request,
                    std::string_view provider) {
  const std::string name(provider);
  http::HttpResult result = transport.Perform(request);
  if (result.status == 0) {
    throw errors::Unavailable(name + " is unreachable: " + Clip(result.transport_error));
  }
  if (result.truncated) {
    throw errors::Unavailable(name + " answered more than the allowed size");
  }
  if (result.status >= 500) {
    throw errors::Unavailable(name + " answered HTTP " + std::to_string(result.status));
  }
  JsonAnswer answer;
  answer.status = result.status;
  answer.body = nlohmann::json::parse(result.body, nullptr, false);
  if (!answer.body.is_object()) {
    throw errors::Unavailable(name + " answered HTTP " + std::to_string(result.status) +
                              " with a body that is not a JSON object");
  }
  return answer;
}

void ThrowRefused(std::string_view provider, int status, const std::string& detail) {
  throw errors::FailedPrecondition(std::string(provider) + " refused the request (HTTP " +
                                   std::to_string(status) + "): " + Clip(detail));
}

std::optional<int64_t> ParseRupiah(const nlohmann::json& value) {
  if (value.is_number_unsigned() || value.is_number_integer()) {
    int64_t amount = value.get<int64_t>();
    if (amount < 0 || amount > kMaxRupiah) return std::nullopt;
    return amount;
  }
  if (value.is_number_float()) {
    double amount = value.get<double>();
    if (amount < 0 || amount > static_cast<double>(kMaxRupiah) ||
        amount != static_cast<double>(static_cast<int64_t>(amount))) {
      return std::nullopt;
    }
    return static_cast<int64_t>(amount);
  }
  if (value.is_string()) return ParseDecimal(value.get<std::string>());
  return std::nullopt;
}

std::optional<PaymentState> CompleteState(PaymentState state, std::optional<PaymentStatus> status,
                                          const nlohmann::json& object, const char* amount_key,
                                          std::string* problem) {
  auto amount = object.contains(amount_key) ? ParseRupiah(object[amount_key]) : std::nullopt;
  if (state.provider_reference.empty() || state.merchant_ref.empty()) {
    *problem = "the provider's or our reference is missing";
  } else if (!status) {
    *problem = "unknown status";
  } else if (!amount) {
    *problem = std::string(amount_key) + " is not a whole Rupiah amount";
  } else {
    state.status = *status;
    state.amount = *amount;
    if (state.status != PaymentStatus::kPaid) state.paid_at.reset();
    return state;
  }
  return std::nullopt;
}

PaymentState RequireState(std::optional<PaymentState> state, const std::string& problem,
                          std::string_view what) {
  if (!state) throw errors::Unavailable(std::string(what) + " is unusable: " + problem);
  return *state;
}

int64_t CustomerFee(FeeMode mode, int64_t fee) {
  return mode == FeeMode::kPaidByCustomer && fee > 0 ? fee : 0;
}

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::optional<TimePoint> ParseTimestamp(const std::string& text, int offset_minutes) {
  std::tm tm{};
  char separator = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &separator, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 7 ||
      (separator != 'T' && separator != ' ')) {
    return std::nullopt;
  }
  std::string rest = text.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {  // fractional seconds are dropped
    size_t end = rest.find_first_not_of("0123456789", 1);
    rest = end == std::string::npos ? "" : rest.substr(end);
  }
  if (rest == "Z") {
    offset_minutes = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int hours = 0;
    int minutes = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
    offset_minutes = (rest[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  time_t seconds = timegm(&tm);
  if (seconds == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds) - std::chrono::minutes(offset_minutes);
}

std::string FormatWib(TimePoint time) {
  time_t seconds = std::chrono::system_clock::to_time_t(time + std::chrono::hours(7));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S +0700", &tm);
  return text;
}

std::optional<TimePoint> FromUnixSeconds(const nlohmann::json& value) {
  if (!value.is_number_integer() && !value.is_number_unsigned()) return std::nullopt;
  int64_t seconds = value.get<int64_t>();
  if (seconds <= 0) return std::nullopt;
  return TimePoint(std::chrono::seconds(seconds));
}

int64_t ToUnixSeconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

std::string ChooseBaseUrl(const std::string& override_url, ProviderMode mode,
                          std::string_view sandbox_url, std::string_view production_url) {
  if (!override_url.empty()) return http::TrimSlashes(override_url);
  return std::string(mode == ProviderMode::kSandbox ? sandbox_url : production_url);
}

std::string_view StatusName(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::kPending:
      return "pending";
    case PaymentStatus::kPaid:
      return "paid";
    case PaymentStatus::kExpired:
      return "expired";
    case PaymentStatus::kFailed:
      return "failed";
    case PaymentStatus::kRefunded:
      return "refunded";
  }
  return "pending";
}

}  // namespace billing::payment
