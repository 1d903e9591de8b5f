// Amounts, times and base URLs as the providers read and write them.
#include "providers/provider_call.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"

namespace billing::payment {
namespace {

using nlohmann::json;

TEST(ParseRupiah, ReadsWholeRupiahExactly) {
  EXPECT_EQ(ParseRupiah(json("150000.00")), 150000);
  EXPECT_EQ(ParseRupiah(json("150000")), 150000);
  EXPECT_EQ(ParseRupiah(json(150000)), 150000);
  EXPECT_EQ(ParseRupiah(json(150000.0)), 150000);
  EXPECT_EQ(ParseRupiah(json("999999999999999.0")), 999999999999999);
}

TEST(ParseRupiah, RefusesWhatIsNotWholeRupiah) {
  for (const json& value :
       {json("150000.50"), json("-5"), json(-5), json("1e5"), json(""), json("12a"), json("."),
        json("150000."), json(0.5), json(nullptr), json("1234567890123456"), json(true)}) {
    EXPECT_FALSE(ParseRupiah(value).has_value()) << value.dump();
  }
}

TEST(ParseTimestamp, ReadsRfc3339AndWib) {
  const TimePoint expected = domain::UtcTime(2026, 1, 5, 10);
  EXPECT_EQ(ParseTimestamp("2026-01-05T10:00:00.000Z"), expected);
  EXPECT_EQ(ParseTimestamp("2026-01-05T17:00:00+07:00"), expected);
  EXPECT_EQ(ParseTimestamp("2026-01-05 17:00:00", 7 * 60), expected);
  EXPECT_FALSE(ParseTimestamp("yesterday").has_value());
  EXPECT_FALSE(ParseTimestamp("2026-01-05T10:00:00 trailing").has_value());
}

TEST(FormatWib, WritesMidtransExpiryStart) {
  EXPECT_EQ(FormatWib(domain::UtcTime(2026, 1, 5, 20)), "2026-01-06 03:00:00 +0700");
}

TEST(ChooseBaseUrl, OverrideWinsElseTheModesUrl) {
  EXPECT_EQ(ChooseBaseUrl("", ProviderMode::kSandbox, "https://s", "https://p"), "https://s");
  EXPECT_EQ(ChooseBaseUrl("", ProviderMode::kProduction, "https://s", "https://p"), "https://p");
  EXPECT_EQ(
      ChooseBaseUrl("http://127.0.0.1:9/", ProviderMode::kProduction, "https://s", "https://p"),
      "http://127.0.0.1:9");
}

TEST(StatusName, NamesEveryStatus) {
  EXPECT_EQ(StatusName(PaymentStatus::kPending), "pending");
  EXPECT_EQ(StatusName(PaymentStatus::kPaid), "paid");
  EXPECT_EQ(StatusName(PaymentStatus::kExpired), "expired");
  EXPECT_EQ(StatusName(PaymentStatus::kFailed), "failed");
  EXPECT_EQ(StatusName(PaymentStatus::kRefunded), "refunded");
}

}  // namespace
}  // namespace billing::payment
