// Any response header by name: Pistache only serialises typed headers, so this carries the rest.
#pragma once

#include <memory>
#include <string>

#include <pistache/http.h>

namespace billing::gateway {

class RawHeader final : public Pistache::Http::Header::Header {
 public:
  RawHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& stream) const override { stream << value_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override { return std::hash<std::string>()(name_); }
#endif

 private:
  std::string name_;
  std::string value_;
};

inline void AddRawHeader(Pistache::Http::ResponseWriter& writer, std::string name,
                         std::string value) {
  writer.headers().add(std::make_shared<RawHeader>(std::move(name), std::move(value)));
}

}  // namespace billing::gateway
