#include "server/params.hpp"

#include <gtest/gtest.h>

namespace infergy::server {
namespace {

TEST(QueryParamsTest, RejectsUnknownAndRepeatedParameters) {
  EXPECT_THROW(QueryParams({{"bogus", "1"}}, {"setup"}), ParamError);
  EXPECT_THROW(QueryParams({{"setup", "a"}, {"setup", "b"}}, {"setup"}), ParamError);
  try {
    QueryParams({{"bogus", "1"}}, {"setup"});
  } catch (const ParamError& e) {
    EXPECT_EQ(e.parameter(), "bogus");
    EXPECT_STREQ(e.what(), "unknown parameter 'bogus' (allowed: setup)");
  }
}

TEST(QueryParamsTest, NumbersMustBeFiniteAndInRange) {
  QueryParams q({{"w", "0.25"}, {"bad", "0.5x"}, {"big", "2"}, {"nan", "nan"}, {"empty", ""}},
                {"w", "bad", "big", "nan", "empty"});
  EXPECT_DOUBLE_EQ(*q.number("w", 0, 1), 0.25);
  EXPECT_FALSE(q.number("absent", 0, 1).has_value());
  EXPECT_THROW(q.number("bad", 0, 1), ParamError);
  EXPECT_THROW(q.number("big", 0, 1), ParamError);
  EXPECT_THROW(q.number("nan", 0, 1), ParamError);
  EXPECT_THROW(q.number("empty", 0, 1), ParamError);
}

TEST(QueryParamsTest, IntegersChoicesAndLists) {
  QueryParams q(
      {{"top", "10"}, {"frac", "1.5"}, {"metric", "cosine"}, {"sets", "a,b"}, {"hole", "a,,b"}},
      {"top", "frac", "metric", "sets", "hole"});
  EXPECT_EQ(*q.integer("top", 1, 100), 10);
  EXPECT_THROW(q.integer("frac", 1, 100), ParamError);
  EXPECT_THROW(q.choice("metric", {"manhattan"}, "manhattan"), ParamError);
  EXPECT_EQ(q.choice("absent", {"manhattan"}, "manhattan"), "manhattan");
  EXPECT_EQ(q.list("sets"), (std::vector<std::string>{"a", "b"}));
  EXPECT_THROW(q.list("hole"), ParamError);
}

TEST(QueryParamsTest, RejectsOverlongValues) {
  EXPECT_THROW(QueryParams({{"setup", std::string(600, 'x')}}, {"setup"}), ParamError);
}

}  // namespace
}  // namespace infergy::server
