// Watching wa-link. An unreachable wa-link is not a state change of the phone: it is logged
// (once until it answers again) and nothing is recorded.
#include "link_watcher.h"

#include <nlohmann/json.hpp>

#include "log/log.h"

namespace billing::messaging {

LinkWatcher::LinkWatcher(BillingClient& billing, const WaLinkClient& wa_link,
                         LinkedDeviceStore& store, std::chrono::milliseconds interval)
    : billing_(billing),
      wa_link_(wa_link),
      store_(store),
      interval_(interval),
      thread_("link watcher trouble", interval, [this] { return Step(); }) {}

LinkWatcher::~LinkWatcher() { Stop(); }

std::chrono::milliseconds LinkWatcher::Step() {
  if (billing_.Settings().whatsapp().provider() != "linked") {
    unreachable_ = false;
    return interval_;
  }
  LinkStatus status = wa_link_.Status();
  if (!status.reachable) {
    if (!unreachable_) {
      log::Warn("wa-link cannot be reached; linked-device messages wait",
                {{"problem", status.problem}});
    }
    unreachable_ = true;
    return interval_;
  }
  if (unreachable_) log::Info("wa-link answers again", {{"state", status.state}});
  unreachable_ = false;
  if (!IsLinkState(status.state)) {
    log::Warn("wa-link reports an unknown state", {{"state", status.state}});
    return interval_;
  }
  if (store_.RecordState(status)) {
    log::Info("linked device state changed",
              {{"state", status.state}, {"reason", status.reason}, {"number", status.number}});
  }
  return interval_;
}

}  // namespace billing::messaging
