// Provider request building and answer parsing, without a network.
#include <gtest/gtest.h>

#include "http/url_encoding.h"
#include "i18n/wa_link_messages.h"
#include "providers/cloud_provider.h"
#include "providers/custom_provider.h"
#include "providers/gateway_provider.h"
#include "providers/linked_provider.h"
#include "providers/provider_factory.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using nlohmann::json;

class RecordingTransport final : public HttpTransport {
 public:
  explicit RecordingTransport(HttpResult answer) : answer_(std::move(answer)) {}
  HttpResult Perform(const HttpRequest& request) override {
    requests.push_back(request);
    return answer_;
  }
  std::vector<HttpRequest> requests;

 private:
  HttpResult answer_;
};

OutgoingMessage Message() {
  OutgoingMessage m;
  m.to = "6281234567890";
  m.body = "Halo Budi & Sri,\ntagihan Rp 150.000 = 100%";
  m.kind = "internet_bill";
  m.params = {{"nama", "Budi"}, {"total", "Rp 150.000"}};
  return m;
}

std::string Header(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "<none>";
}

TEST(CloudProviderTest, BuildsATextMessage) {
  CloudProvider cloud(testing::WhatsAppFrom(json{{"base_url", "http://127.0.0.1:9/"},
                                                 {"token", "tok"},
                                                 {"phone_number_id", "10001"},
                                                 {"api_version", "v21.0"}}));
  HttpRequest request = cloud.BuildRequest(Message());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://127.0.0.1:9/v21.0/10001/messages");
  EXPECT_EQ(Header(request, "Authorization"), "Bearer tok");
  EXPECT_EQ(Header(request, "Content-Type"), "application/json");
  json body = json::parse(request.body);
  EXPECT_EQ(body["messaging_product"], "whatsapp");
  EXPECT_EQ(body["to"], "6281234567890");
  EXPECT_EQ(body["type"], "text");
  EXPECT_EQ(body["text"]["body"], Message().body);
}

TEST(CloudProviderTest, UsesTheApprovedTemplateOfTheKindWhenConfigured) {
  CloudProvider cloud(
      testing::WhatsAppFrom(json{{"token", "tok"},
                                 {"phone_number_id", "10001"},
                                 {"cloud_templates",
                                  {{"internet_bill",
                                    {{"name", "tagihan_internet"},
                                     {"language", "id"},
                                     {"parameters", {"nama", "total", "periode"}}}}}}}));
  HttpRequest request = cloud.BuildRequest(Message());
  EXPECT_EQ(request.url.rfind(kCloudDefaultBaseUrl, 0), 0u);
  json body = json::parse(request.body);
  EXPECT_EQ(body["type"], "template");
  EXPECT_EQ(body["template"]["name"], "tagihan_internet");
  EXPECT_EQ(body["template"]["language"]["code"], "id");
  json parameters = body["template"]["components"][0]["parameters"];
  ASSERT_EQ(parameters.size(), 3u);
  EXPECT_EQ(parameters[0]["text"], "Budi");
  EXPECT_EQ(parameters[1]["text"], "Rp 150.000");
  EXPECT_EQ(parameters[2]["text"], "-");  // empty values are not allowed by the API
  OutgoingMessage reminder = Message();
  reminder.kind = "reminder";
  EXPECT_EQ(json::parse(cloud.BuildRequest(reminder).body)["type"], "text");
}

// The API refuses a parameter with a line break: {rincian}'s lines are joined with "; ".
TEST(CloudProviderTest, AMultiLineParameterIsSentOnOneLine) {
  CloudProvider cloud(testing::WhatsAppFrom(json{
      {"token", "tok"},
      {"phone_number_id", "10001"},
      {"cloud_templates", {{"internet_bill", {{"name", "t"}, {"parameters", {"rincian"}}}}}}}));
  OutgoingMessage message = Message();
  message.params["rincian"] = "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\r\n1 x Air = Rp 5.000";
  json body = json::parse(cloud.BuildRequest(message).body);
  EXPECT_EQ(body["template"]["components"][0]["parameters"][0]["text"],
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000; 1 x Air = Rp 5.000");
}

TEST(CloudProviderTest, ParsesAnswers) {
  CloudProvider cloud(testing::WhatsAppFrom(json{{"token", "tok"}, {"phone_number_id", "1"}}));
  SendResult ok = cloud.ParseResponse({200, R"({"messages":[{"id":"wamid.ABC"}]})", ""});
  EXPECT_EQ(ok.outcome, SendResult::Outcome::kSent);
  EXPECT_EQ(ok.provider_message_id, "wamid.ABC");
  SendResult odd = cloud.ParseResponse({200, "{}", ""});
  EXPECT_EQ(odd.outcome, SendResult::Outcome::kPermanent);
  SendResult invalid =
      cloud.ParseResponse({400, R"({"error":{"message":"Invalid parameter","code":100}})", ""});
  EXPECT_EQ(invalid.outcome, SendResult::Outcome::kPermanent);
  EXPECT_EQ(invalid.reason, "HTTP 400: Invalid parameter (code 100)");
  EXPECT_EQ(cloud.ParseResponse({503, "", ""}).outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(cloud.ParseResponse({429, "", ""}).outcome, SendResult::Outcome::kRetry);
  SendResult down = cloud.ParseResponse({0, "", "Timeout was reached"});
  EXPECT_EQ(down.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(down.reason, "Timeout was reached");
}

TEST(CloudProviderTest, CheckCallsTheNumberWithTheToken) {
  CloudProvider cloud(testing::WhatsAppFrom(json{{"base_url", "http://h"},
                                                 {"token", "tok"},
                                                 {"phone_number_id", "7"},
                                                 {"api_version", "v21.0"}}));
  RecordingTransport ok({200, R"({"id":"7"})", ""});
  EXPECT_TRUE(cloud.Check(ok).connected);
  ASSERT_EQ(ok.requests.size(), 1u);
  EXPECT_EQ(ok.requests[0].method, "GET");
  EXPECT_EQ(ok.requests[0].url, "http://h/v21.0/7?fields=id");
  RecordingTransport denied({401, R"({"error":{"message":"Invalid OAuth access token"}})", ""});
  ConnectionCheck check = cloud.Check(denied);
  EXPECT_FALSE(check.connected);
  EXPECT_NE(check.detail.find("Invalid OAuth"), std::string::npos);
  RecordingTransport unused({200, "", ""});
  EXPECT_FALSE(CloudProvider(testing::WhatsAppFrom(json{{"token", ""}})).Check(unused).connected);
  EXPECT_TRUE(unused.requests.empty());
}

TEST(GatewayProviderTest, PostsTheTokenTargetMessageForm) {
  GatewayProvider gateway(
      testing::WhatsAppFrom(json{{"base_url", "http://127.0.0.1:9"}, {"token", "tok-123"}}));
  HttpRequest request = gateway.BuildRequest(Message());
  EXPECT_EQ(request.url, "http://127.0.0.1:9/send");
  EXPECT_EQ(Header(request, "Authorization"), "tok-123");
  EXPECT_EQ(Header(request, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request.body, "target=6281234567890&message=" + UrlEncode(Message().body));
  EXPECT_EQ(UrlEncode("a b&c=d\n%"), "a%20b%26c%3Dd%0A%25");
}

TEST(GatewayProviderTest, ParsesStatusAndReason) {
  GatewayProvider gateway(testing::WhatsAppFrom(json{{"token", "t"}}));
  SendResult ok = gateway.ParseResponse({200, R"({"status":true,"id":["80367170"]})", ""});
  EXPECT_EQ(ok.outcome, SendResult::Outcome::kSent);
  EXPECT_EQ(ok.provider_message_id, "80367170");
  SendResult refused =
      gateway.ParseResponse({200, R"({"status":false,"reason":"invalid target"})", ""});
  EXPECT_EQ(refused.outcome, SendResult::Outcome::kPermanent);
  EXPECT_EQ(refused.reason, "invalid target");
  SendResult server = gateway.ParseResponse({500, R"({"status":false,"reason":"busy"})", ""});
  EXPECT_EQ(server.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(server.reason, "HTTP 500: busy");
  EXPECT_EQ(gateway.ParseResponse({200, "<html>", ""}).outcome, SendResult::Outcome::kPermanent);
}

TEST(CustomProviderTest, GetSubstitutesEncodedPlaceholders) {
  CustomProvider custom(testing::WhatsAppFrom(json{
      {"url_template", "http://h/api?to={target}&text={message}&key={token}"}, {"token", "k y"}}));
  HttpRequest request = custom.BuildRequest(Message());
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "http://h/api?to=6281234567890&text=" + UrlEncode(Message().body) + "&key=k%20y");
  EXPECT_TRUE(request.body.empty());
}

TEST(CustomProviderTest, PostSendsTheQueryAsAForm) {
  CustomProvider custom(
      testing::WhatsAppFrom(json{{"url_template", "https://h/kirim?nomor={target}&pesan={message}"},
                                 {"custom_method", "POST"}}));
  HttpRequest request = custom.BuildRequest(Message());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://h/kirim");
  EXPECT_EQ(request.body, "nomor=6281234567890&pesan=" + UrlEncode(Message().body));
  EXPECT_EQ(custom.ParseResponse({204, "", ""}).outcome, SendResult::Outcome::kSent);
  EXPECT_EQ(custom.ParseResponse({404, "nope", ""}).outcome, SendResult::Outcome::kPermanent);
  EXPECT_EQ(custom.ParseResponse({502, "", ""}).outcome, SendResult::Outcome::kRetry);
}

TEST(CustomProviderTest, CheckNeedsBothPlaceholders) {
  RecordingTransport unused({200, "", ""});
  EXPECT_TRUE(CustomProvider(
                  testing::WhatsAppFrom(json{{"url_template", "http://h/?t={target}&m={message}"}}))
                  .Check(unused)
                  .connected);
  EXPECT_FALSE(CustomProvider(testing::WhatsAppFrom(json{{"url_template", "http://h/?t={target}"}}))
                   .Check(unused)
                   .connected);
  EXPECT_FALSE(
      CustomProvider(testing::WhatsAppFrom(json{{"url_template", "ftp://h/{target}{message}"}}))
          .Check(unused)
          .connected);
  EXPECT_TRUE(unused.requests.empty());
}

TEST(ProviderFactoryTest, MapsNames) {
  ProviderConfig config;
  EXPECT_EQ(MakeProvider(testing::WhatsAppFrom(json{{"provider", "none"}}), config), nullptr);
  EXPECT_EQ(MakeProvider(testing::WhatsAppFrom(json{{"provider", "telegram"}}), config), nullptr);
  EXPECT_EQ(MakeProvider(bills::v1::WhatsAppSettings(), config), nullptr);
  EXPECT_EQ(MakeProvider(testing::WhatsAppFrom(json{{"provider", "cloud"}}), config)->Name(),
            "cloud");
  EXPECT_EQ(MakeProvider(testing::WhatsAppFrom(json{{"provider", "gateway"}}), config)->Name(),
            "gateway");
  EXPECT_EQ(MakeProvider(testing::WhatsAppFrom(json{{"provider", "custom"}}), config)->Name(),
            "custom");
  EXPECT_EQ(MakeProvider(testing::WhatsAppFrom(json{{"provider", "linked"}}), config)->Name(),
            "linked");
}

// wa-link's address and secret come from the process (ProviderConfig), never from settings.
TEST(ProviderFactoryTest, TheLinkedProviderUsesTheProcesssWaLinkAddress) {
  ProviderConfig config;
  config.wa_link = {"http://10.0.0.5:50121/", "rahasia-wa-link"};
  auto linked = MakeProvider(
      testing::WhatsAppFrom(json{{"provider", "linked"}, {"base_url", "http://elsewhere"}}),
      config);
  ASSERT_NE(linked, nullptr);
  HttpRequest request = linked->BuildRequest(Message());
  EXPECT_EQ(request.url, "http://10.0.0.5:50121/send");
  EXPECT_EQ(Header(request, "Authorization"), "Bearer rahasia-wa-link");
}

TEST(ProviderTest, OnlyTheLinkedProviderCanBeNotReady) {
  RecordingTransport unused({500, "", ""});
  EXPECT_TRUE(CloudProvider(testing::WhatsAppFrom(json{{"token", "t"}})).Ready(unused));
  EXPECT_TRUE(GatewayProvider(testing::WhatsAppFrom(json{{"token", "t"}})).Ready(unused));
  EXPECT_TRUE(unused.requests.empty());
}

WaLinkConfig WaLink() { return {"http://127.0.0.1:50121", "0123456789abcdef0123456789abcdef"}; }

TEST(LinkedProviderTest, PostsTheMessageWithItsKeyAndTheSecret) {
  LinkedProvider linked(WaLink());
  OutgoingMessage message = Message();
  message.id = 42;
  HttpRequest request = linked.BuildRequest(message);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://127.0.0.1:50121/send");
  EXPECT_EQ(Header(request, "Authorization"), "Bearer 0123456789abcdef0123456789abcdef");
  EXPECT_EQ(Header(request, "Content-Type"), "application/json");
  json body = json::parse(request.body);
  EXPECT_EQ(body, (json{{"to", "6281234567890"}, {"text", Message().body}, {"key", "msg-42"}}));
  // Every attempt of one message carries the same key; another message another one.
  EXPECT_EQ(linked.BuildRequest(message).body, request.body);
  message.id = 43;
  EXPECT_EQ(json::parse(linked.BuildRequest(message).body)["key"], "msg-43");
}

TEST(LinkedProviderTest, ReadsEveryAnswerOfWaLinksTable) {
  LinkedProvider linked(WaLink());
  SendResult sent = linked.ParseResponse({200, R"({"id":"3EB0A1","duplicate":false})", ""});
  EXPECT_EQ(sent.outcome, SendResult::Outcome::kSent);
  EXPECT_EQ(sent.provider_message_id, "3EB0A1");
  // A key sent before: wa-link sent nothing now and gives the first send's id.
  SendResult duplicate = linked.ParseResponse({200, R"({"id":"3EB0A1","duplicate":true})", ""});
  EXPECT_EQ(duplicate.outcome, SendResult::Outcome::kSent);
  EXPECT_EQ(duplicate.provider_message_id, "3EB0A1");
  // Taken, but an answer we cannot read: it may have gone out, so it is never sent again.
  EXPECT_EQ(linked.ParseResponse({200, "{}", ""}).outcome, SendResult::Outcome::kPermanent);

  SendResult bad = linked.ParseResponse(
      {400, R"({"error":"bad_request","message":"to must be 8 to 15 digits"})", ""});
  EXPECT_EQ(bad.outcome, SendResult::Outcome::kPermanent);
  EXPECT_EQ(bad.reason, std::string(i18n::kWaLinkBadRequest) + " (to must be 8 to 15 digits)");

  SendResult not_linked = linked.ParseResponse(
      {409, R"({"error":"not_linked","message":"no WhatsApp account is linked"})", ""});
  EXPECT_EQ(not_linked.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(not_linked.reason, i18n::kWaLinkNotLinked);

  SendResult unknown_number =
      linked.ParseResponse({422, R"({"error":"not_on_whatsapp","message":"no account"})", ""});
  EXPECT_EQ(unknown_number.outcome, SendResult::Outcome::kPermanent);
  EXPECT_EQ(unknown_number.reason, "Nomor tidak terdaftar di WhatsApp");

  SendResult limited =
      linked.ParseResponse({429, R"({"error":"rate_limited","retry_after":30})", ""});
  EXPECT_EQ(limited.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(limited.reason, i18n::kWaLinkRateLimited);

  SendResult failed =
      linked.ParseResponse({502, R"({"error":"send_failed","message":"socket closed"})", ""});
  EXPECT_EQ(failed.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(failed.reason, std::string(i18n::kWaLinkSendFailed) + " (socket closed)");

  SendResult down = linked.ParseResponse({0, "", "Couldn't connect to server"});
  EXPECT_EQ(down.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(down.reason, std::string(i18n::kWaLinkUnreachable) + " (Couldn't connect to server)");

  // A secret that does not match is the setup's fault, not the message's: it waits.
  SendResult refused = linked.ParseResponse({401, R"({"error":"unauthorized"})", ""});
  EXPECT_EQ(refused.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(refused.reason, i18n::kWaLinkRefusedSecret);
  EXPECT_EQ(linked.ParseResponse({500, "", ""}).outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(linked.ParseResponse({413, "", ""}).outcome, SendResult::Outcome::kPermanent);
}

std::string StatusBody(const std::string& state, const std::string& reason = "",
                       const std::string& number = "") {
  return json{{"state", state},
              {"number", number},
              {"name", ""},
              {"since", "2026-12-03T12:00:00.000Z"},
              {"reason", reason}}
      .dump();
}

TEST(LinkedProviderTest, IsReadyAndConnectedOnlyWhileThePhoneIsConnected) {
  LinkedProvider linked(WaLink());
  RecordingTransport connected({200, StatusBody("connected", "", "6281234567890"), ""});
  EXPECT_TRUE(linked.Ready(connected));
  ConnectionCheck ok = linked.Check(connected);
  EXPECT_TRUE(ok.connected);
  EXPECT_EQ(ok.detail, "");
  ASSERT_EQ(connected.requests.size(), 2u);
  EXPECT_EQ(connected.requests[0].method, "GET");
  EXPECT_EQ(connected.requests[0].url, "http://127.0.0.1:50121/status");
  EXPECT_EQ(Header(connected.requests[0], "Authorization"),
            "Bearer 0123456789abcdef0123456789abcdef");

  struct Case {
    HttpResult answer;
    std::string detail;
  };
  std::vector<Case> cases = {
      {{200, StatusBody("waiting_for_scan"), ""}, i18n::kWaLinkWaitingForScan},
      {{200, StatusBody("disconnected"), ""}, i18n::kWaLinkNeverLinked},
      {{200, StatusBody("disconnected", "reconnecting", "6281234567890"), ""},
       i18n::kWaLinkReconnecting},
      {{200, StatusBody("disconnected", "logged_out"), ""}, i18n::kWaLinkLoggedOut},
      {{200, StatusBody("disconnected", "unlinked"), ""}, i18n::kWaLinkUnlinked},
      {{200, StatusBody("disconnected", "qr_timeout"), ""}, i18n::kWaLinkQrTimeout},
      {{0, "", "Couldn't connect to server"}, i18n::kWaLinkUnreachable},
      {{401, R"({"error":"unauthorized"})", ""}, i18n::kWaLinkRefusedSecret},
      {{200, "<html>", ""}, i18n::kWaLinkUnreachable},
  };
  for (const auto& c : cases) {
    RecordingTransport transport(c.answer);
    EXPECT_FALSE(linked.Ready(transport)) << c.answer.body;
    ConnectionCheck check = linked.Check(transport);
    EXPECT_FALSE(check.connected) << c.answer.body;
    EXPECT_EQ(check.detail, c.detail) << c.answer.body;
  }
}

TEST(WaLinkClientTest, LinksUnlinksAndReadsTheQrCode) {
  RecordingTransport waiting({200, StatusBody("waiting_for_scan"), ""});
  WaLinkClient client(WaLink(), waiting);
  LinkStatus linked = client.Link();
  EXPECT_TRUE(linked.reachable);
  EXPECT_EQ(linked.state, "waiting_for_scan");
  EXPECT_EQ(linked.since, "2026-12-03T12:00:00.000Z");
  client.Unlink();
  ASSERT_EQ(waiting.requests.size(), 2u);
  EXPECT_EQ(waiting.requests[0].method, "POST");
  EXPECT_EQ(waiting.requests[0].url, "http://127.0.0.1:50121/link");
  EXPECT_EQ(waiting.requests[0].body, "{}");
  EXPECT_EQ(waiting.requests[1].url, "http://127.0.0.1:50121/unlink");
  for (const auto& request : waiting.requests) {
    EXPECT_EQ(Header(request, "Authorization"), "Bearer 0123456789abcdef0123456789abcdef");
  }

  RecordingTransport qr({200, R"({"qr":"2@abc,def","since":"2026-12-03T12:00:20.000Z"})", ""});
  EXPECT_EQ(WaLinkClient(WaLink(), qr).Qr(), "2@abc,def");
  EXPECT_EQ(qr.requests[0].url, "http://127.0.0.1:50121/qr");
  RecordingTransport no_qr({404, R"({"error":"no_qr"})", ""});
  EXPECT_EQ(WaLinkClient(WaLink(), no_qr).Qr(), "");
  RecordingTransport down({0, "", "Couldn't connect to server"});
  EXPECT_EQ(WaLinkClient(WaLink(), down).Qr(), std::nullopt);
  LinkStatus unreachable = WaLinkClient(WaLink(), down).Link();
  EXPECT_FALSE(unreachable.reachable);
  EXPECT_EQ(unreachable.problem, "Couldn't connect to server");
}

TEST(WaLinkClientTest, DetailNamesTheConnectedNumber) {
  LinkStatus status;
  status.reachable = true;
  status.state = "connected";
  status.number = "6281234567890";
  EXPECT_EQ(LinkDetail(status), "Terhubung sebagai 6281234567890");
}

TEST(ProviderTest, ReasonsAreClippedAndCleaned) {
  std::string reason = ClipReason(std::string(500, 'x') + "\n");
  EXPECT_EQ(reason.size(), 300u);
  EXPECT_EQ(ClipReason("a\nb"), "a b");
}

}  // namespace
}  // namespace billing::messaging
