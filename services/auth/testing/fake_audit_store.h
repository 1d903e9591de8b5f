// The audit/event trail in memory: the rows a test puts in, and the queries the logic made.
#pragma once

#include <algorithm>
#include <vector>

#include "audit_store.h"

namespace billing::auth::testing {

class FakeAuditStore final : public AuditStore {
 public:
  AuditPage List(const AuditQuery& query) override {
    queries.push_back(query);
    return audit;
  }
  EventPage EventsAfter(int64_t after_seq, int limit) override {
    EventPage page;
    for (const auto& event : events) {
      if (event.seq > after_seq && static_cast<int>(page.items.size()) < limit) {
        page.items.push_back(event);
      }
      page.head_seq = std::max(page.head_seq, event.seq);
    }
    return page;
  }

  AuditPage audit;
  std::vector<EventRow> events;
  std::vector<AuditQuery> queries;
};

}  // namespace billing::auth::testing
