// TRUSTED_PROXIES: which TCP peers may tell us the client's address (X-Forwarded-For) and
// scheme (X-Forwarded-Proto), and how the client address is picked from the header.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace billing::gateway {

class TrustedProxies final {
 public:
  TrustedProxies() = default;  // trusts nobody

  // "10.0.0.0/8, 127.0.0.1, ::1, fd00::/8": comma-separated addresses or CIDRs, IPv4 and IPv6
  // (an IPv4 entry also matches its IPv4-mapped IPv6 form). Throws std::invalid_argument
  // naming the bad entry.
  static TrustedProxies Parse(std::string_view list);

  bool empty() const { return ranges_.empty(); }
  bool Contains(std::string_view address) const;

  // The client's address: the TCP peer itself unless the peer is trusted; then the right-most
  // address of X-Forwarded-For (all its occurrences, joined by commas) that is not a trusted
  // proxy. A malformed entry stops the walk there (it is taken as the client when it is the
  // right-most untrusted one, clipped to 64 characters).
  std::string ClientAddress(const std::string& peer, const std::string& forwarded_for) const;

  // True when the request came over HTTPS: the peer is trusted and the right-most
  // X-Forwarded-Proto value is "https".
  bool IsHttps(const std::string& peer, const std::string& forwarded_proto) const;

 private:
  struct Range {
    std::array<uint8_t, 16> bytes{};  // IPv4 stored as IPv4-mapped IPv6
    int prefix = 128;
  };
  std::vector<Range> ranges_;
};

// 16 bytes of an IPv4 (as IPv4-mapped IPv6) or IPv6 address; nullopt when not an address.
std::optional<std::array<uint8_t, 16>> ParseIp(std::string_view text);

// True for 127.0.0.0/8 and ::1 (and their mapped forms).
bool IsLoopback(std::string_view address);

}  // namespace billing::gateway
