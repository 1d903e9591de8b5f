// Attack: read files outside the web build through the gateway's static file serving, before
// any login (`curl --path-as-is http://HOST:3000//etc/passwd` used to return /etc/passwd and
// //proc/self/environ the gateway's secrets). Every hostile path must answer 404 and carry none
// of the target's content, while the web build itself is still served.
#include <arpa/inet.h>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "stack.h"
#include "support/temp_dir.h"

namespace billing::testing {
namespace {

struct RawResponse {
  int status = 0;
  std::string text;  // status line, headers and body
};

// Sends `target` exactly as given (no client-side normalisation, unlike curl without
// --path-as-is) and reads the whole answer.
RawResponse RawGet(const std::string& target) {
  std::string url = Stack().GatewayUrl();  // http://127.0.0.1:<port>
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  RawResponse response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    ADD_FAILURE() << "cannot connect to the gateway";
    return response;
  }
  std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  // Read until the body announced by Content-Length is complete (or the server closes).
  char buffer[65536];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
    response.text.append(buffer, n);
    size_t header_end = response.text.find("\r\n\r\n");
    if (header_end == std::string::npos) continue;
    std::string headers = response.text.substr(0, header_end);
    for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t length_at = headers.find("content-length:");
    if (length_at == std::string::npos) continue;
    size_t length = std::stoul(headers.substr(length_at + 15));
    if (response.text.size() >= header_end + 4 + length) break;
  }
  close(fd);
  if (response.text.rfind("HTTP/1.1 ", 0) == 0)
    response.status = std::stoi(response.text.substr(9, 3));
  return response;
}

TEST(StaticPathAttack, TheWebBuildIsServed) {
  // Positive controls: without them a gateway serving nothing would pass every attack below.
  RawResponse index = RawGet("/");
  EXPECT_EQ(index.status, 200) << index.text;
  EXPECT_NE(index.text.find("web-build-index"), std::string::npos);
  RawResponse asset = RawGet("/assets/app-1234.js");
  EXPECT_EQ(asset.status, 200) << asset.text;
  EXPECT_NE(asset.text.find("web-build-asset"), std::string::npos);
  RawResponse app_route = RawGet("/pelanggan");
  EXPECT_EQ(app_route.status, 200) << app_route.text;
  EXPECT_NE(app_route.text.find("web-build-index"), std::string::npos);
}

TEST(StaticPathAttack, HostilePathsAnswer404WithoutContent) {
  const std::vector<std::string> hostile = {
      "//etc/passwd",
      "//proc/self/environ",
      "///etc/passwd",
      "/../../../../../../etc/passwd",
      "/assets/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
      "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
      "/%2fetc%2fpasswd",
      "/..%5c..%5c..%5cetc%5cpasswd",
      "/..\\..\\..\\etc\\passwd",
      "/index.html%00.js",
      "/assets//app-1234.js",
      "/./assets/app-1234.js",
      "/.env",
      "/assets/link.js",  // a symbolic link in the build to /etc/passwd
      "/" + std::string(2000, 'a'),
      "/assets/" + std::string(1100, 'b') + ".js",
  };
  for (const auto& path : hostile) {
    RawResponse response = RawGet(path);
    EXPECT_TRUE(response.status == 404 || response.status == 400)
        << path.substr(0, 80) << " -> " << response.text.substr(0, 300);
    EXPECT_EQ(response.text.find("root:"), std::string::npos) << path.substr(0, 80);
    EXPECT_EQ(response.text.find("JWT_SECRET"), std::string::npos) << path.substr(0, 80);
    EXPECT_EQ(response.text.find("DATABASE_URL"), std::string::npos) << path.substr(0, 80);
    EXPECT_EQ(response.text.find("dot-file-secret"), std::string::npos) << path.substr(0, 80);
  }
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  using billing::testing::TempDir;
  TempDir root;
  std::filesystem::create_directories(root.Path() + "/assets");
  std::ofstream(root.Path() + "/index.html") << "<!doctype html><p>web-build-index</p>";
  std::ofstream(root.Path() + "/assets/app-1234.js") << "console.log('web-build-asset');";
  std::ofstream(root.Path() + "/.env") << "dot-file-secret";
  std::filesystem::create_symlink("/etc/passwd", root.Path() + "/assets/link.js");
  billing::testing::UseFullStack(&argc, argv, {{"WEB_ROOT", root.Path()}});
  return RUN_ALL_TESTS();
}
