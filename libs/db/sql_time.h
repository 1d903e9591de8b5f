// SQL text for a timestamptz column as RFC 3339 UTC ("2026-11-25T08:00:00Z"), "" for NULL; a
// macro so that it concatenates into constexpr query strings.
#pragma once

#define BILLING_SQL_RFC3339(column) \
  "coalesce(to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"
