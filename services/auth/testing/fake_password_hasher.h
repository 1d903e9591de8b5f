// A password "hasher" without the cost of Argon2: the hash is the password behind a prefix.
// It counts its calls, so a test sees that an unknown username still costs one verification.
#pragma once

#include <string>

#include "password_hasher.h"

namespace billing::auth::testing {

class FakePasswordHasher final : public PasswordHashing {
 public:
  static std::string HashOf(const std::string& password) { return "fake-hash:" + password; }

  std::string Hash(const std::string& password, Deadline /*deadline*/) const override {
    ++hashes;
    return HashOf(password);
  }
  bool Verify(const std::string& encoded_hash, const std::string& password,
              Deadline /*deadline*/) const override {
    ++verifications;
    return encoded_hash == HashOf(password);
  }

  mutable int hashes = 0;
  mutable int verifications = 0;
};

}  // namespace billing::auth::testing
