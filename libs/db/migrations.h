// Versioned SQL migrations per service schema, applied once, under an advisory lock.
#pragma once

#include <string>
#include <vector>

#include "db/pool.h"

namespace billing::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Applies, in one transaction, every migration of `schema` not applied yet. Replicas starting
// together serialise on an advisory lock; a failing migration rolls everything back.
// Returns how many were applied.
int ApplyMigrations(Pool& pool, const std::string& schema, const std::vector<Migration>& all);

}  // namespace billing::db
