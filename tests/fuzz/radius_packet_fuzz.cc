// libFuzzer target: the RADIUS packet parser (datagrams from the network: Disconnect-ACK/NAK
// from a NAS, or anything sent to our port). Any input either decodes or throws PacketError;
// the authenticator checks never crash; a decoded packet encodes back to the same packet.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "radius/radius_packet.h"

namespace radius = billing::network::radius;

namespace {

bool SamePacket(const radius::Packet& a, const radius::Packet& b) {
  if (a.code != b.code || a.identifier != b.identifier || a.authenticator != b.authenticator ||
      a.attributes.size() != b.attributes.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.attributes.size(); ++i) {
    if (a.attributes[i].type != b.attributes[i].type ||
        a.attributes[i].value != b.attributes[i].value) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view datagram(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSecret = "fuzz-secret";
  const radius::Authenticator request_authenticator{};

  (void)radius::VerifyRequest(datagram, kSecret);
  (void)radius::VerifyResponse(datagram, request_authenticator, kSecret);

  radius::Packet packet;
  try {
    packet = radius::Decode(datagram);
  } catch (const radius::PacketError&) {
    return 0;
  }
  (void)radius::CodeName(packet.code);
  (void)packet.Text(radius::attribute::kUserName);
  (void)packet.Integer(radius::attribute::kErrorCause);

  // What Decode accepted, Encode writes back (without the padding Decode ignores).
  const std::string encoded = radius::Encode(packet);
  if (!SamePacket(radius::Decode(encoded), packet)) std::abort();
  return 0;
}
