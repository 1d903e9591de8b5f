// SQL of the linked_device row: the phone's last known state (provider "linked"), and the audit
// rows of its changes and of an admin's unlink.
#pragma once

#include "db/pool.h"
#include "rpc/caller.h"
#include "wa_link_client.h"

namespace billing::messaging {

// What the link watcher needs of the row; implemented by LinkedDeviceRepository and by the
// tests' fake.
class LinkedDeviceStore {
 public:
  virtual ~LinkedDeviceStore() = default;
  // When wa-link's state, number or reason differ from the row: updates the row and records the
  // change (audit trail, live event "whatsapp_link"/"state") in one transaction, and returns
  // true. Of several replicas seeing the same change, one records it.
  virtual bool RecordState(const LinkStatus& status) = 0;
};

class LinkedDeviceRepository final : public LinkedDeviceStore {
 public:
  explicit LinkedDeviceRepository(db::Pool& pool);

  bool RecordState(const LinkStatus& status) override;
  // An admin unlinked `number` ("" when unknown; then the row's): the row takes wa-link's status
  // afterwards and the unlink is recorded ("whatsapp_link"/"unlink") as `actor`.
  void RecordUnlink(const std::string& number, const LinkStatus& after, const rpc::Caller& actor);

 private:
  db::Pool& pool_;
};

// Whether `state` is one wa-link reports (and the row accepts).
bool IsLinkState(const std::string& state);

}  // namespace billing::messaging
