#include "infergy/dates.hpp"

#include <charconv>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace infergy {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

std::optional<int> parse_digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string Date::iso() const { return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day); }

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = parse_digits(text.substr(0, 4));
  auto month = parse_digits(text.substr(5, 2));
  auto day = parse_digits(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  if (*year < 1900 || *year > 2200 || *month < 1 || *month > 12) return std::nullopt;
  if (*day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  return Date{*year, *month, *day};
}

double fractional_year(const Date& date) {
  int day_of_year = date.day;
  for (int m = 1; m < date.month; ++m) day_of_year += days_in_month(date.year, m);
  double days = is_leap(date.year) ? 366.0 : 365.0;
  return date.year + (day_of_year - 0.5) / days;
}

std::string utc_now_iso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

}  // namespace infergy
