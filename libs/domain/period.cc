// Period arithmetic and date checks; Indonesia has fixed offsets, so no tz database is needed.
#include "domain/period.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace billing::domain {
namespace {

bool ParseNumber(const std::string& text, size_t pos, size_t len, int* out) {
  int value = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

std::tm LocalTm(std::chrono::system_clock::time_point time, const std::string& zone) {
  std::time_t t = std::chrono::system_clock::to_time_t(time + UtcOffset(zone));
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

std::optional<Period> Period::Parse(const std::string& text) {
  Period period;
  if (text.size() != 7 || text[4] != '-' || !ParseNumber(text, 0, 4, &period.year) ||
      !ParseNumber(text, 5, 2, &period.month)) {
    return std::nullopt;
  }
  if (period.year < 2000 || period.year > 2100 || period.month < 1 || period.month > 12) {
    return std::nullopt;
  }
  return period;
}

std::string Period::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d", year, month);
  return buf;
}

Period Period::Next() const { return month == 12 ? Period{year + 1, 1} : Period{year, month + 1}; }

Period Period::Previous() const {
  return month == 1 ? Period{year - 1, 12} : Period{year, month - 1};
}

std::string Period::DueDate(int due_day) const {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, due_day);
  return buf;
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool IsValidDate(const std::string& text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseNumber(text, 0, 4, &year) ||
      !ParseNumber(text, 5, 2, &month) || !ParseNumber(text, 8, 2, &day)) {
    return false;
  }
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

const std::vector<std::string>& SupportedTimeZones() {
  static const auto* kZones = new std::vector<std::string>{"Asia/Jakarta", "Asia/Pontianak",
                                                           "Asia/Makassar", "Asia/Jayapura"};
  return *kZones;
}

bool IsSupportedTimeZone(const std::string& name) {
  const auto& zones = SupportedTimeZones();
  return std::find(zones.begin(), zones.end(), name) != zones.end();
}

std::chrono::hours UtcOffset(const std::string& zone) {
  if (zone == "Asia/Makassar") return std::chrono::hours(8);
  if (zone == "Asia/Jayapura") return std::chrono::hours(9);
  return std::chrono::hours(7);
}

Period PeriodAt(std::chrono::system_clock::time_point time, const std::string& zone) {
  std::tm tm = LocalTm(time, zone);
  return Period{tm.tm_year + 1900, tm.tm_mon + 1};
}

std::string DateAt(std::chrono::system_clock::time_point time, const std::string& zone) {
  std::tm tm = LocalTm(time, zone);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace billing::domain
