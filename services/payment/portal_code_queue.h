// PortalCodeQueue: hands sign-in codes to another PortalCodeSender (messaging) on a thread of
// its own, so that RequestCode answers as fast for a number and phone that belong together
// (a code is sent) as for a pair that does not (nothing is sent): its time tells nothing.
// A code still queued when the process stops is lost; the customer asks again.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>

#include "portal_clients.h"
#include "service/worker_thread.h"

namespace billing::payment {

class PortalCodeQueue final : public PortalCodeSender {
 public:
  // At most `capacity` codes wait; beyond that a code is dropped (logged without the code).
  explicit PortalCodeQueue(PortalCodeSender& inner, size_t capacity = 1000);
  ~PortalCodeQueue() override;

  // Queues the code and returns at once; never throws for the delivery.
  void Send(int64_t customer_id, const std::string& phone, const std::string& code,
            int valid_minutes) override;

  // Starts / stops the delivering thread (Stop lets a send in flight finish).
  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }

 private:
  struct Pending {
    int64_t customer_id = 0;
    std::string phone;
    std::string code;
    int valid_minutes = 0;
  };
  std::chrono::milliseconds DeliverOne();

  PortalCodeSender& inner_;
  size_t capacity_;
  std::mutex mutex_;
  std::deque<Pending> pending_;
  service::WorkerThread worker_;
};

}  // namespace billing::payment
