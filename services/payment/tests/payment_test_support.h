// What the provider tests share: a sample request, a receiver for callbacks, a real transport.
#pragma once

#include <chrono>

#include "domain/clock.h"
#include "errors/error.h"
#include "fakes/payments/fake_support.h"
#include "http/curl_transport.h"
#include "providers/payment_provider.h"
#include "support/fake_whatsapp.h"

namespace billing::payment::testing {

inline http::CurlTransport RealTransport() {
  return http::CurlTransport(std::chrono::milliseconds(2000), std::chrono::milliseconds(5000));
}

// A bill of Rp 150.000 due in an hour, whose callbacks go to `callback_url`.
inline CreatePaymentRequest SampleRequest(const std::string& merchant_ref,
                                          const std::string& callback_url) {
  CreatePaymentRequest request;
  request.merchant_ref = merchant_ref;
  request.amount = 150000;
  request.customer_name = "Budi Santoso";
  request.customer_phone = "6281234567890";
  request.items = {{"Internet 20 Mbps 2026-01", 150000, 1}};
  request.expires_at = std::chrono::system_clock::now() + std::chrono::hours(1);
  request.return_url = "https://isp.example/portal";
  request.callback_url = callback_url;
  return request;
}

// The one callback the receiver got, as the payment service will hand it to a provider.
inline CallbackRequest Received(const billing::testing::FakeWhatsapp& receiver) {
  auto requests = receiver.Requests();
  if (requests.size() != 1) return {};
  return CallbackRequest{requests[0].headers, requests[0].body};
}

inline billing::testing::payments::CallbackOptions Tampered() {
  billing::testing::payments::CallbackOptions options;
  options.tampered = true;
  return options;
}

inline billing::testing::payments::CallbackOptions Unsigned() {
  billing::testing::payments::CallbackOptions options;
  options.unsigned_callback = true;
  return options;
}

// The errors::Error code `call` throws; kInternal when it throws nothing or something else.
template <typename Call>
errors::Code ErrorCodeOf(Call&& call) {
  try {
    call();
  } catch (const errors::Error& error) {
    return error.code();
  } catch (...) {
  }
  return errors::Code::kInternal;
}

}  // namespace billing::payment::testing
