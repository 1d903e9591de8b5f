// SQL fragments shared by the network repositories (internal to them): when a router's link of
// a subscriber is behind.
#pragma once

#include <string>

namespace billing::network::sql {

// A link (alias l, possibly absent) of subscriber s is behind when the router has not seen the
// subscriber's current version; a deleted customer never pushed to a router needs nothing.
inline const std::string kLinkBehind =
    "((l.customer_id IS NULL AND NOT s.deleted) OR l.applied_version < s.version)";

}  // namespace billing::network::sql
