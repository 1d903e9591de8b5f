// Domain value types: phone numbers, Rupiah, periods and dates.
#include <gtest/gtest.h>

#include "domain/period.h"
#include "domain/phone.h"
#include "domain/rupiah.h"

namespace billing::domain {
namespace {

TEST(PhoneTest, NormalisesCommonSpellings) {
  EXPECT_EQ(NormalizePhone("08123456789"), "628123456789");
  EXPECT_EQ(NormalizePhone("+62 812-3456-789"), "628123456789");
  EXPECT_EQ(NormalizePhone("62812 3456 789"), "628123456789");
  EXPECT_EQ(NormalizePhone("8123456789"), "628123456789");
  EXPECT_EQ(NormalizePhone("(0274) 123456"), "62274123456");
}

TEST(PhoneTest, RejectsWhatCannotBeAPhoneNumber) {
  for (const char* bad : {"", "abc", "0812", "12345678", "0812345678901234", "0812-34x6-789", "+",
                          "620812345678", "081 234'; DROP", "++628123456789"}) {
    EXPECT_EQ(NormalizePhone(bad), std::nullopt) << bad;
  }
}

TEST(RupiahTest, FormatsWithDots) {
  EXPECT_EQ(FormatRupiah(0), "Rp 0");
  EXPECT_EQ(FormatRupiah(999), "Rp 999");
  EXPECT_EQ(FormatRupiah(150000), "Rp 150.000");
  EXPECT_EQ(FormatRupiah(1250000), "Rp 1.250.000");
  EXPECT_EQ(FormatRupiah(-5000), "-Rp 5.000");
}

TEST(PeriodTest, ParsesAndPrints) {
  EXPECT_EQ(Period::Parse("2026-11")->ToString(), "2026-11");
  for (const char* bad :
       {"2026-13", "2026-00", "26-11", "2026/11", "2026-1", "1999-12", "abcd-ef"}) {
    EXPECT_EQ(Period::Parse(bad), std::nullopt) << bad;
  }
}

TEST(PeriodTest, StepsAcrossYearsAndGivesDueDates) {
  EXPECT_EQ(Period::Parse("2026-12")->Next().ToString(), "2027-01");
  EXPECT_EQ(Period::Parse("2026-01")->Previous().ToString(), "2025-12");
  EXPECT_EQ(Period::Parse("2026-02")->DueDate(28), "2026-02-28");
  EXPECT_EQ(Period::Parse("2026-03")->DueDate(5), "2026-03-05");
}

TEST(DateTest, ChecksCalendarDates) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2025-02-29"));
  EXPECT_FALSE(IsValidDate("2025-04-31"));
  EXPECT_FALSE(IsValidDate("2025-4-30"));
}

TEST(TimeZoneTest, JakartaIsSevenHoursAhead) {
  // 2026-11-30T18:00:00Z is already 1 December in Jakarta.
  auto time = std::chrono::system_clock::from_time_t(1796061600);
  EXPECT_EQ(DateAt(time, "Asia/Jakarta"), "2026-12-01");
  EXPECT_EQ(PeriodAt(time, "Asia/Jakarta").ToString(), "2026-12");
  EXPECT_EQ(DateAt(time, "Asia/Jayapura"), "2026-12-01");
  EXPECT_TRUE(IsSupportedTimeZone("Asia/Makassar"));
  EXPECT_FALSE(IsSupportedTimeZone("Europe/Berlin"));
}

}  // namespace
}  // namespace billing::domain
