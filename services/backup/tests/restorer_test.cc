// The restore on an in-memory store and a real upload directory: admins only; a file is checked
// whole before anything changes; uploads end after use except after a mistyped passphrase.
#include "restorer.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "errors/error_of.h"
#include "exporter.h"
#include "i18n/messages.h"
#include "testing/fake_backup_store.h"
#include "testing/sample_data.h"

namespace billing::backup {
namespace {

namespace fs = std::filesystem;
using errors::ErrorOf;
using nlohmann::json;
using testing::kSamplePassphrase;

class RestorerTest : public ::testing::Test {
 protected:
  RestorerTest() {
    testing::FillSample(source_);
    target_.tables = source_.tables;
    target_.versions = source_.versions;
    target_.rows["customer.packages"] = {{{"id", 99}, {"name", "old"}}};
    admin_.user_id = 1;
    admin_.role = domain::Role::kAdmin;
    domain::ManualClock clock;
    Exporter exporter(source_, clock, testing::kCheapIterations);
    exporter.Export(admin_, kSamplePassphrase, [&](const std::string& chunk) { backup_ += chunk; });
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Streams `text` in pieces of `piece` bytes, the passphrase with the first.
  RestoredRows Stream(const std::string& text, const std::string& passphrase, size_t piece = 1000) {
    size_t at = 0;
    bool first = true;
    return restorer_.RestoreStream(admin_, [&](RestorePiece& next) {
      if (at >= text.size() && !first) return false;
      next.passphrase = first ? passphrase : "";
      next.data = text.substr(at, piece);
      at += piece;
      first = false;
      return true;
    });
  }

  std::string Upload(const std::string& text) {
    UploadTicket ticket = restorer_.StartUpload(admin_);
    for (size_t at = 0; at < text.size(); at += 4096) {
      restorer_.AppendUpload(admin_, ticket.id, static_cast<int64_t>(at), text.substr(at, 4096));
    }
    return ticket.id;
  }

  bool UploadDirEmpty() const { return fs::is_empty(dir_); }

  fs::path dir_ = fs::temp_directory_path() / ("restorer-test-" + std::to_string(::getpid()));
  testing::FakeBackupStore source_;
  testing::FakeBackupStore target_;
  UploadStore uploads_{dir_, 1 << 20, std::chrono::seconds(3600)};
  Restorer restorer_{target_, uploads_};
  rpc::Caller admin_;
  std::string backup_;
};

TEST_F(RestorerTest, AStreamedBackupReplacesEverythingWithTheSecretsOpened) {
  RestoredRows restored = Stream(backup_, kSamplePassphrase);
  EXPECT_EQ(restored["customer.customers"], 2);
  EXPECT_EQ(restored["customer.packages"], 1);
  EXPECT_EQ(restored.size(), source_.tables.size());
  EXPECT_EQ(target_.rows, source_.rows);  // the old package is gone, secrets in clear again
  ASSERT_EQ(target_.restored_by.size(), 1u);
  EXPECT_EQ(target_.restored_by[0].user_id, admin_.user_id);
  EXPECT_TRUE(UploadDirEmpty());
}

TEST_F(RestorerTest, OnlyAdminsRestore) {
  rpc::Caller staff = admin_;
  staff.role = domain::Role::kStaff;
  auto refused = [&](const std::function<void()>& call) {
    auto error = ErrorOf(call);
    return error && error->code() == errors::Code::kPermissionDenied;
  };
  EXPECT_TRUE(
      refused([&] { restorer_.RestoreStream(staff, [](RestorePiece&) { return false; }); }));
  EXPECT_TRUE(refused([&] { restorer_.StartUpload(staff); }));
  std::string id = Upload(backup_);
  EXPECT_TRUE(refused([&] { restorer_.AppendUpload(staff, id, 0, "x"); }));
  EXPECT_TRUE(refused([&] { restorer_.CommitUpload(staff, id, kSamplePassphrase); }));
  EXPECT_TRUE(refused([&] { restorer_.DiscardUpload(staff, id); }));
  EXPECT_TRUE(target_.restored_by.empty());
  restorer_.DiscardUpload(admin_, id);
  EXPECT_TRUE(UploadDirEmpty());
}

TEST_F(RestorerTest, AnEmptyOrOversizedStreamChangesNothing) {
  auto empty = ErrorOf([&] { Stream("", kSamplePassphrase); });
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(empty->fields().count("file"), 1u);
  auto big = ErrorOf([&] { Stream(std::string((1 << 20) + 1, ' '), kSamplePassphrase, 65536); });
  ASSERT_TRUE(big);
  EXPECT_EQ(big->code(), errors::Code::kPayloadTooLarge);
  EXPECT_TRUE(target_.restored_by.empty());
  EXPECT_EQ(target_.rows["customer.packages"][0]["id"], 99);
  EXPECT_TRUE(UploadDirEmpty());
}

TEST_F(RestorerTest, AFileThatFailsACheckChangesNothing) {
  json document = json::parse(backup_);
  document["data"]["auth.users"][0]["active"] = false;  // no active admin would remain
  auto error = ErrorOf([&] { Stream(document.dump(), kSamplePassphrase); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(error->fields().count("data.auth.users"), 1u);

  auto not_json = ErrorOf([&] { Stream("{\"data\": [", kSamplePassphrase); });
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->code(), errors::Code::kInvalidArgument);

  target_.refused_table = "billing.transactions";  // the database refuses a row
  auto refused = ErrorOf([&] { Stream(backup_, kSamplePassphrase); });
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code(), errors::Code::kInvalidArgument);
  EXPECT_TRUE(target_.restored_by.empty());
  EXPECT_EQ(target_.rows["customer.packages"][0]["id"], 99);
}

TEST_F(RestorerTest, AMistypedPassphraseKeepsTheUploadForAnotherTry) {
  std::string id = Upload(backup_);
  auto wrong = ErrorOf([&] { restorer_.CommitUpload(admin_, id, "bukan-kata-sandinya"); });
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(wrong->fields().count("passphrase"), 1u);
  EXPECT_TRUE(target_.restored_by.empty());

  RestoredRows restored = restorer_.CommitUpload(admin_, id, kSamplePassphrase);
  EXPECT_EQ(restored["auth.users"], 1);
  EXPECT_EQ(target_.rows, source_.rows);
  auto again = ErrorOf([&] { restorer_.CommitUpload(admin_, id, kSamplePassphrase); });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->code(), errors::Code::kNotFound);
  EXPECT_TRUE(UploadDirEmpty());
}

TEST_F(RestorerTest, AnyOtherRefusalEndsTheUpload) {
  std::string id = Upload("not a backup at all");
  auto error = ErrorOf([&] { restorer_.CommitUpload(admin_, id, kSamplePassphrase); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
  auto again = ErrorOf([&] { restorer_.CommitUpload(admin_, id, kSamplePassphrase); });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->code(), errors::Code::kNotFound);
  EXPECT_TRUE(UploadDirEmpty());
}

TEST_F(RestorerTest, UploadPiecesMustFollowOnAndStayUnderTheLimit) {
  UploadTicket ticket = restorer_.StartUpload(admin_);
  EXPECT_EQ(ticket.max_bytes, size_t{1} << 20);
  auto negative = ErrorOf([&] { restorer_.AppendUpload(admin_, ticket.id, -1, "x"); });
  ASSERT_TRUE(negative);
  EXPECT_EQ(negative->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(negative->fields().at("offset"), i18n::kBackupUploadOffsetField);
  EXPECT_EQ(restorer_.AppendUpload(admin_, ticket.id, 0, "abc"), 3u);
  auto gap = ErrorOf([&] { restorer_.AppendUpload(admin_, ticket.id, 10, "x"); });
  ASSERT_TRUE(gap);
  EXPECT_EQ(gap->code(), errors::Code::kInvalidArgument);
  auto big =
      ErrorOf([&] { restorer_.AppendUpload(admin_, ticket.id, 3, std::string(1 << 20, 'x')); });
  ASSERT_TRUE(big);
  EXPECT_EQ(big->code(), errors::Code::kPayloadTooLarge);
  restorer_.DiscardUpload(admin_, ticket.id);
  auto gone = ErrorOf([&] { restorer_.DiscardUpload(admin_, ticket.id); });
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->code(), errors::Code::kNotFound);
}

}  // namespace
}  // namespace billing::backup
