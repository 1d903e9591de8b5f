// A PostgreSQL array literal of ids, for `= ANY($1::bigint[])` parameters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace billing::db {

// "{1,2,3}": numbers only, nothing to escape.
inline std::string IdArray(const std::vector<int64_t>& ids) {
  std::string array = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) array += ',';
    array += std::to_string(ids[i]);
  }
  array += '}';
  return array;
}

}  // namespace billing::db
