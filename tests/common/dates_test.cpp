#include "infergy/dates.hpp"

#include <gtest/gtest.h>

using infergy::parse_date;

TEST(Dates, ParsesRealCalendarDates) {
  auto d = parse_date("2020-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2020);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 29);
  EXPECT_EQ(d->iso(), "2020-02-29");
}

TEST(Dates, RejectsImpossibleDates) {
  EXPECT_FALSE(parse_date("2021-02-29"));
  EXPECT_FALSE(parse_date("2021-13-01"));
  EXPECT_FALSE(parse_date("2021-04-31"));
  EXPECT_FALSE(parse_date("21-04-01"));
  EXPECT_FALSE(parse_date("01/04/2021"));
  EXPECT_FALSE(parse_date("2021-4-1x"));
}

TEST(Dates, FractionalYearIsMidDayOverDaysInYear) {
  EXPECT_DOUBLE_EQ(infergy::fractional_year(*parse_date("2019-01-01")), 2019 + 0.5 / 365);
  EXPECT_DOUBLE_EQ(infergy::fractional_year(*parse_date("2020-12-31")), 2020 + 365.5 / 366);
  EXPECT_NEAR(infergy::fractional_year(*parse_date("2019-07-02")), 2019.5, 0.002);
}
