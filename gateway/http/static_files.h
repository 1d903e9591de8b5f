// Serves the web build (single-page app): files by path, index.html for app routes.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http/request_context.h"

namespace billing::gateway {

class StaticFiles final {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // nullopt when there is nothing to serve for `path` (the caller answers 404). Text files
  // go out gzip-compressed when the client accepts it (compressed once, then cached).
  std::optional<Response> Serve(const std::string& path, bool accepts_gzip);

 private:
  std::optional<Response> Read(const std::filesystem::path& file, bool immutable,
                               bool accepts_gzip);
  std::string Compressed(const std::filesystem::path& file, const std::string& content);

  struct GzipCache {
    std::mutex mutex;
    std::map<std::string, std::pair<std::filesystem::file_time_type, std::string>> files;
  };

  std::filesystem::path root_;
  std::shared_ptr<GzipCache> gzip_cache_ = std::make_shared<GzipCache>();
};

// gzip (RFC 1952) of `data` at the best compression level.
std::string Gzip(const std::string& data);

}  // namespace billing::gateway
