// Argon2id password hashing in the standard encoded form (salt and parameters inside).
#pragma once

#include <cstdint>
#include <string>

namespace billing::auth {

class PasswordHasher final {
 public:
  static constexpr uint32_t kMinMemoryKib = 19456;  // OWASP floor: m=19 MiB, t=2, p=1
  static constexpr uint32_t kMinIterations = 2;

  PasswordHasher(uint32_t memory_kib, uint32_t iterations);

  std::string Hash(const std::string& password) const;
  // Constant-time comparison inside libargon2; false for a malformed hash.
  bool Verify(const std::string& encoded_hash, const std::string& password) const;

 private:
  uint32_t memory_kib_;
  uint32_t iterations_;
};

}  // namespace billing::auth
