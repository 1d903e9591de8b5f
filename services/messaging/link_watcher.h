// The link watcher: while the provider is "linked", reads wa-link's status every few seconds and
// records each change of the phone's state (connected, waiting for the QR scan, logged out ...)
// in the audit trail and as a live event, so staff see when the phone connected or was removed.
#pragma once

#include <chrono>

#include "clients.h"
#include "linked_device_repository.h"
#include "service/worker_thread.h"
#include "wa_link_client.h"

namespace billing::messaging {

class LinkWatcher final {
 public:
  static constexpr std::chrono::milliseconds kInterval{2000};

  // `wa_link` should use short timeouts: one look must not hold the loop for long.
  LinkWatcher(BillingClient& billing, const WaLinkClient& wa_link, LinkedDeviceStore& store,
              std::chrono::milliseconds interval = kInterval);
  ~LinkWatcher();  // Stop()

  void Start() { thread_.Start(); }
  void Stop() { thread_.Stop(); }

  // One look; returns how long to wait before the next.
  std::chrono::milliseconds Step();

 private:
  BillingClient& billing_;
  const WaLinkClient& wa_link_;
  LinkedDeviceStore& store_;
  std::chrono::milliseconds interval_;
  bool unreachable_ = false;      // warned once until wa-link answers again
  service::WorkerThread thread_;  // last: its steps use every member above
};

}  // namespace billing::messaging
