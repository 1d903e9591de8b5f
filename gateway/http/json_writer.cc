// JSON text written directly into a string.
#include "http/json_writer.h"

#include <charconv>

namespace billing::gateway {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Bytes that cannot be copied as they are: control characters, '"', '\\' and every non-ASCII
// byte (checked for well-formed UTF-8 first).
constexpr bool NeedsCare(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

void AppendEscaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out.append("\\\"");
      return;
    case '\\':
      out.append("\\\\");
      return;
    case '\b':
      out.append("\\b");
      return;
    case '\f':
      out.append("\\f");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\t':
      out.append("\\t");
      return;
    default: {
      char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escape, sizeof(escape));
    }
  }
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

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!NeedsCare(c)) {
      ++i;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (c < 0x80) {
      AppendEscaped(out, c);
      ++i;
    } else {
      bool valid = false;
      size_t length = Utf8Sequence(text, i, &valid);
      if (valid) {
        out.append(text.data() + i, length);
      } else {
        out.append(kReplacement, 3);
      }
      i += length;
    }
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

JsonWriter& JsonWriter::Open(char bracket) {
  Separate();
  out_.push_back(bracket);
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  out_.push_back(bracket);
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  Separate();
  AppendJsonString(out_, name);
  out_.push_back(':');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof(digits), value);
  out_.append(digits, static_cast<size_t>(result.ptr - digits));
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_.append("null");
  return *this;
}

}  // namespace billing::gateway
