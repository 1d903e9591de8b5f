// Serves the web build (single-page app) from memory: the build is indexed and loaded once at
// start, so no request path ever reaches the file system.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/request_context.h"

namespace billing::gateway {

// True for a request path that may name a file of the web build: it starts with one '/', is at
// most kMaxStaticPathBytes long, and has no empty, "." or ".." segment, no segment starting with
// '.', no '%' (nothing we serve is percent-encoded, so an encoded path is always an attack), no
// backslash, and no control or non-ASCII byte. Everything else is answered 404 without lookup.
bool IsServablePath(std::string_view path);
inline constexpr size_t kMaxStaticPathBytes = 1024;

// True for the customer portal's pages (/portal and below): served from portal.html, the portal's
// own small bundle, instead of the staff app's index.html. Public, like every static file.
bool IsPortalRoute(std::string_view path);

class StaticFiles final {
 public:
  // Indexes and loads every regular file under `root` (symbolic links are not followed; files
  // over kMaxFileBytes are skipped). A missing root serves nothing. Restart the gateway to pick
  // up a new web build.
  explicit StaticFiles(const std::filesystem::path& root);

  // nullopt when there is nothing to serve for `path` (the caller answers 404). Text files
  // go out gzip-compressed when the client accepts it (compressed once, at start).
  std::optional<Response> Serve(const std::string& path, bool accepts_gzip) const;

  size_t file_count() const { return files_.size(); }

  static constexpr uintmax_t kMaxFileBytes = 16 * 1024 * 1024;

 private:
  struct File {
    std::string content;
    std::string gzipped;  // empty when not worth it
    std::string content_type;
    bool immutable = false;  // hashed asset: cached for a year
  };
  std::optional<Response> Answer(const File& file, bool accepts_gzip) const;

  std::map<std::string, File, std::less<>> files_;  // URL path ("/assets/x.js") -> file
};

// gzip (RFC 1952) of `data` at the best compression level.
std::string Gzip(const std::string& data);

}  // namespace billing::gateway
