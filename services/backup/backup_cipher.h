// Sealing a backup's secret fields with a key derived from a passphrase the admin types:
// PBKDF2-SHA256 with a random salt (kept in the file), AES-256-GCM per field with a random nonce
// and the field's name as associated data (a sealed value cannot be moved to another field).
#pragma once

#include <array>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace billing::backup {

inline constexpr size_t kMinPassphraseChars = 8;
inline constexpr size_t kMaxPassphraseBytes = 1024;
// Prefix of a sealed value: "enc:v1:" + base64(nonce | ciphertext | tag).
inline constexpr const char* kSealedPrefix = "enc:v1:";

// Throws invalid_argument (field "passphrase") unless the passphrase has 8+ characters.
void CheckPassphrase(const std::string& passphrase);

class BackupCipher final {
 public:
  // A new key with a fresh random salt (export).
  static BackupCipher Create(const std::string& passphrase, int iterations = kIterations);
  // The key a file's "encryption" header describes; throws invalid_argument when the header is
  // damaged or the passphrase is not the one the file was made with.
  static BackupCipher Open(const nlohmann::json& header, const std::string& passphrase);

  // The file's "encryption" header: KDF, salt, cipher and a sealed check value.
  nlohmann::json Header() const;
  // "enc:v1:..." for `plaintext`, bound to `context` (the field's name).
  std::string Seal(const std::string& context, const std::string& plaintext) const;
  // The plaintext, or nothing when `sealed` is not ours, damaged or bound to another context.
  std::optional<std::string> Unseal(const std::string& context, const std::string& sealed) const;

  static constexpr int kIterations = 600000;

 private:
  BackupCipher(std::string salt, int iterations, const std::string& passphrase);

  std::string salt_;
  int iterations_;
  std::array<unsigned char, 32> key_{};
};

bool IsSealed(const nlohmann::json& value);

}  // namespace billing::backup
