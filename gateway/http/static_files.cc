// Static file serving confined to the web root; hashed assets are cached long.
#include "http/static_files.h"

#include <fstream>
#include <map>
#include <sstream>

namespace billing::gateway {
namespace {

std::string MimeType(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},
      {".ico", "image/x-icon"},              {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},              {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool IsSafe(const std::string& path) {
  return path.find("..") == std::string::npos && path.find('\0') == std::string::npos &&
         path.find('\\') == std::string::npos;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::optional<Response> StaticFiles::Read(const std::filesystem::path& file, bool immutable) const {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  Response response;
  response.body = content.str();
  response.content_type = MimeType(file);
  response.headers["Cache-Control"] =
      immutable ? "public, max-age=31536000, immutable" : "no-cache";
  return response;
}

std::optional<Response> StaticFiles::Serve(const std::string& path) const {
  if (root_.empty() || !IsSafe(path)) return std::nullopt;
  std::string relative = path.empty() || path == "/" ? "index.html" : path.substr(1);
  if (auto file = Read(root_ / relative, relative.rfind("assets/", 0) == 0)) return file;
  // App routes such as /pelanggan have no extension: the single-page app handles them.
  if (std::filesystem::path(relative).extension().empty()) return Read(root_ / "index.html", false);
  return std::nullopt;
}

}  // namespace billing::gateway
