// The payment settings at run time: billing owns them (Pengaturan > Pembayaran, Settings.payment
// with the secrets revealed to this service); PaymentConfigSource reads them, cached a few
// seconds so that a change takes effect within seconds, and builds the providers and the
// PaymentSettings that Payments works with.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "billing.pb.h"
#include "domain/clock.h"
#include "http/http_transport.h"
#include "payments.h"
#include "portal_pages.h"
#include "providers/midtrans_provider.h"
#include "providers/tripay_provider.h"
#include "providers/xendit_provider.h"

namespace billing::payment {

// What the settings make of the providers: each one whose keys are set (callbacks and
// reconciliation of earlier links keep working after the owner switches provider), and the
// settings of new links.
struct PaymentConfig {
  std::optional<TripayConfig> tripay;
  std::optional<MidtransConfig> midtrans;
  std::optional<XenditConfig> xendit;
  // active_provider is empty ("Pembayaran online belum diatur") unless the chosen provider has
  // its keys and the public address (where callbacks and the customer's return go) is set.
  PaymentSettings settings;
  std::string public_url;  // without a trailing '/'; empty when not an http(s) address

  bool online() const { return !settings.active_provider.empty(); }
};

// "https://tagihan.example.net/" -> callbacks at ".../pay/callback/<provider>", the customer's
// browser back at ".../portal?paid=<reference>"; masked secrets ("***") count as unset.
PaymentConfig ConfigFromSettings(const bills::v1::PaymentSettings& settings);

// The providers built from one reading of the settings.
class PaymentRuntime final {
 public:
  PaymentRuntime(PaymentConfig config, http::HttpTransport& transport, const domain::Clock& clock);

  const PaymentConfig& config() const { return config_; }
  const PaymentSettings& settings() const { return config_.settings; }
  std::vector<PaymentProvider*> Providers() const;

 private:
  PaymentConfig config_;
  std::vector<std::unique_ptr<PaymentProvider>> providers_;
};

class PaymentConfigSource final {
 public:
  // `read` asks billing (GrpcBillGateway::PaymentSettings); a reading is kept `max_age`.
  // `reconcile`: when pending payments are asked from their provider (not a shop setting).
  PaymentConfigSource(std::function<bills::v1::PaymentSettings()> read,
                      http::HttpTransport& transport, const domain::Clock& clock,
                      std::chrono::milliseconds max_age = std::chrono::seconds(5),
                      ReconcilePolicy reconcile = {});

  // The runtime of the settings as billing had them at most max_age ago. When billing cannot be
  // reached the last runtime stays in use (asked again after max_age); with none yet, throws
  // errors::Error(unavailable).
  std::shared_ptr<PaymentRuntime> Current();

 private:
  std::function<bills::v1::PaymentSettings()> read_;
  http::HttpTransport& transport_;
  const domain::Clock& clock_;
  std::chrono::milliseconds max_age_;
  ReconcilePolicy reconcile_;
  std::mutex mutex_;
  std::shared_ptr<PaymentRuntime> current_;
  std::string current_settings_;  // serialised, to rebuild only on a change
  std::optional<std::chrono::system_clock::time_point> read_at_;
};

// Payments over the current settings, for one call: the handle keeps its providers alive.
class LivePayments final {
 public:
  class Handle {
   public:
    Handle(std::shared_ptr<PaymentRuntime> runtime, PaymentStore& store, BillGateway& bills,
           const domain::Clock& clock, const std::function<std::string()>& new_reference)
        : runtime_(std::move(runtime)),
          payments_(store, bills, runtime_->Providers(), clock, runtime_->settings(),
                    new_reference) {}
    Payments& operator*() { return payments_; }
    Payments* operator->() { return &payments_; }
    const PaymentConfig& config() const { return runtime_->config(); }

   private:
    std::shared_ptr<PaymentRuntime> runtime_;
    Payments payments_;
  };

  // `new_reference`: Payments' merchant reference maker (random when empty).
  LivePayments(PaymentStore& store, BillGateway& bills, PaymentConfigSource& source,
               const domain::Clock& clock, std::function<std::string()> new_reference = {})
      : store_(store),
        bills_(bills),
        source_(source),
        clock_(clock),
        new_reference_(std::move(new_reference)) {}

  // Throws errors::Error(unavailable) when the settings could never be read.
  Handle Open() { return Handle(source_.Current(), store_, bills_, clock_, new_reference_); }

 private:
  PaymentStore& store_;
  BillGateway& bills_;
  PaymentConfigSource& source_;
  const domain::Clock& clock_;
  std::function<std::string()> new_reference_;
};

// The portal's pay links over the current settings (a change in Pengaturan applies at once).
class LivePayLinks final : public PortalPayLinks {
 public:
  explicit LivePayLinks(LivePayments& payments) : payments_(payments) {}
  PaymentLink ForBill(int64_t bill_id) override { return payments_.Open()->LinkForBill(bill_id); }
  PaymentLink ForUnpaid(int64_t customer_id) override {
    return payments_.Open()->LinkForUnpaid(customer_id);
  }

 private:
  LivePayments& payments_;
};

}  // namespace billing::payment
