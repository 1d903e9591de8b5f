// JSON text written directly into a string.
#include "http/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace billing::gateway {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Bytes that cannot be copied as they are: control characters, '"', '\\' and every non-ASCII
// byte (checked for well-formed UTF-8 first).
constexpr bool NeedsCare(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

// How many bytes from `text` on need no care; eight at a time while none in a word does (a
// word with any byte below 0x20, '"', '\\' or from 0x80 up stops the fast loop).
size_t PlainRun(const char* text, size_t size) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, text + i, 8);
    uint64_t quote = word ^ (kOnes * '"');
    uint64_t backslash = word ^ (kOnes * '\\');
    uint64_t flags = ((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
                     ((backslash - kOnes) & ~backslash) | word;
    if ((flags & kHighs) != 0) break;
  }
  while (i < size && !NeedsCare(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// Writes the escape of an ASCII byte that needs one; returns the end.
char* WriteEscaped(char* at, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  char short_form = 0;
  switch (c) {
    case '"':
      short_form = '"';
      break;
    case '\\':
      short_form = '\\';
      break;
    case '\b':
      short_form = 'b';
      break;
    case '\f':
      short_form = 'f';
      break;
    case '\n':
      short_form = 'n';
      break;
    case '\r':
      short_form = 'r';
      break;
    case '\t':
      short_form = 't';
      break;
    default:
      break;
  }
  *at++ = '\\';
  if (short_form != 0) {
    *at++ = short_form;
    return at;
  }
  const char escape[] = {'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  std::memcpy(at, escape, sizeof(escape));
  return at + sizeof(escape);
}

// Length of the well-formed UTF-8 sequence that starts at text[i] (Unicode table 3-7, which is
// what nlohmann's decoder accepts), or the count of bytes to replace with one U+FFFD: an
// invalid lead byte alone, or a lead byte with the continuation bytes that were still valid
// (the byte that broke the sequence is read again, as nlohmann does). `*valid` says which.
size_t Utf8Sequence(std::string_view text, size_t i, bool* valid) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    *valid = false;
    return 1;
  }
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= text.size()) {  // cut short by the end: the rest becomes one U+FFFD
      *valid = false;
      return text.size() - i;
    }
    unsigned char next = static_cast<unsigned char>(text[i + k]);
    bool fits = k == 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xBF;
    if (!fits) {
      *valid = false;
      return k;
    }
  }
  *valid = true;
  return length;
}

// Writes `text` as a string literal at `at`, which has room for 2 + 6 * text.size() bytes (a
// control character takes 6); returns the end.
char* WriteJsonString(char* at, std::string_view text) {
  *at++ = '"';
  size_t i = 0;
  while (true) {
    size_t plain = PlainRun(text.data() + i, text.size() - i);
    std::memcpy(at, text.data() + i, plain);
    at += plain;
    i += plain;
    if (i >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      at = WriteEscaped(at, c);
      ++i;
      continue;
    }
    bool valid = false;
    size_t length = Utf8Sequence(text, i, &valid);
    if (valid) {
      std::memcpy(at, text.data() + i, length);
      at += length;
    } else {
      std::memcpy(at, kReplacement, 3);
      at += 3;
    }
    i += length;
  }
  *at++ = '"';
  return at;
}

constexpr size_t StringRoom(std::string_view text) { return 2 + 6 * text.size(); }

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  size_t old_size = out.size();
  out.resize(old_size + StringRoom(text));
  char* end = WriteJsonString(out.data() + old_size, text);
  out.resize(static_cast<size_t>(end - out.data()));
}

void JsonWriter::Grow(size_t bytes) { buffer_.resize(std::max(buffer_.size() * 2, size_ + bytes)); }

JsonWriter& JsonWriter::Raw(std::string_view text) {
  char* at = Room(text.size());
  std::memcpy(at, text.data(), text.size());
  Done(at + text.size());
  return *this;
}

JsonWriter& JsonWriter::Open(char bracket) {
  char* at = Room(1);
  *at++ = bracket;
  Done(at);
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  if (size_ + 1 > buffer_.size()) Grow(1);
  buffer_[size_++] = bracket;
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  char* at = Room(StringRoom(name) + 1);
  at = WriteJsonString(at, name);
  *at++ = ':';
  Done(at);
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  char* at = Room(StringRoom(value));
  Done(WriteJsonString(at, value));
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  constexpr size_t kDigits = 20;  // "-9223372036854775808"
  char* at = Room(kDigits);
  Done(std::to_chars(at, at + kDigits, value).ptr);
  return *this;
}

}  // namespace billing::gateway
