// Restore uploads on the backup service's disk: one file per upload under its own directory,
// appended piece by piece, bounded in size, removed after use or when they expire.
#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>

namespace billing::backup {

class UploadStore final {
 public:
  UploadStore(std::filesystem::path directory, size_t max_bytes, std::chrono::seconds ttl);

  size_t max_bytes() const { return max_bytes_; }
  // A new, empty upload; removes expired ones first. Returns its id (32 hex digits).
  std::string Start();
  // Appends `data` at `offset`; a piece already there (same offset and length, a retry) is
  // accepted without appending it again. Returns the size so far. Throws not_found for an
  // unknown or expired id, invalid_argument for a gap or overlap, payload_too_large above
  // max_bytes.
  size_t Append(const std::string& id, size_t offset, const std::string& data);
  // Takes the upload out of the store (a second Take of the same id gets not_found) and returns
  // its file, which the caller removes.
  std::filesystem::path Take(const std::string& id);
  // Puts a taken upload back (its commit may be tried again).
  void Return(const std::string& id, const std::filesystem::path& taken);
  void Discard(const std::string& id);
  // A file for a one-shot upload (Restore), removed by the caller.
  std::filesystem::path NewFile();

 private:
  std::filesystem::path PathOf(const std::string& id) const;  // throws not_found for bad ids
  void EnsureDirectory();  // throws internal when it cannot be made
  void RemoveExpired();

  std::filesystem::path directory_;
  size_t max_bytes_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;  // appends to one upload are serialised
};

}  // namespace billing::backup
