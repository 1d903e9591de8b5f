// libFuzzer target: the gateway's typed JSON field readers (every request body passes them).
// Any JSON either reads or ends in the one error type, invalid_argument with field messages.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "http/json_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;

  billing::gateway::JsonFields fields(std::move(body));
  // The field names the routes read, in the types they read them as.
  (void)fields.RequiredString("username");
  (void)fields.String("password");
  (void)fields.String("name");
  (void)fields.Int("amount");
  (void)fields.Int("customer_id");
  (void)fields.Bool("active");
  (void)fields.Bool("auto_isolir");
  (void)fields.String("amount");
  (void)fields.Int("name");
  try {
    fields.Done();
  } catch (const billing::errors::Error& e) {
    if (e.code() != billing::errors::Code::kInvalidArgument || e.fields().empty()) std::abort();
  }
  return 0;
}
