// Argon2id via libargon2 with a random 16-byte salt from OpenSSL.
#include "password_hasher.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <argon2.h>
#include <openssl/rand.h>

namespace billing::auth {
namespace {
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
}  // namespace

PasswordHasher::PasswordHasher(uint32_t memory_kib, uint32_t iterations)
    : memory_kib_(std::max(memory_kib, kMinMemoryKib)),
      iterations_(std::max(iterations, kMinIterations)) {}

std::string PasswordHasher::Hash(const std::string& password) const {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof(salt)) != 1) throw std::runtime_error("no randomness for salt");
  size_t length =
      argon2_encodedlen(iterations_, memory_kib_, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  int rc = argon2id_hash_encoded(iterations_, memory_kib_, kParallelism, password.data(),
                                 password.size(), salt, sizeof(salt), kHashBytes, encoded.data(),
                                 encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(argon2_error_message(rc));
  return std::string(encoded.data());
}

bool PasswordHasher::Verify(const std::string& encoded_hash, const std::string& password) const {
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace billing::auth
