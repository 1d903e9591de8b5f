// Template rendering: every placeholder, Rupiah and dates, unknown placeholders refused.
#include "template_renderer.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "domain/message_templates.h"
#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::messaging {
namespace {

MessageFacts Budi() {
  MessageFacts facts;
  facts.customer_name = "Budi Santoso";
  facts.pppoe_username = "budi@net";
  facts.pppoe_password = "rahasia1";
  facts.package_name = "Paket 10 Mbps";
  facts.periods = {"2026-09", "2026-10"};
  facts.total = 300000;
  facts.due_date = "2026-09-15";
  facts.total_owed = 1250000;
  facts.business_name = "RT/RW Net Sejahtera";
  facts.bank_accounts = {{{"bank", "BCA"}, {"number", "1234567"}, {"holder", "Budi"}},
                         {{"bank", "BRI"}, {"number", "0099"}, {"holder", "Sri"}}};
  return facts;
}

TEST(TemplateRendererTest, FillsEveryPlaceholder) {
  std::string text = Render(
      "{nama}|{username}|{password}|{paket}|{periode}|{total}|{jatuh_tempo}|{tunggakan}|"
      "{nama_usaha}|{rekening}",
      ValuesFor(Budi()), "templates.reminder");
  EXPECT_EQ(text,
            "Budi Santoso|budi@net|rahasia1|Paket 10 Mbps|2026-09, 2026-10|Rp 300.000|"
            "15 September 2026|Rp 1.250.000|RT/RW Net Sejahtera|BCA 1234567 a.n. Budi, BRI 0099 "
            "a.n. Sri");
}

// The placeholders billing accepts in a template (and shows staff) are exactly those filled in.
TEST(TemplateRendererTest, FillsExactlyThePlaceholdersBillingAcceptsForEachKind) {
  for (const char* name : domain::kTemplateKinds) {
    MessageKind kind = *ParseKind(name);
    MessageFacts facts = Budi();
    if (IsNotice(kind)) facts.reason = "Telat bayar";
    if (domain::HasPayLink(name)) facts.pay_link = "https://tagihan.example.net/portal/l/x";
    std::vector<std::string> filled;
    for (const auto& [placeholder, value] : ValuesFor(facts)) filled.push_back(placeholder);
    std::vector<std::string> accepted = domain::TemplatePlaceholders(name);
    std::sort(accepted.begin(), accepted.end());
    EXPECT_EQ(filled, accepted) << name;
  }
}

TEST(TemplateRendererTest, ThePayLinkFillsItsLine) {
  MessageFacts facts = Budi();
  facts.pay_link = "https://tagihan.example.net/portal/l/abc";
  EXPECT_EQ(Render("Halo {nama}\nBayar online: {link_bayar}\nTerima kasih", ValuesFor(facts), "t"),
            "Halo Budi Santoso\nBayar online: https://tagihan.example.net/portal/l/abc\n"
            "Terima kasih");
}

// Online payment off (no link): the line that offers it goes, the rest stays as it was.
TEST(TemplateRendererTest, ALineWithAnEmptyPayLinkAndNothingElseFilledIsDropped) {
  MessageFacts facts = Budi();
  facts.pay_link = "";
  PlaceholderValues values = ValuesFor(facts);
  EXPECT_EQ(
      Render("Halo {nama}\nBayar online / cek tagihan: {link_bayar}\n\nTerima kasih", values, "t"),
      "Halo Budi Santoso\n\nTerima kasih");
  EXPECT_EQ(Render("Halo {nama}\nBayar: {link_bayar}", values, "t"), "Halo Budi Santoso");
  EXPECT_EQ(Render("{link_bayar}\nHalo", values, "t"), "Halo");
  // Another placeholder on the line with a value keeps it; a line without {link_bayar} stays
  // even when its placeholders are empty.
  EXPECT_EQ(Render("{nama}: {link_bayar}\nx", values, "t"), "Budi Santoso: \nx");
  facts.bank_accounts = nlohmann::json::array();
  EXPECT_EQ(Render("A\nRekening: {rekening}\nB", ValuesFor(facts), "t"), "A\nRekening: \nB");
  EXPECT_EQ(Render("A\n{rekening} {link_bayar}\nB", ValuesFor(facts), "t"), "A\nB");
}

TEST(TemplateRendererTest, TheDefaultBillAndReminderOfferThePayLink) {
  for (const char* text : {i18n::kTemplateInternetBill, i18n::kTemplateReminder}) {
    MessageFacts facts = Budi();
    facts.pay_link = "https://t.example/p/1";
    EXPECT_NE(Render(text, ValuesFor(facts), "t")
                  .find("Bayar online / cek tagihan: "
                        "https://t.example/p/1"),
              std::string::npos)
        << text;
    facts.pay_link = "";
    std::string without = Render(text, ValuesFor(facts), "t");
    EXPECT_EQ(without.find("Bayar online"), std::string::npos) << without;
    EXPECT_NE(without.find("Terima kasih"), std::string::npos) << without;
  }
}

TEST(TemplateRendererTest, ValuesAreInsertedVerbatimNotRendered) {
  MessageFacts facts = Budi();
  facts.customer_name = "{password}";
  EXPECT_EQ(Render("Halo {nama}!", ValuesFor(facts), "t"), "Halo {password}!");
}

TEST(TemplateRendererTest, UnknownOrUnclosedPlaceholderIsAValidationError) {
  for (const char* bad : {"Halo {name}", "Halo {nama", "{}"}) {
    try {
      Render(bad, ValuesFor(Budi()), "templates.reminder");
      ADD_FAILURE() << bad;
    } catch (const errors::Error& e) {
      EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
      EXPECT_EQ(e.fields().count("templates.reminder"), 1u) << bad;
    }
  }
}

TEST(TemplateRendererTest, TextWithoutPlaceholdersAndClosingBracesPassThrough) {
  EXPECT_EQ(Render("Terima kasih } :)", ValuesFor(Budi()), "t"), "Terima kasih } :)");
  EXPECT_EQ(Render("", ValuesFor(Budi()), "t"), "");
}

TEST(TemplateRendererTest, DatesAndKinds) {
  EXPECT_EQ(FormatDate("2026-01-05"), "5 Januari 2026");
  EXPECT_EQ(FormatDate("2026-12-31"), "31 Desember 2026");
  EXPECT_EQ(FormatDate(""), "");
  EXPECT_EQ(FormatDate("besok"), "besok");
  EXPECT_EQ(ParseKind("gas_invoice"), MessageKind::kGasInvoice);
  EXPECT_EQ(ParseKind("Reminder"), std::nullopt);
  EXPECT_STREQ(KindName(MessageKind::kReceipt), "receipt");
}

TEST(TemplateRendererTest, NoticeKindsAndTheirReason) {
  EXPECT_EQ(ParseKind("isolir"), MessageKind::kIsolir);
  EXPECT_EQ(ParseKind("reconnect"), MessageKind::kReconnect);
  EXPECT_STREQ(KindName(MessageKind::kReconnect), "reconnect");
  EXPECT_TRUE(IsNotice(MessageKind::kIsolir));
  EXPECT_FALSE(IsNotice(MessageKind::kReminder));
  MessageFacts facts;
  EXPECT_EQ(ValuesFor(facts).count("alasan"), 0u);
  facts.reason = "Tunggakan 2 bulan";
  EXPECT_EQ(Render("Alasan: {alasan}", ValuesFor(facts), "templates.isolir"),
            "Alasan: Tunggakan 2 bulan");
  facts.reason = "";
  EXPECT_EQ(ValuesFor(facts)["alasan"], "-");
}

}  // namespace
}  // namespace billing::messaging
