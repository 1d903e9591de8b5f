// Automatic reminders: N days before the due date, on overdue, and a receipt when paid.
#pragma once

#include <chrono>

#include "clients.h"
#include "domain/clock.h"
#include "message_composer.h"
#include "payment_feed.h"
#include "send_keys.h"
#include "service/periodic_task.h"

namespace billing::messaging {

class ReminderScheduler final {
 public:
  ReminderScheduler(SendKeys& keys, PaymentFeed& payments, BillingClient& billing,
                    MessageComposer& composer, const domain::Clock& clock,
                    std::chrono::seconds interval);
  ~ReminderScheduler();  // Stop()

  void Start();
  void Stop();

  // One pass over the unpaid bills and recent payments; returns how many messages it queued.
  // Each reminder has a key per (transaction, kind), so replicas and reruns never repeat one.
  int Tick();

 private:
  int QueueDueAndOverdue(const bills::v1::Settings& settings);
  int QueueReceipts(const bills::v1::Settings& settings);
  SendKeys& keys_;
  PaymentFeed& payments_;
  BillingClient& billing_;
  MessageComposer& composer_;
  const domain::Clock& clock_;
  service::PeriodicTask task_;  // last: stops before the members it uses go away
};

}  // namespace billing::messaging
