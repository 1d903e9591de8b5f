// /api/whatsapp/*: provider status, start/stop, bills, arrears broadcasts, the queue, preview.
#include <string>
#include <vector>

#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "middleware/idempotency.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

namespace wa = messaging::v1;

// The phone linked through wa-link; `with_qr` for the admin's linking panel only.
nlohmann::json LinkedJson(const wa::LinkedDevice& d, bool with_qr) {
  nlohmann::json out = {{"reachable", d.reachable()}, {"state", d.state()}, {"number", d.number()},
                        {"name", d.name()},           {"since", d.since()}, {"reason", d.reason()},
                        {"detail", d.detail()}};
  if (with_qr) out["qr"] = d.qr();
  return out;
}

nlohmann::json StatusJson(const wa::StatusReply& s) {
  return {{"enabled", s.enabled()},
          {"provider", s.provider()},
          {"connected", s.connected()},
          {"detail", s.detail()},
          {"queue",
           {{"queued", s.queue().queued()},
            {"sent", s.queue().sent()},
            {"failed", s.queue().failed()},
            {"cancelled", s.queue().cancelled()}}},
          {"linked", s.has_linked() ? LinkedJson(s.linked(), false) : nlohmann::json(nullptr)}};
}

nlohmann::json MessageJson(const wa::Message& m) {
  return {{"id", m.id()},
          {"broadcast_id", IdOrNull(m.broadcast_id())},
          {"trigger", m.trigger()},
          {"kind", m.kind()},
          {"customer_id", m.customer_id()},
          {"customer_name", m.customer_name()},
          {"transaction_id", IdOrNull(m.transaction_id())},
          {"phone", m.phone()},
          {"body", m.body()},
          {"status", m.status()},
          {"attempts", m.attempts()},
          {"last_error", m.last_error()},
          {"provider_message_id", m.provider_message_id()},
          {"created_by", m.created_by()},
          {"created_at", TimeOrNull(m.created_at())},
          {"next_attempt_at", TimeOrNull(m.next_attempt_at())},
          {"sent_at", TimeOrNull(m.sent_at())}};
}

nlohmann::json BroadcastJson(const wa::Broadcast& b) {
  return {{"id", b.id()},
          {"type", b.type().empty() ? nlohmann::json(nullptr) : nlohmann::json(b.type())},
          {"kind", b.kind()},
          {"status", b.status()},
          {"total", b.total()},
          {"queued", b.counts().queued()},
          {"sent", b.counts().sent()},
          {"failed", b.counts().failed()},
          {"cancelled", b.counts().cancelled()},
          {"created_by", b.created_by()},
          {"created_at", TimeOrNull(b.created_at())},
          {"cancelled_by",
           b.cancelled_by().empty() ? nlohmann::json(nullptr) : nlohmann::json(b.cancelled_by())},
          {"cancelled_at", TimeOrNull(b.cancelled_at())}};
}

}  // namespace

void AddWhatsappRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency) {
  router.Add("GET", "/api/whatsapp/status", Access::kUser, [&backends](RequestContext& ctx) {
    wa::StatusReply reply;
    Check(backends.Messaging().Status(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::Json(StatusJson(reply));
  });

  router.Add("POST", "/api/whatsapp/start", Access::kUser, [&backends](RequestContext& ctx) {
    wa::StatusReply reply;
    Check(backends.Messaging().Start(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::Json(StatusJson(reply));
  });

  router.Add("POST", "/api/whatsapp/stop", Access::kUser, [&backends](RequestContext& ctx) {
    wa::StatusReply reply;
    Check(backends.Messaging().Stop(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::Json(StatusJson(reply));
  });

  // The linked phone (provider "linked", docs/wa-link.md): its state and QR code, pairing,
  // unlinking. Admin only: whoever scans the QR code decides which number the suite sends from.
  router.Add("GET", "/api/whatsapp/link", Access::kAdmin, [&backends](RequestContext& ctx) {
    wa::LinkedDevice reply;
    Check(backends.Messaging().GetLink(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::Json(LinkedJson(reply, true));
  });

  router.Add("POST", "/api/whatsapp/link", Access::kAdmin, [&backends](RequestContext& ctx) {
    wa::LinkedDevice reply;
    Check(backends.Messaging().Link(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::Json(LinkedJson(reply, true));
  });

  router.Add("DELETE", "/api/whatsapp/link", Access::kAdmin, [&backends](RequestContext& ctx) {
    wa::LinkedDevice reply;
    Check(backends.Messaging().Unlink(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::Json(LinkedJson(reply, true));
  });

  router.Add("POST", "/api/whatsapp/send-billing", Access::kUser,
             Idempotent(idempotency, [&backends](RequestContext& ctx) {
               JsonFields fields(ctx.JsonBody());
               wa::SendBillingRequest request;
               auto customer_id = fields.Int("customer_id");
               auto transaction_id = fields.Int("transaction_id");
               fields.Done();
               if (customer_id.has_value() == transaction_id.has_value()) {
                 throw errors::InvalidArgument(
                     i18n::kSendTargetRequired,
                     {{customer_id ? "transaction_id" : "customer_id", i18n::kSendTargetRequired}});
               }
               if (customer_id.value_or(1) <= 0 || transaction_id.value_or(1) <= 0) {
                 throw errors::InvalidArgument(
                     i18n::kValidationFailed,
                     {{customer_id ? "customer_id" : "transaction_id", i18n::kInvalidId}});
               }
               request.set_customer_id(customer_id.value_or(0));
               request.set_transaction_id(transaction_id.value_or(0));
               wa::SendBillingReply reply;
               auto context = ctx.Grpc(std::chrono::seconds(30));
               Check(backends.Messaging().SendBilling(context.get(), request, &reply));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& m : reply.messages()) items.push_back(MessageJson(m));
               return Response::Json({{"queued", reply.messages_size()}, {"messages", items}}, 202);
             }));

  router.Add("POST", "/api/whatsapp/broadcast", Access::kUser,
             Idempotent(idempotency, [&backends](RequestContext& ctx) {
               JsonFields fields(ctx.JsonBody());
               wa::BroadcastRequest request;
               if (auto type = fields.String("type")) request.set_type(*type);
               if (auto kind = fields.String("kind")) request.set_kind(*kind);
               fields.Done();
               wa::BroadcastReply reply;
               auto context = ctx.Grpc(std::chrono::minutes(5));
               Check(backends.Messaging().StartBroadcast(context.get(), request, &reply));
               return Response::Json({{"broadcast_id", reply.broadcast_id()},
                                      {"queued", reply.queued()},
                                      {"skipped", reply.skipped()}},
                                     202);
             }));

  router.Add("GET", "/api/whatsapp/broadcasts/:id", Access::kUser,
             [&backends](RequestContext& ctx) {
               wa::BroadcastId request;
               request.set_id(ctx.IdParam("id"));
               wa::Broadcast reply;
               Check(backends.Messaging().GetBroadcast(ctx.Grpc().get(), request, &reply));
               return Response::Json(BroadcastJson(reply));
             });

  router.Add("POST", "/api/whatsapp/broadcasts/:id/cancel", Access::kAdmin,
             [&backends](RequestContext& ctx) {
               wa::BroadcastId request;
               request.set_id(ctx.IdParam("id"));
               wa::Broadcast reply;
               Check(backends.Messaging().CancelBroadcast(ctx.Grpc().get(), request, &reply));
               return Response::Json(BroadcastJson(reply));
             });

  router.Add("GET", "/api/whatsapp/messages", Access::kUser, [&backends](RequestContext& ctx) {
    wa::ListMessagesRequest request;
    request.set_status(ctx.Query("status"));
    QueryParams query(ctx);
    request.set_broadcast_id(query.Int64("broadcast_id", 0));
    request.set_customer_id(query.Int64("customer_id", 0));
    query.PageInto(request.mutable_paging());
    query.Done();
    wa::ListMessagesReply reply;
    Check(backends.Messaging().ListMessages(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& m : reply.items()) items.push_back(MessageJson(m));
    return Response::Json({{"items", items}, {"total", reply.total()}});
  });

  router.Add("POST", "/api/whatsapp/preview", Access::kUser, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    wa::PreviewRequest request;
    request.set_kind(fields.RequiredString("kind"));
    request.set_customer_id(fields.Int("customer_id").value_or(0));
    if (auto text = fields.String("template")) request.set_template_(*text);
    fields.Done();
    wa::PreviewReply reply;
    Check(backends.Messaging().Preview(ctx.Grpc().get(), request, &reply));
    return Response::Json(
        {{"text", reply.text()},
         {"phone", reply.phone()},
         {"empty", std::vector<std::string>(reply.empty().begin(), reply.empty().end())}});
  });
}

}  // namespace billing::gateway
