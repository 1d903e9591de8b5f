// Builds JWTs by hand (test only), to prove the services refuse forged ones.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "support/base64url.h"

namespace billing::testing {

// header.payload.signature with an HMAC-SHA256 signature under `secret`.
std::string SignHs256(const nlohmann::json& header, const nlohmann::json& payload,
                      const std::string& secret);

}  // namespace billing::testing
