// Serves the web build (single-page app): files by path, index.html for app routes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "http/request_context.h"

namespace billing::gateway {

class StaticFiles final {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // nullopt when there is nothing to serve for `path` (the caller answers 404).
  std::optional<Response> Serve(const std::string& path) const;

 private:
  std::optional<Response> Read(const std::filesystem::path& file, bool immutable) const;
  std::filesystem::path root_;
};

}  // namespace billing::gateway
