// Failure classification and text helpers shared by every provider.
#include "providers/provider.h"

namespace billing::messaging {

std::string ClipReason(const std::string& text) {
  constexpr size_t kMaxBytes = 300;
  std::string out;
  for (unsigned char c : text.substr(0, kMaxBytes))
    out.push_back(c < 0x20 ? ' ' : static_cast<char>(c));
  // Drop a partial UTF-8 sequence at the cut.
  size_t end = out.size();
  if (text.size() > kMaxBytes) {
    while (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0xC0) == 0x80) --end;
    if (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0x80) != 0) --end;
  }
  out.resize(end);
  return out;
}

SendResult ClassifyFailure(const HttpResult& result, const std::string& reason) {
  SendResult out;
  bool transient =
      result.status == 0 || result.status == 408 || result.status == 429 || result.status >= 500;
  out.outcome = transient ? SendResult::Outcome::kRetry : SendResult::Outcome::kPermanent;
  std::string prefix =
      result.status == 0 ? result.transport_error : "HTTP " + std::to_string(result.status);
  out.reason = ClipReason(reason.empty() ? prefix : prefix + ": " + reason);
  return out;
}

}  // namespace billing::messaging
