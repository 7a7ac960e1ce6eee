// Issue 13: the static-file rules of the server (ranges, gzip, cache lifetimes).
#include "server/http_rules.hpp"

#include <gtest/gtest.h>

namespace infergy::server {
namespace {

TEST(Issue13Range, FortyOverlappingRangesGetTheWholeFileOnce) {
  std::string header = "bytes=0-";
  for (int i = 0; i < 39; ++i) header += ",0-";
  auto plan = plan_range(header, 4'700'000);
  EXPECT_EQ(plan.kind, RangePlan::whole);
}

TEST(Issue13Range, OneRangeIsServedClampedToTheFile) {
  auto plan = plan_range("bytes=10-19", 100);
  EXPECT_EQ(plan.kind, RangePlan::partial);
  EXPECT_EQ(plan.first, 10u);
  EXPECT_EQ(plan.bytes, 10u);
  plan = plan_range("bytes=90-1000", 100);
  EXPECT_EQ(plan.first, 90u);
  EXPECT_EQ(plan.bytes, 10u);
  plan = plan_range("bytes=-30", 100);
  EXPECT_EQ(plan.first, 70u);
  EXPECT_EQ(plan.bytes, 30u);
  plan = plan_range("bytes=-300", 100);  // more than the file: the whole file
  EXPECT_EQ(plan.kind, RangePlan::whole);
  EXPECT_EQ(plan_range("bytes=0-", 100).kind, RangePlan::whole);
}

TEST(Issue13Range, UnsatisfiableAndMalformedRanges) {
  EXPECT_EQ(plan_range("bytes=100-", 100).kind, RangePlan::unsatisfiable);
  EXPECT_EQ(plan_range("bytes=-0", 100).kind, RangePlan::unsatisfiable);
  EXPECT_EQ(plan_range("bytes=0-", 0).kind, RangePlan::unsatisfiable);
  // Malformed: ignored (the whole file), as RFC 9110 allows.
  for (const char* bad : {"bytes=5-2", "bytes=a-b", "bytes=+1-2", "items=0-1", "bytes=", "bytes=-",
                          "bytes=99999999999999999999-", "bytes=0x1-2"}) {
    EXPECT_EQ(plan_range(std::string(bad), 100).kind, RangePlan::whole) << bad;
  }
  EXPECT_EQ(plan_range(std::nullopt, 100).kind, RangePlan::whole);
}

TEST(Issue13Gzip, AcceptEncodingWithQValues) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip(std::nullopt));
  EXPECT_FALSE(accepts_gzip("identity"));
}

TEST(Issue13CacheControl, HashedNamesAreImmutableFixedNamesRevalidate) {
  EXPECT_TRUE(is_content_hashed("app-4F2KX7QZ.js"));
  EXPECT_TRUE(is_content_hashed("style.3fa9c2d1.css"));
  EXPECT_TRUE(is_content_hashed("plotly-basic-A1B2C3D4E5.js"));
  EXPECT_FALSE(is_content_hashed("index.html"));
  EXPECT_FALSE(is_content_hashed("app.js"));
  EXPECT_FALSE(is_content_hashed("plotly-basic.js"));
  EXPECT_FALSE(is_content_hashed("explorer-abcdefgh.js"));  // no digit: a word
  EXPECT_EQ(cache_control_for("app-4F2KX7QZ.js"), "public, max-age=31536000, immutable");
  EXPECT_EQ(cache_control_for("index.html"), "no-cache");
}

}  // namespace
}  // namespace infergy::server
