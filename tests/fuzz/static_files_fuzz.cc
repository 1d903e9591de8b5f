// libFuzzer target: the static file check of the gateway, the one route open before login.
// IsServablePath never lets through what its contract refuses (.., //, %, backslash, control
// bytes, over 1 KiB), and whatever the request path, what Serve gives back is a file of the web
// root or nothing: never a byte of a file outside it (the root's sibling holds a secret).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <unistd.h>

#include "http/static_files.h"

namespace fs = std::filesystem;
namespace gw = billing::gateway;

namespace {

struct WebRoot {
  fs::path dir;
  std::set<std::string> servable;  // every body the root may give: files, plain and gzip

  WebRoot() {
    std::string pattern = (fs::temp_directory_path() / "static-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir = pattern;
    Write("secret.txt", "JWT_SECRET=outside-the-web-root\n");
    Write("web/index.html", "<!doctype html><title>Billing</title>" + std::string(300, ' '));
    Write("web/assets/app-1234.js", "console.log('app');" + std::string(300, ';'));
    Write("web/favicon.ico", "ICO");
    Write("web/manifest.webmanifest", "{}");
  }
  ~WebRoot() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  void Write(const std::string& relative, const std::string& content) {
    fs::create_directories((dir / relative).parent_path());
    std::ofstream(dir / relative, std::ios::binary) << content;
    if (relative.rfind("web/", 0) == 0) {
      servable.insert(content);
      servable.insert(gw::Gzip(content));
    }
  }
};

WebRoot& Root() {
  static WebRoot root;
  return root;
}

// The parts of IsServablePath's contract that can be checked without re-implementing it.
bool BreaksContract(std::string_view path) {
  if (path.empty() || path[0] != '/' || path.size() > gw::kMaxStaticPathBytes) return true;
  if (path.find("//") != std::string_view::npos || path.find("/.") != std::string_view::npos ||
      path.find('%') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return true;
  }
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  WebRoot& root = Root();
  static gw::StaticFiles files(root.dir / "web");
  const bool accepts_gzip = (data[0] & 1) != 0;
  const std::string path(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (gw::IsServablePath(path) && BreaksContract(path)) std::abort();
  if (auto response = files.Serve(path, accepts_gzip)) {
    if (root.servable.count(response->body) == 0) std::abort();  // a file from outside the root
  }
  return 0;
}
