// Settings: partial updates, unknown keys, ranges, template placeholders, secret masking.
#include "settings_document.h"

#include <algorithm>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "domain/period.h"

namespace billing::bills {
namespace {

using nlohmann::json;

errors::FieldErrors FieldsOf(const json& current, const json& patch) {
  try {
    MergeSettings(current, patch);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    return e.fields();
  }
  return {};
}

errors::FieldErrors FieldsOf(const json& patch) { return FieldsOf(DefaultSettings(), patch); }

TEST(SettingsDocumentTest, MergesASubsetAndKeepsTheRest) {
  json merged = MergeSettings(DefaultSettings(), {{"business", {{"name", "RT/RW Net Sejahtera"}}},
                                                  {"billing", {{"run_day", 5}}}});
  EXPECT_EQ(merged["business"]["name"], "RT/RW Net Sejahtera");
  EXPECT_EQ(merged["billing"]["run_day"], 5);
  EXPECT_EQ(merged["billing"]["timezone"], "Asia/Jakarta");
  EXPECT_EQ(merged["whatsapp"]["pace_ms"], 1500);
}

TEST(SettingsDocumentTest, RejectsUnknownKeysWithTheirPath) {
  auto fields = FieldsOf({{"colour", "red"}, {"billing", {{"run_days", 2}}}});
  EXPECT_EQ(fields.count("colour"), 1u);
  EXPECT_EQ(fields.count("billing.run_days"), 1u);
}

TEST(SettingsDocumentTest, RejectsWrongTypesAndRanges) {
  auto fields = FieldsOf({{"billing", {{"run_day", 31}, {"grace_days", "7"}, {"timezone", "UTC"}}},
                          {"whatsapp", {{"pace_ms", 100}, {"provider", "telegram"}}},
                          {"business", {{"logo_url", "javascript:alert(1)"}}}});
  for (const char* path : {"billing.run_day", "billing.grace_days", "billing.timezone",
                           "whatsapp.pace_ms", "whatsapp.provider", "business.logo_url"}) {
    EXPECT_EQ(fields.count(path), 1u) << path;
  }
}

TEST(SettingsDocumentTest, InvoicePatternsNeedOneSequenceAndKnownParts) {
  EXPECT_EQ(DefaultSettings()["invoice"]["pattern"], "INV/{YYYY}/{MM}/{SEQ:4}");
  for (const char* good : {"INV/{YYYY}/{MM}/{SEQ:4}", "{YY}{MM}-{SEQ}", "NET-{YYYY}-{SEQ:6}"}) {
    EXPECT_TRUE(FieldsOf({{"invoice", {{"pattern", good}}}}).empty()) << good;
  }
  for (const char* bad :
       {"INV/{YYYY}/{MM}", "{SEQ}{SEQ}", "INV {SEQ}", "{SEQ:9}", "{SEQ:0}", "{DD}-{SEQ}", "{SEQ",
        "SEQ}", "", "INV/{YYYY}/{MM}/{SEQ:4}/0123456789abcdefgh"}) {
    EXPECT_EQ(FieldsOf({{"invoice", {{"pattern", bad}}}}).count("invoice.pattern"), 1u) << bad;
  }
}

TEST(SettingsDocumentTest, ReceiptsAre58Or80MillimetresWide) {
  EXPECT_EQ(DefaultSettings()["receipt"]["width"], "58");
  EXPECT_TRUE(
      FieldsOf({{"receipt", {{"width", "80"}, {"footer", "Matur nuwun"}, {"auto_print", true}}}})
          .empty());
  auto fields = FieldsOf(
      {{"receipt", {{"width", "72"}, {"footer", std::string(121, 'x')}, {"auto_print", "ya"}}}});
  for (const char* path : {"receipt.width", "receipt.footer", "receipt.auto_print"}) {
    EXPECT_EQ(fields.count(path), 1u) << path;
  }
}

TEST(SettingsDocumentTest, PpnIsOffByDefaultAndItsRateHasAtMostTwoDecimals) {
  BillTerms defaults = BillTermsOf(DefaultSettings());
  EXPECT_FALSE(defaults.tax.enabled);
  EXPECT_FALSE(defaults.prorata_first_month);
  EXPECT_EQ(defaults.tax.rate_bp, 1100);
  json merged = MergeSettings(DefaultSettings(), {{"tax",
                                                   {{"enabled", true},
                                                    {"rate", 11.5},
                                                    {"mode", "included"},
                                                    {"on_gas", true},
                                                    {"label", "PPN"}}},
                                                  {"billing", {{"prorata_first_month", true}}}});
  BillTerms terms = BillTermsOf(merged);
  EXPECT_TRUE(terms.tax.enabled);
  EXPECT_EQ(terms.tax.rate_bp, 1150);
  EXPECT_TRUE(terms.tax.included);
  EXPECT_TRUE(terms.tax.on_gas);
  EXPECT_TRUE(terms.prorata_first_month);
  BillTerms typed = BillTermsOf(ToSettings(merged));
  EXPECT_EQ(typed.tax.rate_bp, 1150);
  EXPECT_TRUE(typed.tax.included);
  EXPECT_TRUE(typed.prorata_first_month);
  // A partial document (what the create path reads) is read over the defaults.
  EXPECT_EQ(BillTermsOf(json{{"tax", {{"enabled", true}}}}).tax.rate_bp, 1100);
  for (const json& rate : {json(0), json(-1), json(100.5), json(11.125), json("11")}) {
    EXPECT_EQ(FieldsOf({{"tax", {{"rate", rate}}}}).count("tax.rate"), 1u) << rate;
  }
  EXPECT_EQ(FieldsOf({{"tax", {{"mode", "sometimes"}}}}).count("tax.mode"), 1u);
  EXPECT_EQ(FieldsOf({{"tax", {{"label", std::string(21, 'x')}}}}).count("tax.label"), 1u);
  EXPECT_TRUE(FieldsOf({{"tax", {{"rate", 12}}}}).empty());
}

TEST(SettingsDocumentTest, ChecksBankAccounts) {
  auto fields = FieldsOf({{"bank_accounts", {{{"bank", "BRI"}, {"number", ""}}}}});
  EXPECT_EQ(fields.count("bank_accounts.0.number"), 1u);
  EXPECT_EQ(fields.count("bank_accounts.0.holder"), 1u);
  json ok = MergeSettings(
      DefaultSettings(),
      {{"bank_accounts", {{{"bank", "BCA"}, {"number", "123"}, {"holder", "Budi"}}}}});
  EXPECT_EQ(ok["bank_accounts"].size(), 1u);
}

TEST(SettingsDocumentTest, TemplatesMayOnlyUseKnownPlaceholders) {
  EXPECT_TRUE(
      FieldsOf({{"templates", {{"reminder", "Halo {nama}, tunggakan {tunggakan}"}}}}).empty());
  EXPECT_EQ(FieldsOf({{"templates", {{"reminder", "Halo {name}"}}}}).count("templates.reminder"),
            1u);
  EXPECT_EQ(FieldsOf({{"templates", {{"receipt", "Halo {nama"}}}}).count("templates.receipt"), 1u);
}

TEST(SettingsDocumentTest, SecretsAreMaskedAndTheMaskKeepsTheValue) {
  json saved = MergeSettings(DefaultSettings(), {{"whatsapp", {{"token", "s3cret-token"}}}});
  EXPECT_EQ(MaskSecrets(saved)["whatsapp"]["token"], "***");
  EXPECT_EQ(MaskSecrets(DefaultSettings())["whatsapp"]["token"], "");
  json again = MergeSettings(saved, {{"whatsapp", {{"token", "***"}, {"pace_ms", 2000}}}});
  EXPECT_EQ(again["whatsapp"]["token"], "s3cret-token");
  EXPECT_EQ(again["whatsapp"]["pace_ms"], 2000);
}

TEST(SettingsDocumentTest, CloudTemplatesNameKnownKindsAndPlaceholders) {
  json ok = MergeSettings(
      DefaultSettings(),
      {{"whatsapp",
        {{"custom_method", "POST"},
         {"cloud_templates",
          {{"reminder",
            {{"name", "pengingat"}, {"language", "id"}, {"parameters", {"nama"}}}}}}}}});
  EXPECT_EQ(ok["whatsapp"]["cloud_templates"]["reminder"]["name"], "pengingat");
  EXPECT_EQ(ok["whatsapp"]["custom_method"], "POST");
  auto fields = FieldsOf({{"whatsapp", {{"custom_method", "PUT"}}}});
  EXPECT_EQ(fields.count("whatsapp.custom_method"), 1u);
  for (const json& bad :
       {json{{"promo", json::object()}}, json{{"reminder", {{"name", 5}}}},
        json{{"reminder", {{"parameters", {"name"}}}}}, json{{"reminder", {{"colour", "red"}}}}}) {
    EXPECT_EQ(
        FieldsOf({{"whatsapp", {{"cloud_templates", bad}}}}).count("whatsapp.cloud_templates"), 1u)
        << bad.dump();
  }
}

TEST(SettingsDocumentTest, NoticeTemplatesMayAlsoUseTheReason) {
  for (const char* kind : {"isolir", "reconnect"}) {
    std::string path = std::string("templates.") + kind;
    EXPECT_TRUE(FieldsOf({{"templates", {{kind, "Yth. {nama} ({username}): {alasan}"}}}}).empty())
        << kind;
    EXPECT_EQ(FieldsOf({{"templates", {{kind, "Yth. {nama}: {perusahaan}"}}}}).count(path), 1u)
        << kind;
    EXPECT_EQ(FieldsOf({{"templates", {{kind, "Yth. {nama"}}}}).count(path), 1u) << kind;
    EXPECT_EQ(FieldsOf({{"templates", {{kind, 5}}}}).count(path), 1u) << kind;
  }
  // {alasan} means something only in a notice.
  EXPECT_EQ(FieldsOf({{"templates", {{"reminder", "Halo {nama}, {alasan}"}}}})
                .count("templates.reminder"),
            1u);
  json saved = MergeSettings(DefaultSettings(), {{"templates", {{"isolir", "Isolir: {alasan}"}}}});
  EXPECT_EQ(saved["templates"]["isolir"], "Isolir: {alasan}");
  EXPECT_EQ(saved["templates"]["reconnect"], DefaultSettings()["templates"]["reconnect"]);
}

TEST(SettingsDocumentTest, NoticeKindsMayHaveCloudTemplatesWithTheReason) {
  json ok = MergeSettings(
      DefaultSettings(),
      {{"whatsapp",
        {{"cloud_templates",
          {{"isolir",
            {{"name", "isolir"}, {"language", "id"}, {"parameters", {"nama", "alasan"}}}}}}}}});
  EXPECT_EQ(ok["whatsapp"]["cloud_templates"]["isolir"]["parameters"][1], "alasan");
  EXPECT_EQ(
      FieldsOf({{"whatsapp", {{"cloud_templates", {{"receipt", {{"parameters", {"alasan"}}}}}}}}})
          .count("whatsapp.cloud_templates"),
      1u);
}

TEST(SettingsDocumentTest, AStoredDocumentWithoutTheNoticeTemplatesGetsTheDefaults) {
  json stored = {{"templates", {{"reminder", "Halo {nama}"}}}, {"business", {{"name", "Net"}}}};
  json loaded = OverDefaults(stored);
  EXPECT_EQ(loaded["templates"]["reminder"], "Halo {nama}");
  EXPECT_EQ(loaded["templates"]["isolir"], DefaultSettings()["templates"]["isolir"]);
  EXPECT_EQ(loaded["templates"]["reconnect"], DefaultSettings()["templates"]["reconnect"]);
  EXPECT_NE(loaded["templates"]["isolir"].get<std::string>().find("{alasan}"), std::string::npos);
  EXPECT_EQ(loaded["business"]["name"], "Net");
  EXPECT_EQ(OverDefaults(nullptr), DefaultSettings());
}

TEST(SettingsDocumentTest, DefaultTemplatesAreValid) {
  EXPECT_NO_THROW(
      MergeSettings(DefaultSettings(), {{"templates", DefaultSettings()["templates"]}}));
}

// The typed settings print (with the options the gateway uses) as the very document: the HTTP
// shape of GET /api/settings did not change when the settings became a message.
TEST(SettingsDocumentTest, TheTypedDefaultsPrintAsTheDocument) {
  json document = MergeSettings(
      DefaultSettings(),
      {{"bank_accounts", {{{"bank", "BRI"}, {"number", "0123"}, {"holder", "Sejahtera"}}}},
       {"whatsapp",
        {{"cloud_templates",
          {{"reminder",
            {{"name", "pengingat"}, {"language", "id"}, {"parameters", {"nama", "total"}}}}}}}}});
  for (const json& each : {DefaultSettings(), document}) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    options.always_print_primitive_fields = true;
    std::string printed;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(ToSettings(each), &printed, options).ok());
    json parsed = json::parse(printed);
    EXPECT_EQ(parsed["payment"]["customer_fee"], 0);  // a number, as the web sends it
    EXPECT_EQ(parsed, each);
  }
}

TEST(SettingsDocumentTest, TheTypedSettingsCarryTheDefaults) {
  v1::Settings settings = ToSettings(DefaultSettings());
  EXPECT_EQ(settings.billing().run_day(), 1);
  EXPECT_EQ(settings.billing().grace_days(), 7);
  EXPECT_EQ(settings.billing().timezone(), DefaultTimeZone());
  EXPECT_TRUE(settings.billing().auto_run());
  EXPECT_EQ(settings.whatsapp().provider(), "none");
  EXPECT_EQ(settings.whatsapp().reminder_days_before(), 3);
  EXPECT_TRUE(settings.whatsapp().remind_overdue());
  EXPECT_TRUE(settings.whatsapp().send_receipt());
  EXPECT_EQ(settings.whatsapp().pace_ms(), 1500);
  EXPECT_EQ(settings.templates().size(), DefaultSettings()["templates"].size());
}

TEST(SettingsDocumentTest, AKeyTheMessageDoesNotHaveIsLeftOutAWrongTypeIsAnError) {
  json old = DefaultSettings();
  old["billing"]["colour"] = "red";  // e.g. written by an older version
  EXPECT_EQ(ToSettings(old).billing().run_day(), 1);
  json odd = DefaultSettings();
  odd["billing"]["run_day"] = "satu";
  try {
    ToSettings(odd);
    ADD_FAILURE() << "a value of the wrong type must not be read as a default";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInternal);
  }
}

// What the web's settings form reads: every template kind of the defaults with the placeholders
// billing accepts in it, and the time zones billing accepts.
TEST(SettingsDocumentTest, TheSchemaDescribesWhatValidationAccepts) {
  v1::SettingsSchema schema = DescribeSettings();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(schema.defaults(),
                                                                 ToSettings(DefaultSettings())));
  ASSERT_EQ(schema.template_kinds_size(), static_cast<int>(DefaultSettings()["templates"].size()));
  for (const auto& entry : schema.template_kinds()) {
    EXPECT_TRUE(DefaultSettings()["templates"].contains(entry.kind())) << entry.kind();
    std::string every;
    for (const auto& name : entry.placeholders()) every += "{" + name + "} ";
    EXPECT_TRUE(FieldsOf({{"templates", {{entry.kind(), every}}}}).empty()) << entry.kind();
    bool has_reason = std::find(entry.placeholders().begin(), entry.placeholders().end(),
                                "alasan") != entry.placeholders().end();
    EXPECT_EQ(has_reason, entry.kind() == "isolir" || entry.kind() == "reconnect") << entry.kind();
  }
  EXPECT_EQ(FieldsOf({{"templates", {{"reminder", "{alasan}"}}}}).count("templates.reminder"), 1u);
  ASSERT_FALSE(schema.time_zones().empty());
  for (const auto& zone : schema.time_zones()) {
    EXPECT_TRUE(FieldsOf({{"billing", {{"timezone", zone}}}}).empty()) << zone;
  }
  EXPECT_NE(std::find(schema.time_zones().begin(), schema.time_zones().end(), DefaultTimeZone()),
            schema.time_zones().end());
}

const json kTripay = {{"provider", "tripay"},
                      {"public_url", "https://tagihan.example.net/"},
                      {"tripay",
                       {{"merchant_code", "T0001"},
                        {"api_key", "DEV-key"},
                        {"private_key", "priv-1"},
                        {"method", "BRIVA"}}}};

TEST(SettingsDocumentTest, PaymentDefaultsAreOff) {
  json payment = DefaultSettings()["payment"];
  EXPECT_EQ(payment["provider"], "none");
  EXPECT_EQ(payment["mode"], "sandbox");
  EXPECT_EQ(payment["fee_mode"], "absorbed");
  EXPECT_EQ(payment["customer_fee"], 0);
  EXPECT_EQ(payment["public_url"], "");
  EXPECT_EQ(payment["link_hours"], 24);
  EXPECT_EQ(payment["tripay"]["method"], "QRIS");
  EXPECT_EQ(payment["xendit"]["callback_token"], "");
  v1::Settings typed = ToSettings(DefaultSettings());
  EXPECT_EQ(typed.payment().link_hours(), 24);
  EXPECT_EQ(typed.payment().tripay().method(), "QRIS");
}

TEST(SettingsDocumentTest, PaymentFieldsAreCheckedOneByOne) {
  auto fields = FieldsOf({{"payment",
                           {{"provider", "duitku"},
                            {"mode", "live"},
                            {"fee_mode", "split"},
                            {"customer_fee", 100001},
                            {"link_hours", 0},
                            {"public_url", "https://tagihan.example.net/?x=1"},
                            {"colour", "red"},
                            {"tripay", {{"api_base_url", "ftp://tripay"}, {"secret", "x"}}},
                            {"midtrans", {{"snap_base_url", "https://"}}},
                            {"xendit", "key"}}}});
  for (const char* path :
       {"payment.provider", "payment.mode", "payment.fee_mode", "payment.customer_fee",
        "payment.link_hours", "payment.public_url", "payment.colour", "payment.tripay.api_base_url",
        "payment.tripay.secret", "payment.midtrans.snap_base_url", "payment.xendit"}) {
    EXPECT_EQ(fields.count(path), 1u) << path;
  }
  EXPECT_EQ(FieldsOf({{"payment", {{"link_hours", 169}}}}).count("payment.link_hours"), 1u);
  EXPECT_EQ(
      FieldsOf({{"payment", {{"public_url", "https://a.example/#x"}}}}).count("payment.public_url"),
      1u);
  EXPECT_TRUE(FieldsOf({{"payment", {{"link_hours", 168}, {"customer_fee", 100000}}}}).empty());
  EXPECT_EQ(FieldsOf({{"payment", {{"customer_fee", "2500"}}}}).count("payment.customer_fee"), 1u);
}

TEST(SettingsDocumentTest, AProviderNeedsItsKeysAndThePublicAddress) {
  auto tripay = FieldsOf({{"payment", {{"provider", "tripay"}}}});
  for (const char* path : {"payment.tripay.merchant_code", "payment.tripay.api_key",
                           "payment.tripay.private_key", "payment.public_url"}) {
    EXPECT_EQ(tripay.count(path), 1u) << path;
  }
  auto midtrans = FieldsOf({{"payment", {{"provider", "midtrans"}}}});
  EXPECT_EQ(midtrans.count("payment.midtrans.server_key"), 1u);
  auto xendit = FieldsOf({{"payment",
                           {{"provider", "xendit"},
                            {"public_url", "https://t.example"},
                            {"xendit", {{"secret_key", "xnd"}}}}}});
  EXPECT_EQ(xendit.count("payment.xendit.callback_token"), 1u);
  EXPECT_EQ(xendit.count("payment.public_url"), 0u);
  EXPECT_EQ(xendit.count("payment.xendit.secret_key"), 0u);

  json saved = MergeSettings(DefaultSettings(), {{"payment", kTripay}});
  EXPECT_EQ(saved["payment"]["provider"], "tripay");
  EXPECT_EQ(saved["payment"]["public_url"], "https://tagihan.example.net");  // slash trimmed
  EXPECT_EQ(saved["payment"]["tripay"]["method"], "BRIVA");
  EXPECT_EQ(saved["payment"]["midtrans"], DefaultSettings()["payment"]["midtrans"]);
  // A key cannot be emptied while its provider is chosen; other sections need not care.
  EXPECT_EQ(FieldsOf(saved, {{"payment", {{"tripay", {{"api_key", ""}}}}}})
                .count("payment.tripay.api_key"),
            1u);
  EXPECT_NO_THROW(MergeSettings(saved, {{"business", {{"name", "Net"}}}}));
  EXPECT_NO_THROW(MergeSettings(saved, {{"payment", {{"provider", "none"}}}}));
}

TEST(SettingsDocumentTest, PaymentSecretsAreMaskedKeptAndRevealedToPaymentOnly) {
  json saved = MergeSettings(DefaultSettings(),
                             {{"whatsapp", {{"token", "wa-1"}}},
                              {"payment",
                               {{"provider", "xendit"},
                                {"public_url", "https://t.example"},
                                {"xendit", {{"secret_key", "xnd-1"}, {"callback_token", "cb-1"}}},
                                {"midtrans", {{"server_key", "mid-1"}}}}}});
  json masked = MaskSecrets(saved);
  EXPECT_EQ(masked["payment"]["xendit"]["secret_key"], "***");
  EXPECT_EQ(masked["payment"]["xendit"]["callback_token"], "***");
  EXPECT_EQ(masked["payment"]["midtrans"]["server_key"], "***");
  EXPECT_EQ(masked["payment"]["tripay"]["private_key"], "");  // not set: nothing to hide
  EXPECT_EQ(masked["payment"]["public_url"], "https://t.example");
  json again = MergeSettings(saved, {{"payment", masked["payment"]}});
  EXPECT_EQ(again["payment"]["xendit"]["secret_key"], "xnd-1");
  EXPECT_EQ(again["payment"]["midtrans"]["server_key"], "mid-1");

  json for_payment = MaskSecrets(saved, "payment");
  EXPECT_EQ(for_payment["payment"]["xendit"]["secret_key"], "xnd-1");
  EXPECT_EQ(for_payment["whatsapp"]["token"], "***");
  json for_messaging = MaskSecrets(saved, "whatsapp");
  EXPECT_EQ(for_messaging["whatsapp"]["token"], "wa-1");
  EXPECT_EQ(for_messaging["payment"]["xendit"]["callback_token"], "***");
}

TEST(SettingsDocumentTest, ThePayLinkIsAPlaceholderOfTheKindsThatAskForMoney) {
  for (const char* kind : {"internet_bill", "gas_invoice", "reminder", "isolir"}) {
    EXPECT_TRUE(FieldsOf({{"templates", {{kind, "Bayar: {link_bayar}"}}}}).empty()) << kind;
  }
  for (const char* kind : {"receipt", "reconnect"}) {
    EXPECT_EQ(FieldsOf({{"templates", {{kind, "Bayar: {link_bayar}"}}}})
                  .count(std::string("templates.") + kind),
              1u)
        << kind;
  }
}

TEST(SettingsDocumentTest, TheNikMonthlyLimitIsOffByDefaultAndAtMostAThousand) {
  EXPECT_EQ(DefaultSettings()["shop"]["nik_monthly_limit"], 0);
  EXPECT_EQ(ToSettings(DefaultSettings()).shop().nik_monthly_limit(), 0);
  json merged = MergeSettings(DefaultSettings(), {{"shop", {{"nik_monthly_limit", 10}}}});
  EXPECT_EQ(ToSettings(merged).shop().nik_monthly_limit(), 10);
  for (const json& limit : {json(-1), json(1001), json("10"), json(2.5)}) {
    EXPECT_EQ(FieldsOf({{"shop", {{"nik_monthly_limit", limit}}}}).count("shop.nik_monthly_limit"),
              1u)
        << limit;
  }
  EXPECT_EQ(FieldsOf({{"shop", {{"limit", 1}}}}).count("shop.limit"), 1u);
}

}  // namespace
}  // namespace billing::bills
