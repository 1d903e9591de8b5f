// Static files: gzip for text when accepted, SPA fallback, no escape from the web root.
#include "http/static_files.h"

#include <fstream>

#include <gtest/gtest.h>
#include <zlib.h>

namespace billing::gateway {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("static-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html>" << std::string(2000, ' ') << "app";
    std::ofstream(root_ / "assets" / "app-1234.js") << "console.log(1);" << std::string(2000, ';');
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, CompressesTextWhenTheClientAcceptsGzip) {
  StaticFiles files(root_);
  auto plain = files.Serve("/assets/app-1234.js", false);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->headers.count("Content-Encoding"), 0u);
  EXPECT_NE(plain->headers["Cache-Control"].find("immutable"), std::string::npos);
  auto gz = files.Serve("/assets/app-1234.js", true);
  ASSERT_TRUE(gz.has_value());
  EXPECT_EQ(gz->headers["Content-Encoding"], "gzip");
  EXPECT_LT(gz->body.size(), plain->body.size());
  EXPECT_EQ(Gunzip(gz->body), plain->body);
}

TEST_F(StaticFilesTest, AppRoutesGetIndexAndUnknownFilesNothing) {
  StaticFiles files(root_);
  auto route = files.Serve("/pelanggan", false);
  ASSERT_TRUE(route.has_value());
  EXPECT_NE(route->body.find("app"), std::string::npos);
  EXPECT_EQ(route->headers["Cache-Control"], "no-cache");
  EXPECT_FALSE(files.Serve("/missing.js", false).has_value());
  EXPECT_FALSE(files.Serve("/../../etc/passwd", false).has_value());
}

TEST_F(StaticFilesTest, PortalRoutesGetThePortalPage) {
  std::ofstream(root_ / "portal.html") << "<!doctype html>" << std::string(500, ' ') << "portal";
  StaticFiles files(root_);
  for (const char* path :
       {"/portal", "/portal/isolir", "/portal/t/Xy_9-abcDEF0123456789", "/portal.html"}) {
    auto page = files.Serve(path, false);
    ASSERT_TRUE(page.has_value()) << path;
    EXPECT_NE(page->body.find("portal"), std::string::npos) << path;
    EXPECT_EQ(page->body.find("app"), std::string::npos) << path;
    EXPECT_EQ(page->headers["Cache-Control"], "no-cache") << path;
  }
  // Only /portal and below: the staff app keeps its own routes, files stay files.
  for (const char* path : {"/portalx", "/pelanggan/portal", "/"}) {
    auto page = files.Serve(path, false);
    ASSERT_TRUE(page.has_value()) << path;
    EXPECT_NE(page->body.find("app"), std::string::npos) << path;
  }
  EXPECT_FALSE(files.Serve("/portal/missing.js", false).has_value());
  EXPECT_FALSE(files.Serve("/portal/../index.html", false).has_value());
}

TEST_F(StaticFilesTest, PortalRoutesWithoutAPortalBuildAreNotTheStaffApp) {
  StaticFiles files(root_);
  EXPECT_FALSE(files.Serve("/portal", false).has_value());
  EXPECT_FALSE(files.Serve("/portal/isolir", false).has_value());
  EXPECT_TRUE(files.Serve("/pelanggan", false).has_value());
}

TEST_F(StaticFilesTest, OnlyFilesOfTheBuildAreServed) {
  std::ofstream(root_ / ".env") << "secret";
  std::filesystem::create_symlink("/etc/passwd", root_ / "assets" / "link.js");
  StaticFiles files(root_);
  EXPECT_EQ(files.file_count(), 2u);  // index.html and the asset; no dot file, no link
  for (const char* path : {"//etc/passwd", "//proc/self/environ", "/.env", "/assets/link.js",
                           "/assets//app-1234.js", "/%2e%2e/etc/passwd", "/assets/..%2fx.js"}) {
    EXPECT_FALSE(files.Serve(path, false).has_value()) << path;
  }
}

TEST(IsServablePathTest, AcceptsPlainPathsAndRejectsEveryTrick) {
  for (const char* path :
       {"/", "/index.html", "/assets/app-1234.js", "/pelanggan", "/pelanggan/12", "/favicon.ico"}) {
    EXPECT_TRUE(IsServablePath(path)) << path;
  }
  for (std::string path :
       {"", "etc/passwd", "//etc/passwd", "/assets//a.js", "/..", "/../etc/passwd",
        "/assets/../index.html", "/./index.html", "/.env", "/assets/", "/%2e%2e/etc/passwd",
        "/a%2fb", "/a\\b", "/a?b", "/a#b", "/a b", "/caf\xc3\xa9"}) {
    EXPECT_FALSE(IsServablePath(path)) << path;
  }
  EXPECT_FALSE(IsServablePath(std::string("/index.html\0.js", 15)));
  EXPECT_FALSE(IsServablePath("/" + std::string(kMaxStaticPathBytes, 'a')));
  EXPECT_TRUE(IsServablePath("/" + std::string(kMaxStaticPathBytes - 1, 'a')));
}

}  // namespace
}  // namespace billing::gateway
