// Messaging RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "messaging_service.h"

#include "domain/phone.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "i18n/wa_link_messages.h"
#include "log/log.h"
#include "portal_code_rules.h"
#include "providers/provider_factory.h"
#include "rpc/paging.h"
#include "rpc/server.h"

namespace billing::messaging {
namespace {

constexpr size_t kMaxTemplateBytes = 2000;
constexpr size_t kMaxNoticeKeyBytes = 200;
constexpr size_t kMaxReasonChars = 200;

void ToProto(const QueueCounts& counts, v1::QueueCounts* out) {
  out->set_queued(counts.queued);
  out->set_sent(counts.sent);
  out->set_failed(counts.failed);
  out->set_cancelled(counts.cancelled);
}

void ToProto(const MessageRecord& m, v1::Message* out) {
  out->set_id(m.id);
  out->set_broadcast_id(m.broadcast_id);
  out->set_kind(m.kind);
  out->set_customer_id(m.customer_id);
  out->set_customer_name(m.customer_name);
  out->set_transaction_id(m.transaction_id);
  out->set_phone(m.phone);
  out->set_body(m.body);
  out->set_status(m.status);
  out->set_attempts(m.attempts);
  out->set_last_error(m.last_error);
  out->set_provider_message_id(m.provider_message_id);
  out->set_created_by(m.created_by);
  out->set_created_at(m.created_at);
  out->set_next_attempt_at(m.next_attempt_at);
  out->set_sent_at(m.sent_at);
  out->set_trigger(m.trigger);
}

void ToProto(const BroadcastRecord& b, v1::Broadcast* out) {
  out->set_id(b.id);
  out->set_type(b.type);
  out->set_kind(b.kind);
  out->set_status(b.Status());
  out->set_total(b.total);
  ToProto(b.counts, out->mutable_counts());
  out->set_created_by(b.created_by);
  out->set_created_at(b.created_at);
  out->set_cancelled_by(b.cancelled_by);
  out->set_cancelled_at(b.cancelled_at);
}

bool IsMessageStatus(const std::string& status) {
  for (const char* known : {"queued", "sending", "sent", "failed", "cancelled"}) {
    if (status == known) return true;
  }
  return false;
}

// The phone's state for the gateway, without the QR code.
void ToProto(const LinkStatus& status, v1::LinkedDevice* out) {
  out->set_reachable(status.reachable);
  out->set_state(status.state);
  out->set_number(status.number);
  out->set_name(status.name);
  out->set_since(status.since);
  out->set_reason(status.reason);
  out->set_detail(LinkDetail(status));
}

// Link / Unlink could not be done: 503 with the reason for people; the cause in the log.
errors::Error WaLinkUnavailable(const char* call, const LinkStatus& status) {
  log::Warn("wa-link call failed", {{"call", call}, {"problem", status.problem}});
  return errors::Unavailable(status.secret_refused ? i18n::kWaLinkRefusedSecret
                                                   : i18n::kWaLinkUnavailable);
}

size_t Utf8Chars(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

MessagingService::MessagingService(QueueRepository& queue, BroadcastRepository& broadcasts,
                                   SenderRepository& sender, SendKeyRepository& keys,
                                   MessageComposer& composer, BillingClient& billing,
                                   HttpTransport& check_transport, std::function<void()> queued,
                                   metrics::Metrics& metrics, const ProviderConfig& providers,
                                   LinkedDeviceRepository& linked)
    : queue_(queue),
      broadcasts_(broadcasts),
      sender_(sender),
      keys_(keys),
      composer_(composer),
      billing_(billing),
      check_transport_(check_transport),
      queued_(std::move(queued)),
      metrics_(metrics),
      providers_(providers),
      linked_(linked) {}

bills::v1::Settings MessagingService::RequireProvider() {
  bills::v1::Settings settings = billing_.Settings();
  if (!MakeProvider(settings.whatsapp(), providers_)) {
    throw errors::FailedPrecondition(i18n::kProviderNone);
  }
  return settings;
}

void MessagingService::FillStatus(v1::StatusReply* reply) {
  bills::v1::WhatsAppSettings whatsapp = billing_.Settings().whatsapp();
  reply->set_enabled(sender_.Enabled());
  reply->set_provider(whatsapp.provider());
  if (whatsapp.provider() == "linked") {
    // One look at wa-link gives both the connection check and the phone's state.
    LinkStatus status = WaLink().Status();
    reply->set_connected(status.Connected());
    reply->set_detail(status.Connected() ? "" : LinkDetail(status));
    ToProto(status, reply->mutable_linked());
  } else if (auto provider = MakeProvider(whatsapp, providers_)) {
    ConnectionCheck check = provider->Check(check_transport_);
    reply->set_connected(check.connected);
    reply->set_detail(check.detail);
  } else {
    reply->set_connected(false);
    reply->set_detail(i18n::kProviderNone);
  }
  ToProto(queue_.Counts(), reply->mutable_queue());
}

grpc::Status MessagingService::Status(grpc::ServerContext* context,
                                      const common::v1::Empty* /*request*/,
                                      v1::StatusReply* reply) {
  return rpc::HandleRpc(metrics_, "Status", *context, [&] {
    rpc::ReadUser(*context);
    FillStatus(reply);
  });
}

grpc::Status MessagingService::Start(grpc::ServerContext* context,
                                     const common::v1::Empty* /*request*/, v1::StatusReply* reply) {
  return rpc::HandleRpc(metrics_, "Start", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    RequireProvider();
    sender_.SetEnabled(true, caller);
    queued_();
    FillStatus(reply);
  });
}

grpc::Status MessagingService::Stop(grpc::ServerContext* context,
                                    const common::v1::Empty* /*request*/, v1::StatusReply* reply) {
  return rpc::HandleRpc(metrics_, "Stop", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    sender_.SetEnabled(false, caller);
    FillStatus(reply);
  });
}

grpc::Status MessagingService::SendBilling(grpc::ServerContext* context,
                                           const v1::SendBillingRequest* request,
                                           v1::SendBillingReply* reply) {
  return rpc::HandleRpc(metrics_, "SendBilling", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    bool by_customer = request->customer_id() != 0;
    bool by_transaction = request->transaction_id() != 0;
    if (by_customer == by_transaction) {
      throw errors::InvalidArgument(
          i18n::kSendTargetRequired,
          {{by_customer ? "transaction_id" : "customer_id", i18n::kSendTargetRequired}});
    }
    if (request->customer_id() < 0 || request->transaction_id() < 0) {
      throw errors::InvalidArgument(
          i18n::kValidationFailed,
          {{by_customer ? "customer_id" : "transaction_id", i18n::kInvalidId}});
    }
    bills::v1::Settings settings = RequireProvider();
    ComposedMessage message =
        by_customer ? composer_.ForCustomer(request->customer_id(), settings, caller)
                    : composer_.ForTransaction(request->transaction_id(), settings, caller);
    for (const auto& queued : queue_.Enqueue({message}, caller)) {
      ToProto(queued, reply->add_messages());
    }
    queued_();
  });
}

grpc::Status MessagingService::StartBroadcast(grpc::ServerContext* context,
                                              const v1::BroadcastRequest* request,
                                              v1::BroadcastReply* reply) {
  return rpc::HandleRpc(metrics_, "StartBroadcast", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    errors::FieldErrors fields;
    const std::string& type = request->type();
    if (!type.empty() && type != "internet" && type != "gas") {
      fields.emplace("type", i18n::kInvalidTypeFilter);
    }
    std::string kind = request->kind().empty() ? "reminder" : request->kind();
    if (kind != "reminder" && kind != "bill") fields.emplace("kind", i18n::kInvalidBroadcastKind);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    bills::v1::Settings settings = RequireProvider();
    std::vector<ComposedMessage> composed;
    for (const auto& row : billing_.Arrears(type, caller)) {
      if (auto message = composer_.ForArrears(row, kind, type, settings, caller)) {
        composed.push_back(std::move(*message));
      }
    }
    BroadcastResult result = broadcasts_.EnqueueBroadcast(type, kind, composed, caller);
    reply->set_broadcast_id(result.id);
    reply->set_queued(result.queued);
    reply->set_skipped(result.skipped);
    queued_();
  });
}

grpc::Status MessagingService::GetBroadcast(grpc::ServerContext* context,
                                            const v1::BroadcastId* request, v1::Broadcast* reply) {
  return rpc::HandleRpc(metrics_, "GetBroadcast", *context, [&] {
    rpc::ReadUser(*context);
    auto found = broadcasts_.FindBroadcast(request->id());
    if (!found) throw errors::NotFound(i18n::kBroadcastNotFound);
    ToProto(*found, reply);
  });
}

grpc::Status MessagingService::CancelBroadcast(grpc::ServerContext* context,
                                               const v1::BroadcastId* request,
                                               v1::Broadcast* reply) {
  return rpc::HandleRpc(metrics_, "CancelBroadcast", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    ToProto(broadcasts_.CancelBroadcast(request->id(), caller), reply);
  });
}

grpc::Status MessagingService::ListMessages(grpc::ServerContext* context,
                                            const v1::ListMessagesRequest* request,
                                            v1::ListMessagesReply* reply) {
  return rpc::HandleRpc(metrics_, "ListMessages", *context, [&] {
    rpc::ReadUser(*context);
    MessageFilter filter;
    filter.status = request->status();
    filter.broadcast_id = request->broadcast_id();
    filter.customer_id = request->customer_id();
    errors::FieldErrors fields;
    rpc::Page paging = rpc::ReadPage(request->paging(), fields);
    filter.limit = paging.limit;
    filter.offset = paging.offset;
    if (!filter.status.empty() && !IsMessageStatus(filter.status)) {
      fields.emplace("status", i18n::kInvalidMessageStatusFilter);
    }
    if (filter.broadcast_id < 0) fields.emplace("broadcast_id", i18n::kInvalidId);
    if (filter.customer_id < 0) fields.emplace("customer_id", i18n::kInvalidId);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    MessagePage page = queue_.List(filter);
    for (const auto& m : page.items) ToProto(m, reply->add_items());
    reply->set_total(page.total);
  });
}

grpc::Status MessagingService::Preview(grpc::ServerContext* context,
                                       const v1::PreviewRequest* request, v1::PreviewReply* reply) {
  return rpc::HandleRpc(metrics_, "Preview", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    errors::FieldErrors fields;
    auto kind = ParseKind(request->kind());
    if (!kind) {
      fields.emplace("kind",
                     request->kind().empty() ? i18n::kFieldRequired : i18n::kInvalidPreviewKind);
    }
    if (request->customer_id() <= 0) {
      fields.emplace("customer_id",
                     request->customer_id() == 0 ? i18n::kFieldRequired : i18n::kInvalidId);
    }
    if (request->has_template_() && request->template_().size() > kMaxTemplateBytes) {
      fields.emplace("template", i18n::kTextTooLong);
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    std::optional<std::string> text;
    if (request->has_template_()) text = request->template_();
    ComposedMessage message =
        composer_.Preview(*kind, request->customer_id(), text, billing_.Settings(), caller);
    reply->set_text(message.body);
    reply->set_phone(message.phone);
    for (const auto& name : message.empty_placeholders) reply->add_empty(name);
  });
}

grpc::Status MessagingService::SendNotice(grpc::ServerContext* context,
                                          const v1::NoticeRequest* request,
                                          v1::NoticeReply* reply) {
  return rpc::HandleRpc(metrics_, "SendNotice", *context, [&] {
    // The network service's isolir policy calls as itself (no user); any other call must act
    // for a signed-in user.
    rpc::Caller caller = rpc::ReadCaller(*context);
    if (!caller.authenticated()) rpc::RequireService(caller, "network");
    errors::FieldErrors fields;
    auto kind = ParseKind(request->kind());
    if (!kind || !IsNotice(*kind)) {
      fields.emplace("kind",
                     request->kind().empty() ? i18n::kFieldRequired : i18n::kInvalidNoticeKind);
    }
    if (request->customer_id() <= 0) {
      fields.emplace("customer_id",
                     request->customer_id() == 0 ? i18n::kFieldRequired : i18n::kInvalidId);
    }
    if (request->key().empty() || request->key().size() > kMaxNoticeKeyBytes) {
      fields.emplace("key", i18n::kNoticeKeyInvalid);
    }
    if (Utf8Chars(request->reason()) > kMaxReasonChars) {
      fields.emplace("reason", i18n::kReasonTooLong);
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    // A repeat answers from the key alone, whatever became of the customer since.
    if (auto earlier = keys_.NoticeMessage(request->key())) {
      reply->set_queued(false);
      reply->set_message_id(*earlier);
      return;
    }
    bills::v1::Settings settings = RequireProvider();
    ComposedMessage message =
        composer_.Notice(*kind, request->customer_id(), request->reason(), settings, caller);
    // Queued even while sending is switched off: it waits, like every queued message.
    NoticeResult result = keys_.EnqueueNotice(message, request->key(), caller);
    reply->set_queued(result.queued);
    reply->set_message_id(result.message_id);
    if (result.queued) queued_();
  });
}

grpc::Status MessagingService::SendPortalCode(grpc::ServerContext* context,
                                              const v1::PortalCodeRequest* request,
                                              v1::PortalCodeReply* reply) {
  return rpc::HandleRpc(metrics_, "SendPortalCode", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireService(caller, "payment");
    errors::FieldErrors fields;
    if (request->customer_id() <= 0) {
      fields.emplace("customer_id",
                     request->customer_id() == 0 ? i18n::kFieldRequired : i18n::kInvalidId);
    }
    std::optional<std::string> phone = domain::NormalizePhone(request->phone());
    if (!phone) fields.emplace("phone", i18n::kInvalidPhone);
    if (!IsPortalCode(request->code())) fields.emplace("code", i18n::kPortalCodeInvalid);
    int minutes = request->valid_minutes() == 0 ? 5 : request->valid_minutes();
    if (minutes < 1 || minutes > 60) fields.emplace("valid_minutes", i18n::kOutOfRange);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    bills::v1::Settings settings = RequireProvider();
    PortalCodeMessage message;
    message.customer_id = request->customer_id();
    message.customer_name = composer_.CustomerName(request->customer_id(), caller);
    message.phone = *phone;
    message.body = PortalCodeText(settings.business().name(), i18n::kPortalCodeMask, minutes);
    message.params = PortalCodeParams(settings.business().name(), minutes);
    message.code = request->code();
    rpc::Caller system = caller;  // the payment service's call, recorded as "sistem"
    system.username = i18n::kSystemActor;
    auto id = keys_.EnqueuePortalCode(message, kPortalCodeInterval, system);
    if (!id) {
      throw errors::Error(errors::Code::kResourceExhausted, i18n::kPortalCodeTooSoon)
          .WithRetryAfter(static_cast<int>(kPortalCodeInterval.count()));
    }
    reply->set_message_id(*id);
    queued_();
  });
}

grpc::Status MessagingService::GetLink(grpc::ServerContext* context,
                                       const common::v1::Empty* /*request*/,
                                       v1::LinkedDevice* reply) {
  return rpc::HandleRpc(metrics_, "GetLink", *context, [&] {
    rpc::ReadAdmin(*context);
    WaLinkClient wa_link = WaLink();
    LinkStatus status = wa_link.Status();
    ToProto(status, reply);
    if (status.reachable && status.state == "waiting_for_scan") {
      reply->set_qr(wa_link.Qr().value_or(""));
    }
  });
}

grpc::Status MessagingService::Link(grpc::ServerContext* context,
                                    const common::v1::Empty* /*request*/, v1::LinkedDevice* reply) {
  return rpc::HandleRpc(metrics_, "Link", *context, [&] {
    rpc::ReadAdmin(*context);
    WaLinkClient wa_link = WaLink();
    LinkStatus status = wa_link.Link();
    if (!status.reachable) throw WaLinkUnavailable("link", status);
    ToProto(status, reply);
    // WhatsApp's first QR code follows the socket's opening within a moment; the page polls.
    if (status.state == "waiting_for_scan") reply->set_qr(wa_link.Qr().value_or(""));
  });
}

grpc::Status MessagingService::Unlink(grpc::ServerContext* context,
                                      const common::v1::Empty* /*request*/,
                                      v1::LinkedDevice* reply) {
  return rpc::HandleRpc(metrics_, "Unlink", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    WaLinkClient wa_link = WaLink();
    // Which number is unlinked, for the audit trail (the row's, when this look fails).
    LinkStatus before = wa_link.Status();
    LinkStatus after = wa_link.Unlink();
    if (!after.reachable) throw WaLinkUnavailable("unlink", after);
    linked_.RecordUnlink(before.number, after, caller);
    ToProto(after, reply);
  });
}

}  // namespace billing::messaging
