// The RouterOS API wire format (https://help.mikrotik.com/docs/display/ROS/API): a word is a
// length prefix (1..5 bytes) and that many bytes; a sentence is words ending with an empty
// word. Replies start with !re, !done, !trap, !fatal (or !empty on RouterOS 7.18+).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace billing::network::routeros {

using Sentence = std::vector<std::string>;
using Row = std::map<std::string, std::string>;

// Longest word we accept from the other side (the format allows 4 GiB).
inline constexpr uint32_t kMaxWordLength = 16U * 1024U * 1024U;

// The length prefix of a word of `length` bytes. Throws std::length_error above 0xFFFFFFFF.
std::string EncodeLength(std::size_t length);

// Decodes the length prefix at the start of `data`: the number of prefix bytes, or 0 when
// `data` holds only part of the prefix. Throws ConnectionError(kProtocol) on a reserved
// control byte (0xF8..0xFF).
std::size_t DecodeLength(std::string_view data, uint32_t* length);

std::string EncodeWord(std::string_view word);
// The words followed by the terminating empty word.
std::string EncodeSentence(const Sentence& words);

// Splits a byte stream, fed in arbitrary pieces, into sentences.
class SentenceReader {
 public:
  void Feed(std::string_view bytes);
  // The next complete sentence (without its empty terminator), if one is buffered.
  // Throws ConnectionError(kProtocol) on a bad prefix or a word over kMaxWordLength.
  std::optional<Sentence> Next();
  // Bytes buffered that do not form a complete sentence yet.
  std::size_t buffered() const { return buffer_.size() - pos_; }

 private:
  std::string buffer_;
  std::size_t pos_ = 0;
};

// `=name=value` → {name, value}; the value may contain '=' and may be empty.
// Any other word → nullopt.
std::optional<std::pair<std::string, std::string>> ParseAttribute(std::string_view word);

struct Reply {
  std::string type;                      // "!re", "!done", "!trap", "!fatal", ...
  Row attributes;                        // the =name=value words
  std::string tag;                       // .tag=, empty when absent
  std::vector<std::string> other_words;  // anything else (the text of a !fatal)
};
Reply ParseReply(const Sentence& sentence);

}  // namespace billing::network::routeros
