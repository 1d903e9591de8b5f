// The public JSON shapes of online payments (staff: links and attempts) and of the customer
// portal (docs/portal-api.md). Field names are the API contract.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "payment.pb.h"

namespace billing::gateway {

// {url, provider, reference, amount, expires_at, reused}
nlohmann::json PaymentLinkJson(const payment::v1::PaymentLink& link);
// One payment attempt; empty times are null.
nlohmann::json AttemptJson(const payment::v1::Attempt& attempt);
nlohmann::json AttemptListJson(const payment::v1::ListAttemptsReply& reply);

// The customer portal.
nlohmann::json PortalSessionJson(const payment::v1::PortalSession& session);
nlohmann::json PortalPageJson(const payment::v1::PortalPage& page);
nlohmann::json PortalBillJson(const payment::v1::PortalBillReply& reply);
nlohmann::json PortalPaymentStatusJson(const payment::v1::PortalPaymentStatus& status);

}  // namespace billing::gateway
