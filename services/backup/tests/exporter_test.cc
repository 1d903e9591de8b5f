// The export on an in-memory store and a hand-set clock: admins only, a passphrase first, the
// secret fields sealed, the time from the clock, the document handed out in pieces.
#include "exporter.h"

#include <gtest/gtest.h>

#include "backup_rules.h"
#include "domain/manual_clock.h"
#include "errors/error_of.h"
#include "testing/fake_backup_store.h"
#include "testing/sample_data.h"

namespace billing::backup {
namespace {

using errors::CodeOf;
using nlohmann::json;
using testing::kSamplePassphrase;

class ExporterTest : public ::testing::Test {
 protected:
  ExporterTest() {
    testing::FillSample(store_);
    admin_.user_id = 1;
    admin_.role = domain::Role::kAdmin;
  }

  // The whole export as one text, and the pieces it came in.
  std::string ExportAll(const rpc::Caller& caller, const std::string& passphrase) {
    std::string text;
    exporter_.Export(caller, passphrase, [&](const std::string& chunk) {
      chunks_.push_back(chunk.size());
      text += chunk;
    });
    return text;
  }

  testing::FakeBackupStore store_;
  domain::ManualClock clock_{domain::UtcTime(2026, 11, 25, 3)};
  Exporter exporter_{store_, clock_, testing::kCheapIterations};
  rpc::Caller admin_;
  std::vector<size_t> chunks_;
};

TEST_F(ExporterTest, SealsTheSecretsAndStampsTheClocksTime) {
  json document = json::parse(ExportAll(admin_, kSamplePassphrase));
  EXPECT_EQ(document["created_at"], "2026-11-25T03:00:00Z");
  EXPECT_EQ(document["format"], kFormat);
  EXPECT_EQ(document["schema_versions"]["auth"], 2);
  const json& customer = document["data"]["customer.customers"][0];
  EXPECT_EQ(customer["name"], "Budi");
  EXPECT_TRUE(IsSealed(customer["pppoe_password"]));
  EXPECT_TRUE(IsSealed(document["data"]["auth.users"][0]["password_hash"]));
  EXPECT_EQ(document["data"]["billing.transactions"][0]["amount"], 150000);
  EXPECT_EQ(document.dump().find("rahasia-budi"), std::string::npos);
  EXPECT_EQ(document.dump().find("wa-token-123"), std::string::npos);
  // A valid backup of this very database.
  ValidateDocument(document, store_.tables, store_.versions, kSamplePassphrase);
}

TEST_F(ExporterTest, OnlyAdminsWithAPassphraseExport) {
  rpc::Caller staff = admin_;
  staff.role = domain::Role::kStaff;
  EXPECT_EQ(CodeOf([&] { ExportAll(staff, kSamplePassphrase); }), errors::Code::kPermissionDenied);
  EXPECT_EQ(CodeOf([&] { ExportAll(rpc::Caller{}, kSamplePassphrase); }),
            errors::Code::kUnauthenticated);
  try {
    ExportAll(admin_, "pendek");
    ADD_FAILURE() << "a short passphrase was accepted";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(e.fields().count("passphrase"), 1u);
  }
  EXPECT_TRUE(chunks_.empty());
}

TEST_F(ExporterTest, ABigExportComesInPiecesOfAboutAChunk) {
  auto& customers = store_.rows["customer.customers"];
  for (int id = 100; id < 8100; ++id) {
    customers.push_back({{"id", id}, {"name", std::string(40, 'n')}, {"package_id", 3}});
  }
  json document = json::parse(ExportAll(admin_, kSamplePassphrase));
  EXPECT_EQ(document["data"]["customer.customers"].size(), 8002u);
  ASSERT_GT(chunks_.size(), 1u);
  for (size_t i = 0; i + 1 < chunks_.size(); ++i) EXPECT_GE(chunks_[i], kChunkBytes);
  EXPECT_GT(chunks_.back(), 0u);
}

TEST_F(ExporterTest, AWriterThatFailsStopsTheExport) {
  for (int id = 100; id < 8100; ++id) {
    store_.rows["customer.customers"].push_back({{"id", id}, {"name", std::string(40, 'n')}});
  }
  int writes = 0;
  EXPECT_EQ(CodeOf([&] {
              exporter_.Export(admin_, kSamplePassphrase, [&](const std::string&) {
                ++writes;
                throw errors::Unavailable("gone");
              });
            }),
            errors::Code::kUnavailable);
  EXPECT_EQ(writes, 1);
}

}  // namespace
}  // namespace billing::backup
