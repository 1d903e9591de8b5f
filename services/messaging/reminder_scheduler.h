// Automatic reminders: N days before the due date, on overdue, and a receipt when paid.
#pragma once

#include <chrono>

#include "clients.h"
#include "domain/clock.h"
#include "message_composer.h"
#include "message_repository.h"
#include "service/periodic_task.h"

namespace billing::messaging {

class ReminderScheduler final {
 public:
  ReminderScheduler(MessageRepository& messages, BillingClient& billing, MessageComposer& composer,
                    const domain::Clock& clock, std::chrono::seconds interval);
  ~ReminderScheduler();  // Stop()

  void Start();
  void Stop();

  // One pass over the unpaid bills and recent payments; returns how many messages it queued.
  // Each reminder has a key per (transaction, kind), so replicas and reruns never repeat one.
  int Tick();

 private:
  int QueueDueAndOverdue(const nlohmann::json& settings);
  int QueueReceipts(const nlohmann::json& settings);
  MessageRepository& messages_;
  BillingClient& billing_;
  MessageComposer& composer_;
  const domain::Clock& clock_;
  service::PeriodicTask task_;  // last: stops before the members it uses go away
};

}  // namespace billing::messaging
