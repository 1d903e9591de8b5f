// Payment settings -> providers and PaymentSettings (payment_config.h).
#include "payment_config.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "log/log.h"

namespace billing::payment {
namespace {

constexpr char kMasked[] = "***";
constexpr int kDefaultLinkHours = 24;
constexpr int kMaxLinkHours = 168;

// A secret as billing revealed it; a masked or blank one is unusable.
bool Usable(const std::string& secret) { return !secret.empty() && secret != kMasked; }

std::string PublicUrl(std::string url) {
  while (!url.empty() && (url.back() == '/' || url.back() == ' ')) url.pop_back();
  while (!url.empty() && url.front() == ' ') url.erase(url.begin());
  bool http = url.starts_with("https://") || url.starts_with("http://");
  if (!http || url.find_first_of(" ?#") != std::string::npos) return "";
  auto host = url.substr(url.find("://") + 3);
  return host.empty() ? "" : url;
}

// "https://tagihan.example.net:8443/x" -> "tagihan.example.net".
std::string Host(const std::string& public_url) {
  auto host = public_url.substr(public_url.find("://") + 3);
  host = host.substr(0, host.find_first_of("/:"));
  return host;
}

}  // namespace

PaymentConfig ConfigFromSettings(const bills::v1::PaymentSettings& s) {
  PaymentConfig config;
  const ProviderMode mode =
      s.mode() == "production" ? ProviderMode::kProduction : ProviderMode::kSandbox;
  const FeeMode fee_mode =
      s.fee_mode() == "customer" ? FeeMode::kPaidByCustomer : FeeMode::kAbsorbed;
  const int64_t customer_fee = std::max<int64_t>(0, s.customer_fee());
  config.public_url = PublicUrl(s.public_url());

  const auto& tripay = s.tripay();
  if (Usable(tripay.api_key()) && Usable(tripay.private_key()) && !tripay.merchant_code().empty()) {
    TripayConfig t;
    t.mode = mode;
    t.base_url = tripay.api_base_url();
    t.api_key = tripay.api_key();
    t.private_key = tripay.private_key();
    t.merchant_code = tripay.merchant_code();
    if (!tripay.method().empty()) t.method = tripay.method();
    // Tripay requires an e-mail address; the customer's is not known, the merchant's site's
    // stands in.
    if (!config.public_url.empty()) t.customer_email = "tagihan@" + Host(config.public_url);
    config.tripay = std::move(t);
  }
  const auto& midtrans = s.midtrans();
  if (Usable(midtrans.server_key())) {
    MidtransConfig m;
    m.mode = mode;
    m.snap_base_url = midtrans.snap_base_url();
    m.core_base_url = midtrans.core_base_url();
    m.server_key = midtrans.server_key();
    m.fee_mode = fee_mode;
    m.customer_fee = customer_fee;
    config.midtrans = std::move(m);
  }
  const auto& xendit = s.xendit();
  if (Usable(xendit.secret_key()) && Usable(xendit.callback_token())) {
    XenditConfig x;
    x.mode = mode;
    x.base_url = xendit.api_base_url();
    x.secret_key = xendit.secret_key();
    x.callback_token = xendit.callback_token();
    x.fee_mode = fee_mode;
    x.customer_fee = customer_fee;
    config.xendit = std::move(x);
  }

  PaymentSettings& settings = config.settings;
  int hours = s.link_hours() <= 0 ? kDefaultLinkHours : std::min(s.link_hours(), kMaxLinkHours);
  settings.link_lifetime = std::chrono::hours(hours);
  // A link is handed out again while it stays valid for a while: 30 minutes, or a quarter of a
  // short lifetime.
  settings.reuse_margin =
      std::min<std::chrono::seconds>(std::chrono::minutes(30), settings.link_lifetime / 4);
  if (!config.public_url.empty()) {
    settings.callback_url_base = config.public_url + "/pay/callback/";
    settings.return_url_base = config.public_url + "/portal?paid=";
  }
  const std::string& chosen = s.provider();
  bool has_keys = (chosen == "tripay" && config.tripay) ||
                  (chosen == "midtrans" && config.midtrans) ||
                  (chosen == "xendit" && config.xendit);
  if (has_keys && !config.public_url.empty()) settings.active_provider = chosen;
  return config;
}

PaymentRuntime::PaymentRuntime(PaymentConfig config, http::HttpTransport& transport,
                               const domain::Clock& clock)
    : config_(std::move(config)) {
  if (config_.tripay) {
    providers_.push_back(std::make_unique<TripayProvider>(*config_.tripay, transport));
  }
  if (config_.midtrans) {
    providers_.push_back(std::make_unique<MidtransProvider>(*config_.midtrans, transport, clock));
  }
  if (config_.xendit) {
    providers_.push_back(std::make_unique<XenditProvider>(*config_.xendit, transport, clock));
  }
}

std::vector<PaymentProvider*> PaymentRuntime::Providers() const {
  std::vector<PaymentProvider*> out;
  for (const auto& provider : providers_) out.push_back(provider.get());
  return out;
}

PaymentConfigSource::PaymentConfigSource(std::function<bills::v1::PaymentSettings()> read,
                                         http::HttpTransport& transport, const domain::Clock& clock,
                                         std::chrono::milliseconds max_age,
                                         ReconcilePolicy reconcile)
    : read_(std::move(read)),
      transport_(transport),
      clock_(clock),
      max_age_(max_age),
      reconcile_(reconcile) {}

std::shared_ptr<PaymentRuntime> PaymentConfigSource::Current() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.Now();
  if (current_ && read_at_ && now - *read_at_ < max_age_ && now >= *read_at_) return current_;
  try {
    auto settings = read_();
    read_at_ = now;
    std::string serialised = settings.SerializeAsString();
    if (!current_ || serialised != current_settings_) {
      PaymentConfig config = ConfigFromSettings(settings);
      config.settings.reconcile = reconcile_;
      current_ = std::make_shared<PaymentRuntime>(std::move(config), transport_, clock_);
      current_settings_ = std::move(serialised);
    }
  } catch (const errors::Error& e) {
    if (!current_) throw;
    read_at_ = now;  // ask again after max_age, not on every call while billing is away
    log::Warn("payment settings not read; the last ones stay in use", {{"error", e.message()}});
  }
  return current_;
}

}  // namespace billing::payment
