// RADIUS wire format and authenticators (MD5 / HMAC-MD5 through OpenSSL's EVP interface).
#include "radius/radius_packet.h"

#include <arpa/inet.h>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace billing::network::radius {
namespace {

constexpr size_t kAuthenticatorOffset = 4;

size_t LengthField(std::string_view datagram) {
  return (static_cast<size_t>(static_cast<uint8_t>(datagram[2])) << 8) |
         static_cast<uint8_t>(datagram[3]);
}

Authenticator Md5(std::string_view data) {
  Authenticator digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_md5(), nullptr) != 1 ||
      size != digest.size()) {
    throw std::runtime_error("MD5 is not available from OpenSSL");
  }
  return digest;
}

Authenticator HmacMd5(std::string_view key, std::string_view data) {
  Authenticator digest{};
  unsigned int size = 0;
  if (HMAC(EVP_md5(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(),
           &size) == nullptr ||
      size != digest.size()) {
    throw std::runtime_error("HMAC-MD5 is not available from OpenSSL");
  }
  return digest;
}

bool SameDigest(const Authenticator& digest, std::string_view octets) {
  return octets.size() == digest.size() &&
         CRYPTO_memcmp(digest.data(), octets.data(), digest.size()) == 0;
}

void WriteAuthenticator(std::string& datagram, const Authenticator& value) {
  std::memcpy(datagram.data() + kAuthenticatorOffset, value.data(), value.size());
}

// Offset of the Message-Authenticator's value in a well-formed datagram, if it has one.
std::optional<size_t> MessageAuthenticatorOffset(std::string_view datagram) {
  size_t offset = kHeaderSize;
  while (offset + 2 <= datagram.size()) {
    const auto type = static_cast<uint8_t>(datagram[offset]);
    const auto length = static_cast<uint8_t>(datagram[offset + 1]);
    if (length < 2) return std::nullopt;
    if (type == attribute::kMessageAuthenticator && length == 18) return offset + 2;
    offset += length;
  }
  return std::nullopt;
}

// HMAC-MD5 over `datagram` with its Message-Authenticator value zeroed and its authenticator
// field replaced by `authenticator`.
Authenticator MessageAuthenticator(std::string datagram, size_t value_offset,
                                   const Authenticator& authenticator, std::string_view secret) {
  std::memset(datagram.data() + value_offset, 0, 16);
  WriteAuthenticator(datagram, authenticator);
  return HmacMd5(secret, datagram);
}

// Adds a zeroed Message-Authenticator to `packet` and returns its encoding.
std::string EncodeWithMessageAuthenticator(Packet& packet, bool message_authenticator) {
  if (message_authenticator && packet.Find(attribute::kMessageAuthenticator) == nullptr) {
    packet.attributes.push_back({attribute::kMessageAuthenticator, std::string(16, '\0')});
  }
  return Encode(packet);
}

// Fills the Message-Authenticator of an encoded packet, computed with `authenticator` in the
// authenticator field, and stores the value in `packet` too.
void SignMessageAuthenticator(Packet& packet, std::string& datagram,
                              const Authenticator& authenticator, std::string_view secret) {
  const auto offset = MessageAuthenticatorOffset(datagram);
  if (!offset) return;
  const Authenticator mac = MessageAuthenticator(datagram, *offset, authenticator, secret);
  std::memcpy(datagram.data() + *offset, mac.data(), mac.size());
  for (auto& attribute : packet.attributes) {
    if (attribute.type == attribute::kMessageAuthenticator) {
      attribute.value.assign(reinterpret_cast<const char*>(mac.data()), mac.size());
      break;
    }
  }
}

bool MessageAuthenticatorValid(std::string_view datagram, const Authenticator& authenticator,
                               std::string_view secret) {
  const auto offset = MessageAuthenticatorOffset(datagram);
  if (!offset) return true;  // optional
  const Authenticator mac =
      MessageAuthenticator(std::string(datagram), *offset, authenticator, secret);
  return SameDigest(mac, datagram.substr(*offset, 16));
}

// MD5(datagram with `authenticator` in its authenticator field + secret).
Authenticator PacketDigest(std::string_view datagram, const Authenticator& authenticator,
                           std::string_view secret) {
  std::string input(datagram);
  WriteAuthenticator(input, authenticator);
  input.append(secret);
  return Md5(input);
}

}  // namespace

Attribute Attribute::Text(uint8_t type, std::string_view text) { return {type, std::string(text)}; }

Attribute Attribute::Integer(uint8_t type, uint32_t value) {
  std::string octets(4, '\0');
  for (int i = 3; i >= 0; --i) {
    octets[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return {type, octets};
}

Attribute Attribute::Ipv4(uint8_t type, std::string_view dotted) {
  in_addr address{};
  if (inet_pton(AF_INET, std::string(dotted).c_str(), &address) != 1) {
    throw PacketError("not an IPv4 address: " + std::string(dotted));
  }
  return {type, std::string(reinterpret_cast<const char*>(&address), 4)};
}

const Attribute* Packet::Find(uint8_t type) const {
  for (const auto& attribute : attributes) {
    if (attribute.type == type) return &attribute;
  }
  return nullptr;
}

std::optional<std::string> Packet::Text(uint8_t type) const {
  const Attribute* attribute = Find(type);
  if (attribute == nullptr) return std::nullopt;
  return attribute->value;
}

std::optional<uint32_t> Packet::Integer(uint8_t type) const {
  const Attribute* attribute = Find(type);
  if (attribute == nullptr || attribute->value.size() != 4) return std::nullopt;
  uint32_t value = 0;
  for (const char octet : attribute->value) value = (value << 8) | static_cast<uint8_t>(octet);
  return value;
}

Packet Decode(std::string_view datagram) {
  if (datagram.size() < kHeaderSize) {
    throw PacketError("RADIUS packet shorter than its 20-octet header");
  }
  const size_t length = LengthField(datagram);
  if (length < kHeaderSize || length > kMaxPacketSize) {
    throw PacketError("RADIUS length field out of range: " + std::to_string(length));
  }
  if (length > datagram.size()) {
    throw PacketError("RADIUS packet truncated: length field " + std::to_string(length) +
                      ", received " + std::to_string(datagram.size()));
  }
  Packet packet;
  packet.code = static_cast<Code>(static_cast<uint8_t>(datagram[0]));
  packet.identifier = static_cast<uint8_t>(datagram[1]);
  std::memcpy(packet.authenticator.data(), datagram.data() + kAuthenticatorOffset, 16);
  size_t offset = kHeaderSize;
  while (offset < length) {
    if (offset + 2 > length) throw PacketError("RADIUS attribute header cut off");
    const auto type = static_cast<uint8_t>(datagram[offset]);
    const auto attribute_length = static_cast<uint8_t>(datagram[offset + 1]);
    if (attribute_length < 2 || offset + attribute_length > length) {
      throw PacketError("RADIUS attribute " + std::to_string(type) + " has a bad length " +
                        std::to_string(attribute_length));
    }
    packet.attributes.push_back(
        {type, std::string(datagram.substr(offset + 2, attribute_length - 2))});
    offset += attribute_length;
  }
  return packet;
}

std::string Encode(const Packet& packet) {
  std::string datagram(kHeaderSize, '\0');
  datagram[0] = static_cast<char>(packet.code);
  datagram[1] = static_cast<char>(packet.identifier);
  WriteAuthenticator(datagram, packet.authenticator);
  for (const auto& attribute : packet.attributes) {
    if (attribute.value.size() > kMaxAttributeValue) {
      throw PacketError("RADIUS attribute " + std::to_string(attribute.type) +
                        " longer than 253 octets");
    }
    datagram.push_back(static_cast<char>(attribute.type));
    datagram.push_back(static_cast<char>(attribute.value.size() + 2));
    datagram.append(attribute.value);
  }
  if (datagram.size() > kMaxPacketSize) throw PacketError("RADIUS packet over 4096 octets");
  datagram[2] = static_cast<char>(datagram.size() >> 8);
  datagram[3] = static_cast<char>(datagram.size() & 0xff);
  return datagram;
}

std::string EncodeRequest(Packet& packet, std::string_view secret, bool message_authenticator) {
  const Authenticator zero{};
  packet.authenticator = zero;
  std::string datagram = EncodeWithMessageAuthenticator(packet, message_authenticator);
  SignMessageAuthenticator(packet, datagram, zero, secret);
  packet.authenticator = PacketDigest(datagram, zero, secret);
  WriteAuthenticator(datagram, packet.authenticator);
  return datagram;
}

std::string EncodeResponse(Packet& packet, const Authenticator& request_authenticator,
                           std::string_view secret, bool message_authenticator) {
  std::string datagram = EncodeWithMessageAuthenticator(packet, message_authenticator);
  SignMessageAuthenticator(packet, datagram, request_authenticator, secret);
  packet.authenticator = PacketDigest(datagram, request_authenticator, secret);
  WriteAuthenticator(datagram, packet.authenticator);
  return datagram;
}

bool VerifyRequest(std::string_view datagram, std::string_view secret) {
  try {
    Decode(datagram);
  } catch (const PacketError&) {
    return false;
  }
  const std::string_view exact = datagram.substr(0, LengthField(datagram));
  const Authenticator zero{};
  return SameDigest(PacketDigest(exact, zero, secret), exact.substr(kAuthenticatorOffset, 16)) &&
         MessageAuthenticatorValid(exact, zero, secret);
}

bool VerifyResponse(std::string_view datagram, const Authenticator& request_authenticator,
                    std::string_view secret) {
  try {
    Decode(datagram);
  } catch (const PacketError&) {
    return false;
  }
  const std::string_view exact = datagram.substr(0, LengthField(datagram));
  return SameDigest(PacketDigest(exact, request_authenticator, secret),
                    exact.substr(kAuthenticatorOffset, 16)) &&
         MessageAuthenticatorValid(exact, request_authenticator, secret);
}

std::string CodeName(Code code) {
  switch (code) {
    case Code::kAccessRequest:
      return "Access-Request";
    case Code::kAccessAccept:
      return "Access-Accept";
    case Code::kAccessReject:
      return "Access-Reject";
    case Code::kAccountingRequest:
      return "Accounting-Request";
    case Code::kAccountingResponse:
      return "Accounting-Response";
    case Code::kDisconnectRequest:
      return "Disconnect-Request";
    case Code::kDisconnectAck:
      return "Disconnect-ACK";
    case Code::kDisconnectNak:
      return "Disconnect-NAK";
    case Code::kCoaRequest:
      return "CoA-Request";
    case Code::kCoaAck:
      return "CoA-ACK";
    case Code::kCoaNak:
      return "CoA-NAK";
  }
  return "Code-" + std::to_string(static_cast<int>(code));
}

}  // namespace billing::network::radius
