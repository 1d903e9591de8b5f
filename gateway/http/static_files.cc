// Static file serving confined to the web root; hashed assets are cached long.
#include "http/static_files.h"

#include <fstream>
#include <map>
#include <sstream>

#include <zlib.h>

namespace billing::gateway {
namespace {

std::string MimeType(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool IsCompressible(const std::string& content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type.find("json") != std::string::npos ||
         content_type.find("svg") != std::string::npos;
}

bool IsSafe(const std::string& path) {
  return path.find("..") == std::string::npos && path.find('\0') == std::string::npos &&
         path.find('\\') == std::string::npos;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::string Gzip(const std::string& data) {
  z_stream stream{};
  // 15 + 16: a gzip header instead of a raw zlib one.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string StaticFiles::Compressed(const std::filesystem::path& file, const std::string& content) {
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(file, ec);
  std::lock_guard lock(gzip_cache_->mutex);
  auto it = gzip_cache_->files.find(file.string());
  if (it != gzip_cache_->files.end() && it->second.first == modified) return it->second.second;
  std::string gz = Gzip(content);
  gzip_cache_->files[file.string()] = {modified, gz};
  return gz;
}

std::optional<Response> StaticFiles::Read(const std::filesystem::path& file, bool immutable,
                                          bool accepts_gzip) {
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
  response.headers["Vary"] = "Accept-Encoding";
  if (accepts_gzip && IsCompressible(response.content_type) && response.body.size() > 256) {
    std::string gz = Compressed(file, response.body);
    if (!gz.empty() && gz.size() < response.body.size()) {
      response.body = std::move(gz);
      response.headers["Content-Encoding"] = "gzip";
    }
  }
  return response;
}

std::optional<Response> StaticFiles::Serve(const std::string& path, bool accepts_gzip) {
  if (root_.empty() || !IsSafe(path)) return std::nullopt;
  std::string relative = path.empty() || path == "/" ? "index.html" : path.substr(1);
  if (auto file = Read(root_ / relative, relative.rfind("assets/", 0) == 0, accepts_gzip)) {
    return file;
  }
  // App routes such as /pelanggan have no extension: the single-page app handles them.
  if (std::filesystem::path(relative).extension().empty())
    return Read(root_ / "index.html", false, accepts_gzip);
  return std::nullopt;
}

}  // namespace billing::gateway
