// TempDir: a scratch directory under /tmp that removes itself, for data dirs and logs.
#pragma once

#include <string>

namespace billing::testing {

class TempDir final {
 public:
  // Creates /tmp/billing-test-XXXXXX (mode 0755 so a daemon user can reach subdirectories).
  // Throws std::runtime_error on failure.
  TempDir();
  // Removes the directory recursively unless Keep() was called.
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& Path() const { return path_; }

  // Creates Path()/name (and parents) if missing and returns its path.
  std::string Subdir(const std::string& name) const;

  // chowns Path() (not recursively) to `user`, e.g. "postgres" when we run as root.
  void ChownTo(const std::string& user) const;

  // Leaves the directory on disk at destruction (for KEEP_TEST_LOGS).
  void Keep() { keep_ = true; }

 private:
  std::string path_;
  bool keep_ = false;
};

// chowns `path` to `user` and its primary group. Throws std::runtime_error on failure.
void ChownPath(const std::string& path, const std::string& user);

}  // namespace billing::testing
