// libFuzzer target: the RouterOS API word and sentence decoder (bytes a router, or anything
// posing as one, sends). Any input either decodes or throws ConnectionError; a decoded
// sentence encodes back to words that decode to the same sentence.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "routeros/api_errors.h"
#include "routeros/api_protocol.h"

namespace ros = billing::network::routeros;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  uint32_t length = 0;
  try {
    const std::size_t prefix = ros::DecodeLength(bytes, &length);
    if (prefix > bytes.size() || prefix > 5) std::abort();
  } catch (const ros::ConnectionError&) {
  }

  // The first byte splits the input into two pieces fed separately, as a socket delivers them.
  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  ros::SentenceReader reader;
  try {
    reader.Feed(bytes.substr(0, split));
    while (auto sentence = reader.Next()) {
      (void)ros::ParseReply(*sentence);
    }
    reader.Feed(bytes.substr(split));
    while (auto sentence = reader.Next()) {
      const ros::Reply reply = ros::ParseReply(*sentence);
      for (const auto& word : *sentence) (void)ros::ParseAttribute(word);
      (void)reply;
      ros::SentenceReader again;
      again.Feed(ros::EncodeSentence(*sentence));
      auto decoded = again.Next();
      if (!decoded || *decoded != *sentence || again.buffered() != 0) std::abort();
    }
  } catch (const ros::ConnectionError&) {
  }
  return 0;
}
