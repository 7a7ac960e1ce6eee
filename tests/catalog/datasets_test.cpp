#include <gtest/gtest.h>

#include "infergy/catalog.hpp"
#include "infergy/error.hpp"

using namespace infergy;

namespace {

const std::string kHeader =
    "name,domain,extra_data,architecture,release_date,accuracy_pct,accuracy_metric,"
    "accuracy_source,accuracy_flags,params_m,params_source,params_flags,compute,compute_unit,"
    "compute_source,compute_flags,input_tokens,citation,source\n";

std::string model_row(const std::string& date = "2020-01-02", const std::string& compute = "1.5",
                      const std::string& flags = "†") {
  return "Net,cv,,CNN," + date + ",80,imagenet-top1,,,10,,," + compute + ",GMACs,," + flags +
         ",,,test\n";
}

std::string error_of(const std::string& text) {
  try {
    auto doc = csv::parse(text, "m.csv");
    catalog::validate(catalog::detect_dataset(doc), doc);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Datasets, DetectsModelsAndConvertsTypes) {
  auto doc = csv::parse(kHeader + model_row(), "m.csv");
  const auto& spec = catalog::detect_dataset(doc);
  EXPECT_EQ(spec.name, "models");
  auto rows = catalog::validate(spec, doc);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0][12].get<double>(), 1.5);  // compute
  EXPECT_TRUE(rows[0][16].is_null());                // input_tokens empty
  EXPECT_EQ(rows[0][15].get<std::string>(), "†");
}

TEST(Datasets, RejectsImpossibleDateWithLocation) {
  EXPECT_EQ(error_of(kHeader + model_row() + model_row("2021-02-30")),
            "m.csv:3:5: field 'release_date': '2021-02-30' is not a date YYYY-MM-DD");
}

TEST(Datasets, RejectsNegativeCompute) {
  EXPECT_EQ(error_of(kHeader + model_row("2020-01-02", "-4")),
            "m.csv:2:13: field 'compute': must not be negative, got -4");
}

TEST(Datasets, RejectsBadNumber) {
  EXPECT_EQ(error_of(kHeader + model_row("2020-01-02", "1.5x")),
            "m.csv:2:13: field 'compute': '1.5x' is not a number");
}

// Issue 9: one strict grammar (parse.hpp); stod used to take these.
TEST(Datasets, RejectsLooseNumberForms) {
  for (const char* compute : {" 1.5", "+1.5", "0x10", "inf"}) {
    EXPECT_EQ(error_of(kHeader + model_row("2020-01-02", compute)),
              std::string("m.csv:2:13: field 'compute': '") + compute + "' is not a number");
  }
  std::string row = model_row();
  row.replace(row.find(",,,test"), 7, ",256.0,,test");
  EXPECT_EQ(error_of(kHeader + row),
            "m.csv:2:17: field 'input_tokens': '256.0' is not a positive whole number");
}

TEST(Datasets, RejectsUnknownFlag) {
  EXPECT_NE(error_of(kHeader + model_row("2020-01-02", "1", "#"))
                .find("m.csv:2:16: field "
                      "'compute_flags': unknown "
                      "flag '#'"),
            std::string::npos);
}

TEST(Datasets, AcceptsMathAsteriskAsEstimatedFlag) {
  auto doc = csv::parse(kHeader + model_row("2020-01-02", "1", "∗"), "m.csv");
  auto rows = catalog::validate(catalog::detect_dataset(doc), doc);
  EXPECT_EQ(rows[0][15].get<std::string>(), "*");
}

TEST(Datasets, MissingColumnIsReportedOnTheHeaderLine) {
  std::string header = kHeader;
  header.replace(header.find(",compute_unit"), 13, "");
  std::string row = model_row();
  row.replace(row.find(",GMACs"), 6, "");
  EXPECT_EQ(error_of(header + row), "m.csv:1:19: missing column 'compute_unit' for table models");
}

TEST(Datasets, UnknownTableName) { EXPECT_THROW(catalog::dataset("nope"), InputError); }

TEST(Datasets, OptionalColumnsMayBeLeftOut) {
  // docs/data.md's template: only the required columns of gpus.
  auto doc = csv::parse(
      "name,precision,peak_tflops,tdp_w,launch_date,source\n"
      "RTX 4090,fp32,82.6,450,2022-10-12,datasheet\n",
      "g.csv");
  const auto& spec = catalog::detect_dataset(doc);
  EXPECT_EQ(spec.name, "gpus");
  auto rows = catalog::validate(spec, doc);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][5].get<std::string>(), "");  // type: empty text
  EXPECT_TRUE(rows[0][6].is_null());             // printed_gflops_per_watt: no value
  EXPECT_DOUBLE_EQ(rows[0][2].get<double>(), 82.6);
}
