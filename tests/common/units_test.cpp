#include "infergy/units.hpp"

#include <cstdint>

#include <gtest/gtest.h>

namespace units = infergy::units;

// The conventions are compile-time facts; a wrong factor fails the build.
static_assert(units::flop_count_from_macs(4.0) == 8.0);
static_assert(units::flop_count_from_macs(std::int64_t{3}) == 6);
static_assert(units::from_giga(1.5) == 1.5e9);
static_assert(units::from_tera(2.0) == 2e12);
static_assert(units::to_giga(3e9) == 3.0);
static_assert(units::kSecondsPerJulianYear == 31557600.0);

TEST(Units, MilliAndMicroDivideByAnExactPowerOfTen) {
  // 9 / 1e3 is correctly rounded (0.009); 9 * 1e-3 is another double.
  EXPECT_EQ(units::joules_from_millijoules(9), 0.009);
  EXPECT_NE(9 * units::kMilli, 0.009);
  EXPECT_EQ(units::watts_from_milliwatts(250123), 250.123);
  EXPECT_EQ(units::joules_from_microjoules(1'500'000), 1.5);
  EXPECT_EQ(units::seconds_from_milliseconds(12.5), 0.0125);
  EXPECT_EQ(units::to_milli(0.02675), 26.75);
}

TEST(Units, IntegerMacCountsStayExact) {
  const std::int64_t macs = 4'089'184'256;
  EXPECT_EQ(units::flop_count_from_macs(macs), 8'178'368'512);
}
