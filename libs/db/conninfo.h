// libpq connection strings as the pool opens them: the service's schema in every session's
// search_path (so it survives any reconnect, libpqxx's silent ones included) and a bounded
// connect time, whichever form DATABASE_URL takes.
#pragma once

#include <string>

namespace billing::db {

// `url` in either libpq form (postgresql://... URI or key=value pairs). Returns a key=value
// conninfo with `-csearch_path=<schema>,public` added to its options (nothing when schema is
// empty) and connect_timeout set when the url has none. Throws std::invalid_argument when the
// url cannot be parsed or the schema is not a plain identifier.
std::string SessionConninfo(const std::string& url, const std::string& schema,
                            int connect_timeout_seconds = 5);

}  // namespace billing::db
