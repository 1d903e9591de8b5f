// TempDir: mkdtemp on construction, recursive removal on destruction.
#include "support/temp_dir.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <pwd.h>
#include <stdexcept>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace billing::testing {

TempDir::TempDir() {
  std::string pattern = "/tmp/billing-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error(std::string("TempDir: mkdtemp(/tmp/billing-test-XXXXXX): ") +
                             std::strerror(errno));
  }
  path_ = buffer.data();
  chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
  if (keep_ || path_.empty()) return;
  std::error_code ignored;  // a destructor must not throw; leftovers are visible in /tmp
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Subdir(const std::string& name) const {
  const std::string dir = path_ + "/" + name;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw std::runtime_error("TempDir: cannot create " + dir + ": " + error.message());
  return dir;
}

void TempDir::ChownTo(const std::string& user) const { ChownPath(path_, user); }

void ChownPath(const std::string& path, const std::string& user) {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found) {
    throw std::runtime_error("ChownPath: no such user '" + user + "'");
  }
  if (chown(path.c_str(), found->pw_uid, found->pw_gid) != 0) {
    throw std::runtime_error("ChownPath: chown " + path + " to " + user + ": " +
                             std::strerror(errno));
  }
}

}  // namespace billing::testing
