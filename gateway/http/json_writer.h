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
// due) is the caller's bug, not checked: the views are fixed shapes.
class JsonWriter final {
 public:
  explicit JsonWriter(size_t reserve = 512) { out_.reserve(reserve); }

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // The next member's name; its value follows with one of the calls below.
  JsonWriter& Key(std::string_view name);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // The nullable forms the API uses: an empty timestamp or a non-positive id is null.
  JsonWriter& TimeOrNull(std::string_view time) { return time.empty() ? Null() : String(time); }
  JsonWriter& IdOrNull(int64_t id) { return id > 0 ? Int(id) : Null(); }

  // Key + value in one call.
  template <typename T>
  JsonWriter& Member(std::string_view name, const T& value);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void Separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }

  std::string out_;
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
