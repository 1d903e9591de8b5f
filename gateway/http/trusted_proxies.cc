// Address parsing with inet_pton; every address is compared as 16 bytes (IPv4 mapped).
#include "http/trusted_proxies.h"

#include <arpa/inet.h>
#include <cctype>
#include <stdexcept>

namespace billing::gateway {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitCommas(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    parts.push_back(Trim(text.substr(start, end - start)));
    start = end + 1;
  }
  return parts;
}

bool InRange(const std::array<uint8_t, 16>& address, const std::array<uint8_t, 16>& network,
             int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    int mask = 0x80 >> (bit % 8);
    if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
  }
  return true;
}

// "[::1]" and "[::1]:443" as some proxies write them; "1.2.3.4:5678" too.
std::string_view StripPortAndBrackets(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close != std::string_view::npos) return text.substr(1, close - 1);
  }
  size_t colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos &&
      text.find('.') != std::string_view::npos) {
    return text.substr(0, colon);
  }
  return text;
}

}  // namespace

std::optional<std::array<uint8_t, 16>> ParseIp(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string copy(text);
  std::array<uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    const auto* raw = reinterpret_cast<const uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) bytes[12 + i] = raw[i];
    return bytes;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
    for (int i = 0; i < 16; ++i) bytes[i] = v6.s6_addr[i];
    return bytes;
  }
  return std::nullopt;
}

bool IsLoopback(std::string_view address) {
  auto bytes = ParseIp(StripPortAndBrackets(Trim(address)));
  if (!bytes) return false;
  static const std::array<uint8_t, 16> kMapped127 = {0, 0, 0,    0,    0,   0, 0, 0,
                                                     0, 0, 0xff, 0xff, 127, 0, 0, 0};
  static const std::array<uint8_t, 16> kIpv6Loopback = {0, 0, 0, 0, 0, 0, 0, 0,
                                                        0, 0, 0, 0, 0, 0, 0, 1};
  return InRange(*bytes, kMapped127, 104) || *bytes == kIpv6Loopback;
}

TrustedProxies TrustedProxies::Parse(std::string_view list) {
  TrustedProxies proxies;
  for (std::string_view entry : SplitCommas(list)) {
    if (entry.empty()) continue;
    std::string_view address = entry;
    int prefix = -1;
    size_t slash = entry.find('/');
    if (slash != std::string_view::npos) {
      address = entry.substr(0, slash);
      std::string_view digits = entry.substr(slash + 1);
      if (digits.empty() || digits.size() > 3 ||
          digits.find_first_not_of("0123456789") != std::string_view::npos) {
        throw std::invalid_argument("TRUSTED_PROXIES: bad prefix in '" + std::string(entry) + "'");
      }
      prefix = std::stoi(std::string(digits));
    }
    auto bytes = ParseIp(address);
    if (!bytes) {
      throw std::invalid_argument("TRUSTED_PROXIES: not an address: '" + std::string(entry) + "'");
    }
    bool v4 = address.find(':') == std::string_view::npos;
    int max_prefix = v4 ? 32 : 128;
    if (prefix < 0) prefix = max_prefix;
    if (prefix > max_prefix) {
      throw std::invalid_argument("TRUSTED_PROXIES: prefix too long in '" + std::string(entry) +
                                  "'");
    }
    proxies.ranges_.push_back({*bytes, v4 ? prefix + 96 : prefix});
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (ranges_.empty()) return false;
  auto bytes = ParseIp(StripPortAndBrackets(Trim(address)));
  if (!bytes) return false;
  for (const auto& range : ranges_) {
    if (InRange(*bytes, range.bytes, range.prefix)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(const std::string& peer,
                                          const std::string& forwarded_for) const {
  if (forwarded_for.empty() || !Contains(peer)) return peer;
  std::vector<std::string_view> hops = SplitCommas(forwarded_for);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string_view hop = StripPortAndBrackets(*it);
    if (hop.empty()) continue;
    if (!ParseIp(hop)) return std::string(hop.substr(0, 64));
    if (!Contains(hop)) return std::string(hop);
  }
  return peer;  // every hop is a trusted proxy: the request started at one of them
}

bool TrustedProxies::IsHttps(const std::string& peer, const std::string& forwarded_proto) const {
  if (forwarded_proto.empty() || !Contains(peer)) return false;
  std::vector<std::string_view> values = SplitCommas(forwarded_proto);
  std::string last(values.back());
  for (char& c : last) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return last == "https";
}

}  // namespace billing::gateway
