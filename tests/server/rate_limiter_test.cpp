#include "server/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace infergy::server {
namespace {

TEST(RateLimiterTest, AllowsTheBurstThenTheRate) {
  double now_s = 100;
  RateLimiter limiter(2, 3, [&] { return now_s; });
  EXPECT_TRUE(limiter.allow("a"));
  EXPECT_TRUE(limiter.allow("a"));
  EXPECT_TRUE(limiter.allow("a"));
  EXPECT_FALSE(limiter.allow("a"));
  EXPECT_TRUE(limiter.allow("b"));  // clients are counted apart
  now_s += 0.5;                     // one token back at 2 per second
  EXPECT_TRUE(limiter.allow("a"));
  EXPECT_FALSE(limiter.allow("a"));
  now_s += 100;  // refills up to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a"));
  EXPECT_FALSE(limiter.allow("a"));
}

TEST(RateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter(0, 1, [] { return 0.0; });
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.allow("a"));
}

}  // namespace
}  // namespace infergy::server
