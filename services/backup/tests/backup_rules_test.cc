// The backup rules as plain functions: upload size and offsets, empty files, which refusal keeps
// an upload.
#include "backup_rules.h"

#include <gtest/gtest.h>

#include "errors/error_of.h"
#include "i18n/messages.h"

namespace billing::backup {
namespace {

using errors::CodeOf;

TEST(BackupRulesTest, AnUploadMayReachTheLimitButNotPassIt) {
  EXPECT_FALSE(CodeOf([] { CheckUploadSize(100, 100); }).has_value());
  EXPECT_EQ(CodeOf([] { CheckUploadSize(101, 100); }), errors::Code::kPayloadTooLarge);
}

TEST(BackupRulesTest, OffsetsAreNeverNegative) {
  EXPECT_FALSE(CodeOf([] { CheckUploadOffset(0); }).has_value());
  EXPECT_EQ(CodeOf([] { CheckUploadOffset(-1); }), errors::Code::kInvalidArgument);
  EXPECT_EQ(UploadOffsetError().fields().at("offset"), i18n::kBackupUploadOffsetField);
}

TEST(BackupRulesTest, AnEmptyFileIsNothingToRestore) {
  EXPECT_FALSE(CodeOf([] { CheckNotEmpty(1); }).has_value());
  EXPECT_EQ(CodeOf([] { CheckNotEmpty(0); }), errors::Code::kInvalidArgument);
}

TEST(BackupRulesTest, OnlyAPassphraseRefusalKeepsTheUpload) {
  EXPECT_TRUE(KeepsUpload(errors::InvalidArgument(i18n::kBackupWrongPassphrase,
                                                  {{"passphrase", i18n::kBackupWrongPassphrase}})));
  EXPECT_FALSE(KeepsUpload(
      errors::InvalidArgument(i18n::kBackupInvalid, {{"data.auth.users", i18n::kBackupInvalid}})));
  EXPECT_FALSE(KeepsUpload(errors::Internal("disk")));
}

}  // namespace
}  // namespace billing::backup
