// PBKDF2-SHA256 + AES-256-GCM through OpenSSL's EVP interface.
#include "backup_cipher.h"

#include <memory>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::backup {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr int kMinIterations = 100000;
constexpr int kMaxIterations = 10000000;
constexpr const char* kCheckContext = "backup-passphrase-check";
constexpr const char* kCheckText = "billing-suite-backup";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    throw errors::Internal("RAND_bytes failed");
  }
  return bytes;
}

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> FromBase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

errors::Error BadHeader() {
  return errors::InvalidArgument(i18n::kBackupBadEncryption,
                                 {{"encryption", i18n::kBackupBadEncryption}});
}

}  // namespace

void CheckPassphrase(const std::string& passphrase) {
  if (passphrase.empty()) {
    throw errors::InvalidArgument(i18n::kBackupPassphraseRequired,
                                  {{"passphrase", i18n::kBackupPassphraseRequired}});
  }
  if (passphrase.size() > kMaxPassphraseBytes) {
    throw errors::InvalidArgument(i18n::kBackupPassphraseTooLong,
                                  {{"passphrase", i18n::kBackupPassphraseTooLong}});
  }
  size_t chars = 0;  // UTF-8 code points: every byte that is not a continuation byte
  for (unsigned char c : passphrase) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  if (chars < kMinPassphraseChars) {
    throw errors::InvalidArgument(i18n::kBackupPassphraseTooShort,
                                  {{"passphrase", i18n::kBackupPassphraseTooShort}});
  }
}

BackupCipher::BackupCipher(std::string salt, int iterations, const std::string& passphrase)
    : salt_(std::move(salt)), iterations_(iterations) {
  if (PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()),
                        reinterpret_cast<const unsigned char*>(salt_.data()),
                        static_cast<int>(salt_.size()), iterations_, EVP_sha256(),
                        static_cast<int>(key_.size()), key_.data()) != 1) {
    throw errors::Internal("PBKDF2 failed");
  }
}

BackupCipher BackupCipher::Create(const std::string& passphrase, int iterations) {
  CheckPassphrase(passphrase);
  return BackupCipher(RandomBytes(kSaltBytes), iterations, passphrase);
}

BackupCipher BackupCipher::Open(const nlohmann::json& header, const std::string& passphrase) {
  if (passphrase.empty()) {
    throw errors::InvalidArgument(i18n::kBackupPassphraseRequired,
                                  {{"passphrase", i18n::kBackupPassphraseRequired}});
  }
  if (passphrase.size() > kMaxPassphraseBytes) {
    throw errors::InvalidArgument(i18n::kBackupWrongPassphrase,
                                  {{"passphrase", i18n::kBackupWrongPassphrase}});
  }
  if (!header.is_object() || header.value("kdf", "") != "pbkdf2-sha256" ||
      header.value("cipher", "") != "aes-256-gcm" || !header.contains("iterations") ||
      !header["iterations"].is_number_integer() || !header.contains("salt") ||
      !header["salt"].is_string() || !header.contains("check") || !header["check"].is_string()) {
    throw BadHeader();
  }
  int64_t iterations = header["iterations"].get<int64_t>();
  auto salt = FromBase64(header["salt"].get<std::string>());
  if (iterations < kMinIterations || iterations > kMaxIterations || !salt || salt->size() < 8 ||
      salt->size() > 64) {
    throw BadHeader();
  }
  BackupCipher cipher(*salt, static_cast<int>(iterations), passphrase);
  auto check = cipher.Unseal(kCheckContext, header["check"].get<std::string>());
  if (!check || *check != kCheckText) {
    throw errors::InvalidArgument(i18n::kBackupWrongPassphrase,
                                  {{"passphrase", i18n::kBackupWrongPassphrase}});
  }
  return cipher;
}

nlohmann::json BackupCipher::Header() const {
  return {{"kdf", "pbkdf2-sha256"},
          {"iterations", iterations_},
          {"salt", Base64(salt_)},
          {"cipher", "aes-256-gcm"},
          {"check", Seal(kCheckContext, kCheckText)}};
}

std::string BackupCipher::Seal(const std::string& context, const std::string& plaintext) const {
  std::string nonce = RandomBytes(kNonceBytes);
  std::string out = nonce;
  out.resize(kNonceBytes + plaintext.size() + kTagBytes);
  auto* cipher_text = reinterpret_cast<unsigned char*>(out.data()) + kNonceBytes;
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int n = 0;
  int final_n = 0;
  bool ok = ctx &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(),
                               reinterpret_cast<const unsigned char*>(nonce.data())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &n,
                              reinterpret_cast<const unsigned char*>(context.data()),
                              static_cast<int>(context.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), cipher_text, &n,
                              reinterpret_cast<const unsigned char*>(plaintext.data()),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), cipher_text + n, &final_n) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                                cipher_text + plaintext.size()) == 1;
  if (!ok) throw errors::Internal("AES-GCM seal failed");
  return kSealedPrefix + Base64(out);
}

std::optional<std::string> BackupCipher::Unseal(const std::string& context,
                                                const std::string& sealed) const {
  const std::string prefix = kSealedPrefix;
  if (sealed.rfind(prefix, 0) != 0) return std::nullopt;
  auto bytes = FromBase64(sealed.substr(prefix.size()));
  if (!bytes || bytes->size() < kNonceBytes + kTagBytes) return std::nullopt;
  size_t text_size = bytes->size() - kNonceBytes - kTagBytes;
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes->data());
  std::string plaintext(text_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
  std::array<unsigned char, kTagBytes> tag{};
  std::copy(raw + kNonceBytes + text_size, raw + bytes->size(), tag.begin());
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int n = 0;
  int final_n = 0;
  bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), raw) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n,
                        reinterpret_cast<const unsigned char*>(context.data()),
                        static_cast<int>(context.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), out, &n, raw + kNonceBytes, static_cast<int>(text_size)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), out + n, &final_n) == 1;
  if (!ok) return std::nullopt;
  return plaintext;
}

bool IsSealed(const nlohmann::json& value) {
  return value.is_string() && value.get_ref<const std::string&>().rfind(kSealedPrefix, 0) == 0;
}

}  // namespace billing::backup
