// Static file serving from an index of the web build made at start; hashed assets cached long.
#include "http/static_files.h"

#include <fstream>
#include <sstream>

#include <zlib.h>

#include "log/log.h"

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

bool IsSegmentByte(unsigned char c) {
  // Printable ASCII except the bytes that change a path's meaning somewhere.
  return c > 0x20 && c < 0x7f && c != '%' && c != '\\' && c != '?' && c != '#';
}

std::optional<std::string> ReadWhole(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

bool IsPortalRoute(std::string_view path) {
  return path == "/portal" || path.rfind("/portal/", 0) == 0;
}

bool IsServablePath(std::string_view path) {
  if (path.empty() || path.size() > kMaxStaticPathBytes || path.front() != '/') return false;
  if (path == "/") return true;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    // Empty ("//", trailing '/'), ".", ".." and hidden names are never part of the build.
    if (segment.empty() || segment.front() == '.') return false;
    for (unsigned char c : segment) {
      if (!IsSegmentByte(c)) return false;
    }
    start = end + 1;
  }
  return true;
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code ec;
  if (root.empty() || !std::filesystem::is_directory(root, ec)) {
    if (!root.empty()) log::Warn("web root not found; no web UI served", {{"root", root.string()}});
    return;
  }
  std::filesystem::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    if (entry.is_symlink(ec) || !entry.is_regular_file(ec)) continue;
    if (entry.file_size(ec) > kMaxFileBytes) continue;
    std::string url = "/" + entry.path().lexically_relative(root).generic_string();
    if (!IsServablePath(url)) continue;  // e.g. dot files: never served
    auto content = ReadWhole(entry.path());
    if (!content) continue;
    File file;
    file.content = std::move(*content);
    file.content_type = MimeType(entry.path());
    file.immutable = url.rfind("/assets/", 0) == 0;
    if (IsCompressible(file.content_type) && file.content.size() > 256) {
      std::string gz = Gzip(file.content);
      if (!gz.empty() && gz.size() < file.content.size()) file.gzipped = std::move(gz);
    }
    files_.emplace(std::move(url), std::move(file));
  }
  if (ec)
    log::Warn("web root not fully indexed", {{"root", root.string()}, {"error", ec.message()}});
}

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

std::optional<Response> StaticFiles::Answer(const File& file, bool accepts_gzip) const {
  Response response;
  bool gzip = accepts_gzip && !file.gzipped.empty();
  response.body = gzip ? file.gzipped : file.content;
  response.content_type = file.content_type;
  response.headers["Cache-Control"] =
      file.immutable ? "public, max-age=31536000, immutable" : "no-cache";
  response.headers["Vary"] = "Accept-Encoding";
  if (gzip) response.headers["Content-Encoding"] = "gzip";
  return response;
}

std::optional<Response> StaticFiles::Serve(const std::string& path, bool accepts_gzip) const {
  if (!IsServablePath(path)) return std::nullopt;
  std::string_view key = path == "/" ? std::string_view("/index.html") : std::string_view(path);
  if (auto it = files_.find(key); it != files_.end()) return Answer(it->second, accepts_gzip);
  // App routes such as /pelanggan have no extension: the single-page app handles them. The
  // customer portal (/portal, /portal/isolir, /portal/t/<token>) is its own page, portal.html.
  if (std::filesystem::path(path).extension().empty()) {
    std::string_view page = IsPortalRoute(path) ? "/portal.html" : "/index.html";
    if (auto index = files_.find(page); index != files_.end()) {
      return Answer(index->second, accepts_gzip);
    }
  }
  return std::nullopt;
}

}  // namespace billing::gateway
