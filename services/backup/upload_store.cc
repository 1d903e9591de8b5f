// Upload files are named by a random id and created 0600 in a 0700 directory.
#include "upload_store.h"

#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "backup_rules.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::backup {
namespace {

namespace fs = std::filesystem;
constexpr const char* kPartSuffix = ".part";

std::string RandomId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) throw errors::Internal("RAND_bytes failed");
  static const char* kHex = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

errors::Error UploadNotFound() { return errors::NotFound(i18n::kBackupUploadNotFound); }

void CreateEmpty(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw errors::Internal(i18n::kBackupUploadStorage);
  ::close(fd);
}

}  // namespace

UploadStore::UploadStore(fs::path directory, size_t max_bytes, std::chrono::seconds ttl)
    : directory_(std::move(directory)), max_bytes_(max_bytes), ttl_(ttl) {}

void UploadStore::EnsureDirectory() {
  // Made on first use, not at start: a service whose disk is read-only still backs up, and
  // says why an upload cannot be stored.
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (!ec) fs::permissions(directory_, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) {
    log::Error("restore upload directory unusable",
               {{"dir", directory_.string()}, {"error", ec.message()}});
    throw errors::Internal(i18n::kBackupUploadStorage);
  }
}

fs::path UploadStore::PathOf(const std::string& id) const {
  if (id.size() != 32 || id.find_first_not_of("0123456789abcdef") != std::string::npos) {
    throw UploadNotFound();
  }
  return directory_ / (id + kPartSuffix);
}

void UploadStore::RemoveExpired() {
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(directory_, ec)) {
    auto written = entry.last_write_time(ec);
    if (ec || now - written < ttl_) continue;
    fs::remove(entry.path(), ec);
    log::Info("restore upload expired", {{"file", entry.path().filename().string()}});
  }
}

std::string UploadStore::Start() {
  std::lock_guard lock(mutex_);
  EnsureDirectory();
  RemoveExpired();
  std::string id = RandomId();
  CreateEmpty(PathOf(id));
  return id;
}

fs::path UploadStore::NewFile() {
  std::lock_guard lock(mutex_);
  EnsureDirectory();
  RemoveExpired();
  fs::path path = directory_ / (RandomId() + ".restore");
  CreateEmpty(path);
  return path;
}

size_t UploadStore::Append(const std::string& id, size_t offset, const std::string& data) {
  fs::path path = PathOf(id);
  std::lock_guard lock(mutex_);
  std::error_code ec;
  size_t size = static_cast<size_t>(fs::file_size(path, ec));
  if (ec) throw UploadNotFound();
  if (offset + data.size() == size && offset < size) return size;  // a retried piece
  if (offset != size) throw UploadOffsetError();
  CheckUploadSize(size + data.size(), max_bytes_);
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) throw errors::Internal(i18n::kBackupUploadStorage);
  return size + data.size();
}

fs::path UploadStore::Take(const std::string& id) {
  fs::path path = PathOf(id);
  std::lock_guard lock(mutex_);
  fs::path taken = directory_ / (id + ".restore");
  std::error_code ec;
  fs::rename(path, taken, ec);
  if (ec) throw UploadNotFound();
  return taken;
}

void UploadStore::Return(const std::string& id, const fs::path& taken) {
  fs::path path = PathOf(id);
  std::lock_guard lock(mutex_);
  std::error_code ec;
  fs::rename(taken, path, ec);
}

void UploadStore::Discard(const std::string& id) {
  fs::path path = PathOf(id);
  std::lock_guard lock(mutex_);
  std::error_code ec;
  if (!fs::remove(path, ec)) throw UploadNotFound();
}

}  // namespace billing::backup
