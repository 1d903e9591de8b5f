// A JSON writer that appends straight into one string: no intermediate tree, one allocation
// for a reserved answer. Strings come out as nlohmann's dump(error_handler_t::replace) writes
// them, so answers read the same as before.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace billing::gateway {

// Appends `text` as a JSON string literal (quotes included): '"', '\\' and control characters
// escaped (\b \f \n \r \t, the rest \u00xx), other bytes as they are; every ill-formed UTF-8
// sequence becomes one U+FFFD, as nlohmann's error_handler_t::replace does.
void AppendJsonString(std::string& out, std::string_view text);

// Writes values in order; separators are placed by the writer. Misuse (a value where a key is
// due) is the caller's bug, not checked: the views are fixed shapes. Bytes go through a raw
// pointer into a buffer grown ahead (one capacity check per value, not per character).
class JsonWriter final {
 public:
  explicit JsonWriter(size_t reserve = 512) { buffer_.resize(reserve); }

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // The next member's name; its value follows with one of the calls below.
  JsonWriter& Key(std::string_view name);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value) { return Raw(value ? std::string_view("true") : "false"); }
  JsonWriter& Null() { return Raw("null"); }

  // The nullable forms the API uses: an empty timestamp or a non-positive id is null.
  JsonWriter& TimeOrNull(std::string_view time) { return time.empty() ? Null() : String(time); }
  JsonWriter& IdOrNull(int64_t id) { return id > 0 ? Int(id) : Null(); }

  // Key + value in one call.
  template <typename T>
  JsonWriter& Member(std::string_view name, const T& value);

  std::string_view str() const { return {buffer_.data(), size_}; }
  std::string Take() {
    buffer_.resize(size_);
    size_ = 0;
    return std::move(buffer_);
  }

 private:
  // Room for `bytes` more (and for the separator) at the end; returns where to write.
  char* Room(size_t bytes) {
    if (size_ + bytes + 1 > buffer_.size()) Grow(bytes + 1);
    char* at = buffer_.data() + size_;
    if (!first_) *at++ = ',';
    first_ = false;
    return at;
  }
  void Grow(size_t bytes);
  void Done(const char* end) { size_ = static_cast<size_t>(end - buffer_.data()); }
  JsonWriter& Raw(std::string_view text);
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);

  std::string buffer_;  // its size is the room; the text is the first size_ bytes
  size_t size_ = 0;
  bool first_ = true;  // nothing written yet at this level (or a key waits for its value)
};

template <typename T>
JsonWriter& JsonWriter::Member(std::string_view name, const T& value) {
  Key(name);
  if constexpr (std::is_same_v<T, bool>) {
    return Bool(value);
  } else if constexpr (std::is_integral_v<T>) {
    return Int(static_cast<int64_t>(value));
  } else {
    return String(value);
  }
}

}  // namespace billing::gateway
