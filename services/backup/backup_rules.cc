// Backup and upload decisions; messages come from the Indonesian catalogue.
#include "backup_rules.h"

#include "i18n/messages.h"

namespace billing::backup {

void CheckUploadSize(size_t size, size_t max_bytes) {
  if (size > max_bytes) throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
}

errors::Error UploadOffsetError() {
  return errors::InvalidArgument(i18n::kBackupUploadOffset,
                                 {{"offset", i18n::kBackupUploadOffsetField}});
}

void CheckUploadOffset(int64_t offset) {
  if (offset < 0) throw UploadOffsetError();
}

void CheckNotEmpty(uintmax_t file_size) {
  if (file_size == 0) {
    throw errors::InvalidArgument(i18n::kBackupUploadEmpty, {{"file", i18n::kBackupUploadEmpty}});
  }
}

bool KeepsUpload(const errors::Error& refusal) { return refusal.fields().count("passphrase") != 0; }

}  // namespace billing::backup
