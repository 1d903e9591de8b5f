// PaymentService RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "payment_service.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "domain/text.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/paging.h"
#include "rpc/server.h"

namespace billing::payment {
namespace {

constexpr size_t kMaxProviderName = 32;

std::string Time(const std::optional<TimePoint>& time) {
  return time ? domain::FormatRfc3339(*time) : "";
}

size_t Utf8Chars(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

void ToProto(const Attempt& a, v1::Attempt* out) {
  out->set_id(a.id);
  out->set_reference(a.merchant_ref);
  out->set_provider(a.provider);
  out->set_provider_reference(a.provider_reference);
  out->set_customer_id(a.customer_id);
  out->set_scope(std::string(ScopeName(a.scope)));
  for (int64_t id : a.bill_ids) out->add_bill_ids(id);
  out->set_amount_asked(a.amount_asked);
  out->set_amount_charged(a.amount_charged);
  out->set_amount_paid(a.amount_paid);
  out->set_pay_url(a.pay_url);
  out->set_status(std::string(StatusName(a.status)));
  out->set_expires_at(domain::FormatRfc3339(a.expires_at));
  out->set_created_at(domain::FormatRfc3339(a.created_at));
  out->set_updated_at(domain::FormatRfc3339(a.updated_at));
  out->set_paid_at(Time(a.paid_at));
  out->set_bill_marked_at(Time(a.bill_marked_at));
  out->set_needs_check(std::string(CheckReasonName(a.needs_check)));
  out->set_needs_check_text(CheckReasonText(a.needs_check));
  out->set_checked_by(a.settled_by);
  out->set_checked_note(a.settled_note);
  out->set_checked_at(Time(a.settled_at));
}

PaymentService::PaymentService(LivePayments& payments, PaymentStore& store,
                               const domain::Clock& clock, metrics::Metrics& metrics)
    : payments_(payments), store_(store), clock_(clock), metrics_(metrics) {}

grpc::Status PaymentService::LinkForBill(grpc::ServerContext* context,
                                         const v1::LinkForBillRequest* request,
                                         v1::PaymentLink* reply) {
  return rpc::HandleRpc(metrics_, "LinkForBill", *context, [&] {
    rpc::ReadUser(*context);
    if (request->bill_id() <= 0) {
      throw errors::InvalidArgument(i18n::kValidationFailed, {{"bill_id", i18n::kInvalidId}});
    }
    auto payments = payments_.Open();
    if (!payments.config().online()) throw errors::FailedPrecondition(i18n::kPaymentNotConfigured);
    ToProto(payments->LinkForBill(request->bill_id()), reply);
  });
}

grpc::Status PaymentService::ListAttempts(grpc::ServerContext* context,
                                          const v1::ListAttemptsRequest* request,
                                          v1::ListAttemptsReply* reply) {
  return rpc::HandleRpc(metrics_, "ListAttempts", *context, [&] {
    rpc::ReadUser(*context);
    errors::FieldErrors fields;
    if (request->bill_id() < 0) fields.emplace("bill_id", i18n::kInvalidId);
    if (request->customer_id() < 0) fields.emplace("customer_id", i18n::kInvalidId);
    rpc::Page page = rpc::ReadPage(request->paging(), fields);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    AttemptFilter filter{request->bill_id(), request->customer_id(), request->needs_check()};
    AttemptPage found = store_.List(filter, page.limit, page.offset);
    for (const auto& attempt : found.items) ToProto(attempt, reply->add_items());
    reply->set_total(found.total);
  });
}

grpc::Status PaymentService::SettleCheck(grpc::ServerContext* context,
                                         const v1::SettleCheckRequest* request,
                                         v1::Attempt* reply) {
  return rpc::HandleRpc(metrics_, "SettleCheck", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    errors::FieldErrors fields;
    if (request->attempt_id() <= 0) fields.emplace("attempt_id", i18n::kInvalidId);
    std::string note = domain::Trim(request->note());
    if (note.empty()) {
      fields.emplace("note", i18n::kPaymentNoteRequired);
    } else if (Utf8Chars(note) > kMaxSettleNoteChars) {
      fields.emplace("note", i18n::kPaymentNoteTooLong);
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    ToProto(store_.Settle({request->attempt_id(), note, clock_.Now()}, caller), reply);
  });
}

grpc::Status PaymentService::HandleCallback(grpc::ServerContext* context,
                                            const v1::CallbackRequest* request,
                                            v1::CallbackReply* reply) {
  return rpc::HandleRpc(metrics_, "HandleCallback", *context, [&] {
    rpc::RequireService(rpc::ReadCaller(*context), "gateway");
    const std::string provider = Lower(request->provider());
    if (provider.empty() || provider.size() > kMaxProviderName) {
      throw errors::NotFound(i18n::kPaymentUnknownProvider);
    }
    CallbackRequest callback;
    for (const auto& [name, value] : request->headers()) callback.headers[Lower(name)] = value;
    callback.body = request->body();
    Attempt attempt = payments_.Open()->HandleCallback(provider, callback);
    reply->set_reference(attempt.merchant_ref);
    reply->set_status(std::string(StatusName(attempt.status)));
  });
}

}  // namespace billing::payment
