// SQL fragments shared by the network repositories (internal to them): when a router's link of
// a subscriber is behind, and its state as staff see it.
#pragma once

#include <string>

namespace billing::network::sql {

// A link (alias l, possibly absent) of subscriber s is behind when the router has not seen the
// subscriber's current version; a deleted customer never pushed to a router needs nothing.
inline const std::string kLinkBehind =
    "((l.customer_id IS NULL AND NOT s.deleted) OR l.applied_version < s.version)";

// ok | failed | pending for link l of subscriber s.
inline const std::string kLinkState = "CASE WHEN NOT " + kLinkBehind +
                                      " THEN 'ok' WHEN coalesce(l.attempts, 0) > 0 THEN 'failed' "
                                      "ELSE 'pending' END";

}  // namespace billing::network::sql
