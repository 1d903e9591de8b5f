// RADIUS packet encoding, decoding and authenticators, against known answers computed outside
// this code (Python hashlib over hand-built octets) and against radclient.
#include "radius/radius_packet.h"

#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>

namespace billing::network::radius {
namespace {

constexpr const char* kSecret = "sekret123";

std::string Hex(std::string_view octets) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const char c : octets) {
    hex.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    hex.push_back(kDigits[static_cast<uint8_t>(c) & 0xf]);
  }
  return hex;
}

std::string Octets(std::initializer_list<int> values) {
  std::string octets;
  for (const int value : values) octets.push_back(static_cast<char>(value));
  return octets;
}

Authenticator FromHex(const std::string& hex) {
  Authenticator value{};
  for (size_t i = 0; i < value.size(); ++i) {
    value[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return value;
}

Packet DisconnectBudi() {
  Packet packet;
  packet.code = Code::kDisconnectRequest;
  packet.identifier = 7;
  packet.attributes.push_back(Attribute::Text(attribute::kUserName, "budi"));
  return packet;
}

// md5(28 07 00 1a | 16 x 00 | 01 06 'budi' | 'sekret123'), computed with Python's hashlib.
constexpr const char* kBudiRequestAuthenticator = "e49323f188090faf8e9534e291aa21c3";

TEST(RadiusPacket, DisconnectRequestAuthenticatorIsMd5OverZeroedHeaderAttributesAndSecret) {
  Packet packet = DisconnectBudi();
  const std::string datagram = EncodeRequest(packet, kSecret);

  const std::string expected_header = Octets({40, 7, 0, 26});
  EXPECT_EQ(Hex(datagram.substr(0, 4)), Hex(expected_header));
  EXPECT_EQ(Hex(datagram.substr(4, 16)), kBudiRequestAuthenticator);
  EXPECT_EQ(datagram.substr(20), Octets({1, 6}) + "budi");
  EXPECT_EQ(packet.authenticator, FromHex(kBudiRequestAuthenticator));
  EXPECT_TRUE(VerifyRequest(datagram, kSecret));
  EXPECT_FALSE(VerifyRequest(datagram, "another-secret"));
}

TEST(RadiusPacket, ResponseAuthenticatorUsesTheRequestAuthenticator) {
  const Authenticator request = FromHex(kBudiRequestAuthenticator);
  Packet ack;
  ack.code = Code::kDisconnectAck;
  ack.identifier = 7;
  const std::string ack_datagram = EncodeResponse(ack, request, kSecret);
  // md5(29 07 00 14 | request authenticator | 'sekret123')
  EXPECT_EQ(Hex(ack_datagram.substr(4, 16)), "3bc505e05adb5522a27ef0069eae8b5a");
  EXPECT_TRUE(VerifyResponse(ack_datagram, request, kSecret));

  Packet nak;
  nak.code = Code::kDisconnectNak;
  nak.identifier = 7;
  nak.attributes.push_back(Attribute::Integer(attribute::kErrorCause, 503));
  const std::string nak_datagram = EncodeResponse(nak, request, kSecret);
  // md5(2a 07 00 1a | request authenticator | 65 06 00 00 01 f7 | 'sekret123')
  EXPECT_EQ(Hex(nak_datagram.substr(4, 16)), "a53b9f51d40e447783fd35e744c4f524");
  EXPECT_EQ(Decode(nak_datagram).Integer(attribute::kErrorCause), 503u);
}

TEST(RadiusPacket, ResponseFailsVerificationWithAnotherSecretOrRequest) {
  const Authenticator request = FromHex(kBudiRequestAuthenticator);
  Packet ack;
  ack.code = Code::kDisconnectAck;
  ack.identifier = 7;
  const std::string datagram = EncodeResponse(ack, request, kSecret);
  EXPECT_FALSE(VerifyResponse(datagram, request, "wrong"));
  Authenticator other = request;
  other[0] ^= 1;
  EXPECT_FALSE(VerifyResponse(datagram, other, kSecret));
  std::string tampered = datagram;
  tampered[1] = 8;
  EXPECT_FALSE(VerifyResponse(tampered, request, kSecret));
}

TEST(RadiusPacket, MessageAuthenticatorIsCheckedWhenPresent) {
  Packet packet = DisconnectBudi();
  const std::string datagram = EncodeRequest(packet, kSecret, true);
  ASSERT_NE(packet.Find(attribute::kMessageAuthenticator), nullptr);
  EXPECT_TRUE(VerifyRequest(datagram, kSecret));

  // Corrupt the Message-Authenticator's value and recompute the Request Authenticator by hand,
  // so only the HMAC check can catch it.
  std::string forged = datagram;
  const size_t value_at = forged.find(Octets({80, 18}), 20) + 2;
  ASSERT_GT(value_at, 20u);
  forged[value_at] ^= 1;
  std::string input = forged;
  input.replace(4, 16, std::string(16, '\0'));
  input += kSecret;
  unsigned char digest[16];
  unsigned int size = 0;
  ASSERT_EQ(EVP_Digest(input.data(), input.size(), digest, &size, EVP_md5(), nullptr), 1);
  forged.replace(4, 16, reinterpret_cast<const char*>(digest), 16);
  EXPECT_FALSE(VerifyRequest(forged, kSecret));
  // The same recomputation over the untouched packet verifies: the forgery is the only change.
  std::string resigned = datagram;
  input = resigned;
  input.replace(4, 16, std::string(16, '\0'));
  input += kSecret;
  ASSERT_EQ(EVP_Digest(input.data(), input.size(), digest, &size, EVP_md5(), nullptr), 1);
  resigned.replace(4, 16, reinterpret_cast<const char*>(digest), 16);
  EXPECT_TRUE(VerifyRequest(resigned, kSecret));
}

TEST(RadiusPacket, DecodeRoundTripsAttributesAndIgnoresPadding) {
  Packet packet = DisconnectBudi();
  packet.attributes.push_back(Attribute::Ipv4(attribute::kNasIpAddress, "192.0.2.1"));
  packet.attributes.push_back(Attribute::Text(attribute::kAcctSessionId, "81a0000f"));
  const std::string datagram = EncodeRequest(packet, kSecret) + std::string(5, 'x');
  const Packet decoded = Decode(datagram);
  EXPECT_EQ(decoded.code, Code::kDisconnectRequest);
  EXPECT_EQ(decoded.identifier, 7);
  EXPECT_EQ(decoded.Text(attribute::kUserName), "budi");
  EXPECT_EQ(decoded.Text(attribute::kAcctSessionId), "81a0000f");
  EXPECT_EQ(decoded.Integer(attribute::kNasIpAddress), 0xc0000201u);
  EXPECT_TRUE(VerifyRequest(datagram, kSecret));
}

TEST(RadiusPacket, DecodeRefusesMalformedDatagrams) {
  Packet packet = DisconnectBudi();
  const std::string good = EncodeRequest(packet, kSecret);

  EXPECT_THROW(Decode(""), PacketError);
  EXPECT_THROW(Decode(good.substr(0, 19)), PacketError);               // short header
  EXPECT_THROW(Decode(good.substr(0, good.size() - 1)), PacketError);  // truncated
  std::string small_length = good;
  small_length[3] = 19;
  EXPECT_THROW(Decode(small_length), PacketError);
  std::string oversized = good;
  oversized[2] = 0x10;
  oversized[3] = 0x01;  // 4097
  EXPECT_THROW(Decode(oversized + std::string(5000, '\0')), PacketError);
  std::string zero_attribute = good;
  zero_attribute[21] = 0;  // attribute length 0 would loop forever
  EXPECT_THROW(Decode(zero_attribute), PacketError);
  std::string long_attribute = good;
  long_attribute[21] = 7;  // runs past the packet
  EXPECT_THROW(Decode(long_attribute), PacketError);
  std::string half_attribute = good.substr(0, 21);
  half_attribute[3] = 21;
  EXPECT_THROW(Decode(half_attribute), PacketError);
  EXPECT_THROW(Decode(std::string(64, '\xff')), PacketError);
  EXPECT_FALSE(VerifyRequest(std::string(10, '\0'), kSecret));
}

TEST(RadiusPacket, EncodeRefusesOversizedAttributes) {
  Packet packet = DisconnectBudi();
  packet.attributes.push_back(Attribute::Text(attribute::kUserName, std::string(254, 'a')));
  EXPECT_THROW(EncodeRequest(packet, kSecret), PacketError);
  EXPECT_THROW(Attribute::Ipv4(attribute::kNasIpAddress, "not-an-ip"), PacketError);
}

}  // namespace
}  // namespace billing::network::radius
