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
  MessageFacts facts = Budi();
  facts.invoice_numbers = {"INV/2026/09/0001", "INV/2026/10/0002"};
  facts.bill_lines = {{"Internet Paket 10 Mbps 2026-09", 0, 0, 150000, ""}};
  facts.discount = 30000;
  facts.tax_added = 29700;
  std::string text = Render(
      "{nama}|{username}|{password}|{paket}|{periode}|{total}|{jatuh_tempo}|{tunggakan}|"
      "{nama_usaha}|{rekening}|{no_invoice}|{rincian}|{diskon}|{ppn}",
      ValuesFor(facts), "templates.reminder");
  EXPECT_EQ(text,
            "Budi Santoso|budi@net|rahasia1|Paket 10 Mbps|2026-09, 2026-10|Rp 300.000|"
            "15 September 2026|Rp 1.250.000|RT/RW Net Sejahtera|BCA 1234567 a.n. Budi, BRI 0099 "
            "a.n. Sri|INV/2026/09/0001, INV/2026/10/0002|Internet Paket 10 Mbps 2026-09 = "
            "Rp 150.000|Rp 30.000|Rp 29.700");
}

// Every kind of bill line: the package with its pro rata note, items, the installation fee, a
// discount (negative), PPN added or already inside the prices.
TEST(TemplateRendererTest, EachKindOfBillLineReadsOnItsOwn) {
  EXPECT_EQ(FormatBillLine({"Internet Paket 10 Mbps 2026-11", 0, 0, 55000, "pro rata 11/30 hari"}),
            "Internet Paket 10 Mbps 2026-11 (pro rata 11/30 hari) = Rp 55.000");
  EXPECT_EQ(FormatBillLine({"Internet Paket 10 Mbps 2026-11", 0, 0, 150000, ""}),
            "Internet Paket 10 Mbps 2026-11 = Rp 150.000");
  EXPECT_EQ(FormatBillLine({"Biaya pemasangan", 0, 0, 250000, ""}),
            "Biaya pemasangan = Rp 250.000");
  EXPECT_EQ(FormatBillLine({"Diskon 10%", 0, 0, -15000, ""}), "Diskon 10% = -Rp 15.000");
  EXPECT_EQ(FormatBillLine({"PPN 11%", 0, 0, 16500, ""}), "PPN 11% = Rp 16.500");
  EXPECT_EQ(FormatBillLine({"PPN 11%", 0, 0, 16500, i18n::kBillLineTaxIncluded}),
            "PPN 11% (sudah termasuk) = Rp 16.500");
  EXPECT_EQ(FormatBillLine({"LPG 3 kg", 2, 22000, 44000, ""}),
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000");
}

// {diskon} and {ppn}: Rupiah when there is some, empty (and so their line left out) when not;
// PPN already inside every price says so, lest the customer add it to the total.
TEST(TemplateRendererTest, DiscountAndTaxAreSaidOnlyWhenThereAreSome) {
  MessageFacts facts = Budi();
  PlaceholderValues none = ValuesFor(facts);
  EXPECT_EQ(none["diskon"], "");
  EXPECT_EQ(none["ppn"], "");
  EXPECT_EQ(Render("Layanan: {paket}\nDiskon: {diskon}\nPPN: {ppn}\nTotal: {total}", none, "t"),
            "Layanan: Paket 10 Mbps\nTotal: Rp 300.000");
  facts.discount = 15000;
  facts.tax_added = 16500;
  PlaceholderValues added = ValuesFor(facts);
  EXPECT_EQ(added["diskon"], "Rp 15.000");
  EXPECT_EQ(added["ppn"], "Rp 16.500");
  EXPECT_EQ(Render("Diskon: {diskon}\nPPN: {ppn}\nTotal: {total}", added, "t"),
            "Diskon: Rp 15.000\nPPN: Rp 16.500\nTotal: Rp 300.000");
  facts.discount = 0;
  facts.tax_added = 0;
  facts.tax_included = 29730;
  EXPECT_EQ(ValuesFor(facts)["diskon"], "");
  EXPECT_EQ(ValuesFor(facts)["ppn"], "Rp 29.730 (sudah termasuk)");
  // Bills with PPN added and bills with it included: the sum, which is not all inside the total.
  facts.tax_added = 16500;
  EXPECT_EQ(ValuesFor(facts)["ppn"], "Rp 46.230");
  EXPECT_EQ(EmptyPlaceholders("Diskon: {diskon}\nPPN: {ppn}", ValuesFor(facts)),
            (std::vector<std::string>{"diskon"}));
}

TEST(TemplateRendererTest, BillLinesNameTheItemsOrTheWholeBillOneALine) {
  EXPECT_EQ(FormatBillLine({"LPG 3 kg", 2, 22000, 0, ""}), "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000");
  EXPECT_EQ(FormatBillLine({"Air galon", 1200, 5000, 0, ""}),
            "1.200 x Air galon @ Rp 5.000 = Rp 6.000.000");
  EXPECT_EQ(FormatBillLine({"Internet Paket 10 Mbps 2026-10", 0, 0, 150000, ""}),
            "Internet Paket 10 Mbps 2026-10 = Rp 150.000");
  MessageFacts facts = Budi();
  facts.bill_lines = {{"LPG 3 kg", 2, 22000, 0, ""}, {"LPG 12 kg", 1, 210000, 0, ""}};
  EXPECT_EQ(ValuesFor(facts)["rincian"],
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n1 x LPG 12 kg @ Rp 210.000 = Rp 210.000");
  // A message about no bill: nothing to list, no invoice number.
  EXPECT_EQ(ValuesFor(Budi())["rincian"], "");
  EXPECT_EQ(ValuesFor(Budi())["no_invoice"], "");
}

// Several bills: their numbers joined; a bill from before invoice numbers has none to show.
TEST(TemplateRendererTest, InvoiceNumbersAreJoinedAndEmptyOnesSkipped) {
  MessageFacts facts = Budi();
  facts.invoice_numbers = {"INV/2026/09/0007"};
  EXPECT_EQ(ValuesFor(facts)["no_invoice"], "INV/2026/09/0007");
  facts.invoice_numbers = {"", "INV/2026/09/0007", "INV/2026/10/0012"};
  EXPECT_EQ(ValuesFor(facts)["no_invoice"], "INV/2026/09/0007, INV/2026/10/0012");
  facts.invoice_numbers = {"", ""};
  EXPECT_EQ(ValuesFor(facts)["no_invoice"], "");
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
  // Another placeholder on the line with a value keeps it.
  EXPECT_EQ(Render("{nama}: {link_bayar}\nx", values, "t"), "Budi Santoso: \nx");
}

// Not only the pay link: any line whose placeholders are all empty goes, so no sentence is left
// hanging ("Transfer ke ."); lines without placeholders and lines with one value stay.
TEST(TemplateRendererTest, DropsExactlyTheLinesWhosePlaceholdersAreAllEmpty) {
  MessageFacts facts = Budi();
  facts.bank_accounts = nlohmann::json::array();
  facts.pppoe_username = "";
  facts.pppoe_password = "";
  facts.pay_link = "";
  facts.invoice_numbers = {"INV/2026/10/0002"};
  const std::string text =
      "Halo {nama},\n"
      "Tagihan Anda.\n"                    // no placeholder: stays
      "No. Invoice: {no_invoice}\n"        // filled: stays
      "Rincian: {rincian}\n"               // empty: goes
      "Transfer ke {rekening}.\n"          // empty: goes
      "Login: {username} / {password}\n"   // all empty: goes
      "Paket {paket}, login {username}\n"  // one filled: stays, the gap with it
      "Bayar online: {link_bayar}\n"       // empty: goes
      "{nama_usaha}";
  EXPECT_EQ(Render(text, ValuesFor(facts), "t"),
            "Halo Budi Santoso,\n"
            "Tagihan Anda.\n"
            "No. Invoice: INV/2026/10/0002\n"
            "Paket Paket 10 Mbps, login \n"
            "RT/RW Net Sejahtera");
  EXPECT_EQ(Render("A\n{rekening} {link_bayar}\nB", ValuesFor(facts), "t"), "A\nB");
  // Spaces around a lone empty placeholder do not keep its line.
  EXPECT_EQ(Render("A\n  {rekening}  \nB", ValuesFor(facts), "t"), "A\nB");
}

// A block of lines that all go takes its blank line with it: no doubled gap, nothing hanging
// at the start or the end; the template's own blank lines and line ends stay.
TEST(TemplateRendererTest, ABlockLeftOutLeavesNoDoubledBlankLine) {
  MessageFacts facts = Budi();
  facts.bank_accounts = nlohmann::json::array();
  facts.pay_link = "";
  PlaceholderValues values = ValuesFor(facts);
  EXPECT_EQ(
      Render("Halo\n\nTransfer ke {rekening}\nBayar: {link_bayar}\n\nTerima kasih", values, "t"),
      "Halo\n\nTerima kasih");
  EXPECT_EQ(Render("{rekening}\n\nHalo", values, "t"), "Halo");
  EXPECT_EQ(Render("Halo\n\n{rekening}", values, "t"), "Halo");
  EXPECT_EQ(Render("Halo\r\n\r\n{rekening}\r\n\r\nTerima kasih", values, "t"),
            "Halo\r\n\r\nTerima kasih");
  EXPECT_EQ(Render("Halo\n\n\nTerima kasih\n", values, "t"), "Halo\n\n\nTerima kasih\n");
  EXPECT_EQ(Render("\nHalo {nama}\n", values, "t"), "\nHalo Budi Santoso\n");
}

// What a preview warns of: the placeholders used that are empty, in order, each once.
TEST(TemplateRendererTest, EmptyPlaceholdersAreListedInOrderOfUseOnce) {
  MessageFacts facts = Budi();
  facts.bank_accounts = nlohmann::json::array();
  facts.pay_link = "";
  facts.pppoe_password = "";
  PlaceholderValues values = ValuesFor(facts);
  EXPECT_EQ(
      EmptyPlaceholders("Halo {nama}\n{rincian} {rekening}\n{nama} {rincian}\n"
                        "{link_bayar} {password} {no_invoice}",
                        values),
      (std::vector<std::string>{"rincian", "rekening", "link_bayar", "password", "no_invoice"}));
  EXPECT_TRUE(EmptyPlaceholders("Halo {nama}, {total}", values).empty());
  EXPECT_TRUE(EmptyPlaceholders("", values).empty());
  // Unknown or unclosed names are Render's to refuse, not a warning.
  EXPECT_EQ(EmptyPlaceholders("{nama} {name} {rekening} {rincian", values),
            (std::vector<std::string>{"rekening"}));
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
