// Billing periods ("YYYY-MM") and calendar dates ("YYYY-MM-DD"), in a configured time zone.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace billing::domain {

struct Period {
  int year = 2000;
  int month = 1;

  static std::optional<Period> Parse(const std::string& text);  // years 2000..2100
  std::string ToString() const;
  Period Next() const;
  Period Previous() const;
  // The due date in this period for a due day 1..28, "YYYY-MM-DD".
  std::string DueDate(int due_day) const;
  auto operator<=>(const Period&) const = default;
};

// 28..31 days of `month` (1..12) of `year` (Gregorian leap years).
int DaysInMonth(int year, int month);

// Valid calendar date "YYYY-MM-DD" (years 2000..2100).
bool IsValidDate(const std::string& text);

// Indonesian time zones the suite supports (no DST): WIB, WITA, WIT.
const std::vector<std::string>& SupportedTimeZones();
bool IsSupportedTimeZone(const std::string& name);
std::chrono::hours UtcOffset(const std::string& zone);  // Asia/Jakarta if unknown

// The period and date "today" in `zone`.
Period PeriodAt(std::chrono::system_clock::time_point time, const std::string& zone);
std::string DateAt(std::chrono::system_clock::time_point time, const std::string& zone);

}  // namespace billing::domain
