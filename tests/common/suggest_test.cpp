// "Did you mean": closeness for mistyped commands, models and GPUs.
#include "infergy/suggest.hpp"

#include <gtest/gtest.h>

using infergy::closest_names;
using infergy::did_you_mean;
using infergy::edit_distance;

TEST(Suggest, EditDistanceIgnoresCase) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("RUNS", "runs"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Suggest, ContainingTheTextRanksFirstThenByDistance) {
  std::vector<std::string> names = {"Tesla V100", "V100S", "A100 PCIe 40GB", "T4"};
  // Both contain "v100": the closer one first; then the others by distance.
  auto got = closest_names("V100", names, 4);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "V100S");
  EXPECT_EQ(got[1], "Tesla V100");
  EXPECT_EQ(got[2], "T4");
  EXPECT_EQ(closest_names("lst", {"list", "show", "export"}, 1), std::vector<std::string>{"list"});
}

TEST(Suggest, DidYouMeanListsUpToThree) {
  EXPECT_EQ(did_you_mean("rnk", {"rank", "runs", "report", "trends"}),
            " (did you mean: rank, runs, trends?)");
  EXPECT_EQ(did_you_mean("x", {}), "");
}
