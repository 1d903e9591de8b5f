#include "routeros/api_protocol.h"

#include <stdexcept>

#include "routeros/api_errors.h"

namespace billing::network::routeros {

std::string EncodeLength(std::size_t length) {
  std::string out;
  if (length < 0x80) {
    out.push_back(static_cast<char>(length));
  } else if (length < 0x4000) {
    const auto v = static_cast<uint32_t>(length) | 0x8000U;
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v & 0xFF));
  } else if (length < 0x200000) {
    const auto v = static_cast<uint32_t>(length) | 0xC00000U;
    out.push_back(static_cast<char>(v >> 16));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
  } else if (length < 0x10000000) {
    const auto v = static_cast<uint32_t>(length) | 0xE0000000U;
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>((v >> 16) & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
  } else if (length <= 0xFFFFFFFFULL) {
    const auto v = static_cast<uint32_t>(length);
    out.push_back(static_cast<char>(0xF0));
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>((v >> 16) & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
  } else {
    throw std::length_error("routeros: word longer than 0xFFFFFFFF bytes");
  }
  return out;
}

std::size_t DecodeLength(std::string_view data, uint32_t* length) {
  if (data.empty()) return 0;
  const auto byte = [&](std::size_t i) {
    return static_cast<uint32_t>(static_cast<uint8_t>(data[i]));
  };
  const uint32_t first = byte(0);
  std::size_t size = 0;
  uint32_t value = 0;
  if ((first & 0x80) == 0) {
    size = 1;
    value = first;
  } else if ((first & 0xC0) == 0x80) {
    size = 2;
    value = first & 0x3F;
  } else if ((first & 0xE0) == 0xC0) {
    size = 3;
    value = first & 0x1F;
  } else if ((first & 0xF0) == 0xE0) {
    size = 4;
    value = first & 0x0F;
  } else if (first == 0xF0) {
    size = 5;
    value = 0;
  } else {
    throw ConnectionError(ConnectionError::Kind::kProtocol,
                          "reserved control byte " + std::to_string(first) + " in a length");
  }
  if (data.size() < size) return 0;
  for (std::size_t i = 1; i < size; ++i) value = (value << 8) | byte(i);
  *length = value;
  return size;
}

std::string EncodeWord(std::string_view word) {
  std::string out = EncodeLength(word.size());
  out.append(word);
  return out;
}

std::string EncodeSentence(const Sentence& words) {
  std::string out;
  for (const auto& word : words) out += EncodeWord(word);
  out.push_back('\0');
  return out;
}

void SentenceReader::Feed(std::string_view bytes) {
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<Sentence> SentenceReader::Next() {
  Sentence sentence;
  std::size_t pos = pos_;
  const std::string_view data(buffer_);
  while (true) {
    uint32_t length = 0;
    const std::size_t prefix = DecodeLength(data.substr(pos), &length);
    if (prefix == 0) return std::nullopt;
    if (length > kMaxWordLength) {
      throw ConnectionError(ConnectionError::Kind::kProtocol,
                            "word of " + std::to_string(length) + " bytes is too long");
    }
    if (data.size() - pos - prefix < length) return std::nullopt;
    pos += prefix;
    if (length == 0) break;
    sentence.emplace_back(data.substr(pos, length));
    pos += length;
  }
  pos_ = pos;
  // Drop consumed bytes now and then so the buffer does not grow without bound.
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  } else if (pos_ > 64 * 1024) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  return sentence;
}

std::optional<std::pair<std::string, std::string>> ParseAttribute(std::string_view word) {
  if (word.size() < 2 || word[0] != '=') return std::nullopt;
  const std::size_t eq = word.find('=', 1);
  if (eq == std::string_view::npos) return std::nullopt;
  return std::make_pair(std::string(word.substr(1, eq - 1)), std::string(word.substr(eq + 1)));
}

Reply ParseReply(const Sentence& sentence) {
  Reply reply;
  if (sentence.empty()) return reply;
  reply.type = sentence[0];
  for (std::size_t i = 1; i < sentence.size(); ++i) {
    const std::string& word = sentence[i];
    if (auto attribute = ParseAttribute(word)) {
      reply.attributes.insert_or_assign(std::move(attribute->first), std::move(attribute->second));
    } else if (word.starts_with(".tag=")) {
      reply.tag = word.substr(5);
    } else {
      reply.other_words.push_back(word);
    }
  }
  return reply;
}

}  // namespace billing::network::routeros
