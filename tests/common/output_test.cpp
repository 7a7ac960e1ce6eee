#include "infergy/output.hpp"

#include <sstream>

#include <gtest/gtest.h>

using namespace infergy;

namespace {
Table sample() {
  Table t;
  t.columns = {{"name"}, {"energy_j", "energy_J", 3}};
  t.rows = {{"a,b", 0.0267534}, {"c", nullptr}};
  return t;
}
}  // namespace

TEST(Output, CsvQuotesAndKeepsFullPrecision) {
  std::ostringstream out;
  print_table(out, sample(), OutputFormat::csv);
  EXPECT_EQ(out.str(), "name,energy_j\n\"a,b\",0.0267534\nc,\n");
}

TEST(Output, JsonIsAnArrayOfObjectsWithNumbers) {
  std::ostringstream out;
  print_table(out, sample(), OutputFormat::json);
  auto json = nlohmann::json::parse(out.str());
  ASSERT_EQ(json.size(), 2u);
  EXPECT_DOUBLE_EQ(json[0]["energy_j"].get<double>(), 0.0267534);
  EXPECT_TRUE(json[1]["energy_j"].is_null());
}

TEST(Output, TextAlignsAndRoundsToColumnDecimals) {
  std::ostringstream out;
  print_table(out, sample(), OutputFormat::text);
  EXPECT_EQ(out.str(), "name  energy_J\na,b      0.027\nc\n");
}

TEST(Output, FormatNumber) {
  EXPECT_EQ(format_number(0.0267534), "0.02675");
  EXPECT_EQ(format_number(52.3333), "52.33");
  EXPECT_EQ(format_number(1.5e12), "1.5e+12");
  EXPECT_THROW(parse_output_format("xml"), std::runtime_error);
}
