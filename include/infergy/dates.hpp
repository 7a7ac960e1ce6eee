// ISO 8601 calendar dates and fractional years (regressions over time use these).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace infergy {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  std::string iso() const;  // "YYYY-MM-DD"
  auto operator<=>(const Date&) const = default;
};

// Parses "YYYY-MM-DD"; nullopt unless it is a real calendar date in 1900..2200.
std::optional<Date> parse_date(std::string_view text);

// 2019-07-02 -> 2019.5 (midday of the day, divided by the days in that year).
double fractional_year(const Date& date);

// The current UTC time to the second, "2026-11-23T16:40:00Z" (import timestamps).
std::string utc_now_iso();

}  // namespace infergy
