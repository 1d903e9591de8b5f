// RADIUS packets (RFC 2865/2866/5176): encoding, decoding and the authenticators that Dynamic
// Authorization (Disconnect-Request and its ACK/NAK) needs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace billing::network::radius {

enum class Code : uint8_t {
  kAccessRequest = 1,
  kAccessAccept = 2,
  kAccessReject = 3,
  kAccountingRequest = 4,
  kAccountingResponse = 5,
  kDisconnectRequest = 40,
  kDisconnectAck = 41,
  kDisconnectNak = 42,
  kCoaRequest = 43,
  kCoaAck = 44,
  kCoaNak = 45,
};

// Attribute types we use (RFC 2865, 2866, 3579, 5176).
namespace attribute {
inline constexpr uint8_t kUserName = 1;
inline constexpr uint8_t kNasIpAddress = 4;
inline constexpr uint8_t kAcctSessionId = 44;
inline constexpr uint8_t kEventTimestamp = 55;
inline constexpr uint8_t kMessageAuthenticator = 80;
inline constexpr uint8_t kErrorCause = 101;
}  // namespace attribute

// Error-Cause values (RFC 5176 §3.6) the driver looks at.
namespace error_cause {
inline constexpr uint32_t kResidualSessionContextRemoved = 201;
inline constexpr uint32_t kSessionContextNotFound = 503;
}  // namespace error_cause

inline constexpr size_t kHeaderSize = 20;
inline constexpr size_t kMaxPacketSize = 4096;
inline constexpr size_t kMaxAttributeValue = 253;

using Authenticator = std::array<uint8_t, 16>;

struct Attribute {
  uint8_t type = 0;
  std::string value;  // raw octets

  static Attribute Text(uint8_t type, std::string_view text);
  static Attribute Integer(uint8_t type, uint32_t value);
  // Dotted IPv4 ("192.0.2.1"); throws PacketError when it is not one.
  static Attribute Ipv4(uint8_t type, std::string_view dotted);
};

struct Packet {
  Code code = Code::kAccessRequest;
  uint8_t identifier = 0;
  Authenticator authenticator{};
  std::vector<Attribute> attributes;

  // The first attribute of `type`, if any.
  const Attribute* Find(uint8_t type) const;
  std::optional<std::string> Text(uint8_t type) const;
  // A 4-octet integer attribute; nullopt when absent or not 4 octets long.
  std::optional<uint32_t> Integer(uint8_t type) const;
};

// A malformed packet or attribute.
class PacketError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the wire format. Checks the header, the length field against the datagram (octets
// beyond it are padding and ignored, per RFC 2865 §3), and every attribute's length. Does not
// check any authenticator. Throws PacketError.
Packet Decode(std::string_view datagram);

// Wire format of `packet` as it stands (authenticator field copied as is). Throws PacketError
// when an attribute value is longer than 253 octets or the packet exceeds 4096 octets.
std::string Encode(const Packet& packet);

// Builds a request whose Request Authenticator is MD5(code+id+length+16 zero octets+
// attributes+secret) (RFC 2866 §3, RFC 5176 §3.5): Accounting-Request, Disconnect-Request,
// CoA-Request. With `message_authenticator`, a Message-Authenticator attribute is appended
// first (HMAC-MD5 over the packet with the authenticator field zeroed, RFC 5176 §3.5).
// Sets packet.authenticator and returns the datagram.
std::string EncodeRequest(Packet& packet, std::string_view secret,
                          bool message_authenticator = false);

// Builds a response (ACK/NAK, Accounting-Response): Response Authenticator = MD5(code+id+
// length+request authenticator+attributes+secret). With `message_authenticator`, a
// Message-Authenticator computed over the packet carrying the request authenticator is added.
std::string EncodeResponse(Packet& packet, const Authenticator& request_authenticator,
                           std::string_view secret, bool message_authenticator = false);

// True when the datagram's Request Authenticator is the RFC 2866 one for `secret`, and its
// Message-Authenticator (if present) is right too.
bool VerifyRequest(std::string_view datagram, std::string_view secret);

// True when the datagram's Response Authenticator matches the request's authenticator and
// `secret`, and its Message-Authenticator (if present) is right too.
bool VerifyResponse(std::string_view datagram, const Authenticator& request_authenticator,
                    std::string_view secret);

// "Disconnect-ACK", "Disconnect-NAK", ... ("Code-N" for others), for messages.
std::string CodeName(Code code);

}  // namespace billing::network::radius
