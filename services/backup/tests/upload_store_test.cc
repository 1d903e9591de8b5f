// Restore uploads: pieces in order, retries harmless, gaps refused, size bounded, ids safe.
#include "upload_store.h"

#include <fstream>
#include <sstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "errors/error_of.h"

namespace billing::backup {
namespace {

namespace fs = std::filesystem;
using errors::CodeOf;

class UploadStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("upload-store-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(UploadStoreTest, PiecesAppendInOrderAndRetriesAreHarmless) {
  UploadStore store(dir_, 100, std::chrono::seconds(3600));
  std::string id = store.Start();
  EXPECT_EQ(store.Append(id, 0, "abc"), 3u);
  EXPECT_EQ(store.Append(id, 0, "abc"), 3u);  // the same piece again
  EXPECT_EQ(store.Append(id, 3, "def"), 6u);
  EXPECT_EQ(CodeOf([&] { store.Append(id, 10, "x"); }), errors::Code::kInvalidArgument);
  EXPECT_EQ(CodeOf([&] { store.Append(id, 6, std::string(95, 'x')); }),
            errors::Code::kPayloadTooLarge);
  fs::path file = store.Take(id);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "abcdef");
  EXPECT_EQ(CodeOf([&] { store.Take(id); }), errors::Code::kNotFound);
  store.Return(id, file);
  EXPECT_EQ(store.Append(id, 6, "g"), 7u);
  store.Discard(id);
  EXPECT_EQ(CodeOf([&] { store.Append(id, 7, "h"); }), errors::Code::kNotFound);
}

TEST_F(UploadStoreTest, IdsThatAreNotOursAreNotFound) {
  UploadStore store(dir_, 100, std::chrono::seconds(3600));
  for (const char* id : {"../../etc/passwd", "", "ABCDEF", "0123456789abcdef0123456789abcde/"}) {
    EXPECT_EQ(CodeOf([&] { store.Append(id, 0, "x"); }), errors::Code::kNotFound) << id;
  }
  EXPECT_EQ(CodeOf([&] { store.Append("0123456789abcdef0123456789abcdef", 0, "x"); }),
            errors::Code::kNotFound);
}

TEST_F(UploadStoreTest, ExpiredUploadsAreRemoved) {
  UploadStore store(dir_, 100, std::chrono::seconds(60));
  std::string old_id = store.Start();
  fs::last_write_time(dir_ / (old_id + ".part"),
                      fs::file_time_type::clock::now() - std::chrono::minutes(2));
  store.Start();
  EXPECT_EQ(CodeOf([&] { store.Append(old_id, 0, "x"); }), errors::Code::kNotFound);
}

}  // namespace
}  // namespace billing::backup
