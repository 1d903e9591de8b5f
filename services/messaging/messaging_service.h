// The messaging gRPC service: validates, authorises, composes and queues; never sends itself.
#pragma once

#include <functional>

#include "broadcast_repository.h"
#include "clients.h"
#include "linked_device_repository.h"
#include "message_composer.h"
#include "messaging.grpc.pb.h"
#include "metrics/metrics.h"
#include "providers/provider.h"
#include "providers/provider_factory.h"
#include "queue_repository.h"
#include "send_key_repository.h"
#include "sender_repository.h"

namespace billing::messaging {

class MessagingService final : public v1::MessagingService::Service {
 public:
  // `check_transport` makes the provider's connection check and the calls to wa-link (short
  // timeouts); `queued` is called after messages were queued (wakes the local sender);
  // `providers` must outlive the service.
  MessagingService(QueueRepository& queue, BroadcastRepository& broadcasts,
                   SenderRepository& sender, SendKeyRepository& keys, MessageComposer& composer,
                   BillingClient& billing, HttpTransport& check_transport,
                   std::function<void()> queued, metrics::Metrics& metrics,
                   const ProviderConfig& providers, LinkedDeviceRepository& linked);

  grpc::Status Status(grpc::ServerContext* context, const common::v1::Empty* request,
                      v1::StatusReply* reply) override;
  grpc::Status Start(grpc::ServerContext* context, const common::v1::Empty* request,
                     v1::StatusReply* reply) override;
  grpc::Status Stop(grpc::ServerContext* context, const common::v1::Empty* request,
                    v1::StatusReply* reply) override;
  grpc::Status SendBilling(grpc::ServerContext* context, const v1::SendBillingRequest* request,
                           v1::SendBillingReply* reply) override;
  grpc::Status StartBroadcast(grpc::ServerContext* context, const v1::BroadcastRequest* request,
                              v1::BroadcastReply* reply) override;
  grpc::Status GetBroadcast(grpc::ServerContext* context, const v1::BroadcastId* request,
                            v1::Broadcast* reply) override;
  grpc::Status CancelBroadcast(grpc::ServerContext* context, const v1::BroadcastId* request,
                               v1::Broadcast* reply) override;
  grpc::Status ListMessages(grpc::ServerContext* context, const v1::ListMessagesRequest* request,
                            v1::ListMessagesReply* reply) override;
  grpc::Status Preview(grpc::ServerContext* context, const v1::PreviewRequest* request,
                       v1::PreviewReply* reply) override;
  grpc::Status SendNotice(grpc::ServerContext* context, const v1::NoticeRequest* request,
                          v1::NoticeReply* reply) override;
  grpc::Status SendPortalCode(grpc::ServerContext* context, const v1::PortalCodeRequest* request,
                              v1::PortalCodeReply* reply) override;
  grpc::Status GetLink(grpc::ServerContext* context, const common::v1::Empty* request,
                       v1::LinkedDevice* reply) override;
  grpc::Status Link(grpc::ServerContext* context, const common::v1::Empty* request,
                    v1::LinkedDevice* reply) override;
  grpc::Status Unlink(grpc::ServerContext* context, const common::v1::Empty* request,
                      v1::LinkedDevice* reply) override;

 private:
  // Settings with a provider chosen; failed_precondition otherwise.
  bills::v1::Settings RequireProvider();
  void FillStatus(v1::StatusReply* reply);
  WaLinkClient WaLink() const { return WaLinkClient(providers_.wa_link, check_transport_); }

  QueueRepository& queue_;
  BroadcastRepository& broadcasts_;
  SenderRepository& sender_;
  SendKeyRepository& keys_;
  MessageComposer& composer_;
  BillingClient& billing_;
  HttpTransport& check_transport_;
  std::function<void()> queued_;
  metrics::Metrics& metrics_;
  const ProviderConfig& providers_;
  LinkedDeviceRepository& linked_;
};

}  // namespace billing::messaging
