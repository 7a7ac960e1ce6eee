#include "infergy/output.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "infergy/version.hpp"

using namespace infergy;

namespace {

Table sample() {
  Table t;
  t.columns = {{"name"}, {"energy_j", "energy_J", 3}};
  t.rows = {{"a,b", 0.0267534}, {"c", nullptr}};
  return t;
}

Record sample_record() {
  Record r;
  r["model"] = "ResNet-50";
  r["energy_j"] = 0.0267534;
  r["batches"] = 2;
  r["exact"] = false;
  r["tags"] = {"a|b", "c"};
  return r;
}

std::string table_as(OutputFormat format, const Table& table = sample()) {
  std::ostringstream out;
  print_table(out, table, format);
  return out.str();
}

std::string record_as(OutputFormat format, const Record& record = sample_record()) {
  std::ostringstream out;
  print_record(out, record, format);
  return out.str();
}

std::string emitted(const Output& output, OutputFormat format) {
  std::ostringstream out;
  emit(out, output, format);
  return out.str();
}

}  // namespace

TEST(Output, TextAlignsAndRoundsToColumnDecimals) {
  EXPECT_EQ(table_as(OutputFormat::text), "name  energy_J\na,b      0.027\nc\n");
}

TEST(Output, CsvQuotesAndKeepsFullPrecision) {
  EXPECT_EQ(table_as(OutputFormat::csv), "name,energy_j\n\"a,b\",0.0267534\nc,\n");
}

namespace {
// The envelope's first lines; the payload follows, indented one level.
std::string envelope_head() {
  return std::string("{\n  \"schema_version\": 1,\n  \"infergy_version\": \"") + kVersion +
         "\",\n  \"data\": ";
}
}  // namespace

TEST(Output, JsonTableIsAnArrayOfObjectsInColumnOrder) {
  EXPECT_EQ(table_as(OutputFormat::json),
            envelope_head() +
                "[\n"
                "    {\n      \"name\": \"a,b\",\n      \"energy_j\": 0.0267534\n    },\n"
                "    {\n      \"name\": \"c\",\n      \"energy_j\": null\n    }\n"
                "  ]\n}\n");
}

TEST(Output, MarkdownTableUsesTitlesAndAlignsNumbersRight) {
  EXPECT_EQ(table_as(OutputFormat::markdown),
            "| name | energy_J |\n"
            "|---|---:|\n"
            "| a,b | 0.027 |\n"
            "| c |  |\n");
}

TEST(Output, MarkdownEscapesPipesAndLineBreaks) {
  Table t;
  t.columns = {{"rule"}};
  t.rows = {{"a | b\nc"}};
  EXPECT_EQ(table_as(OutputFormat::markdown, t), "| rule |\n|---|\n| a \\| b c |\n");
}

TEST(Output, TextRecordKeepsKeyOrder) {
  EXPECT_EQ(record_as(OutputFormat::text),
            "model     ResNet-50\n"
            "energy_j  0.0267534\n"
            "batches   2\n"
            "exact     no\n"
            "tags      [\"a|b\",\"c\"]\n");
}

TEST(Output, CsvRecordIsOneRowWithNestedValuesAsJson) {
  EXPECT_EQ(record_as(OutputFormat::csv),
            "model,energy_j,batches,exact,tags\n"
            "ResNet-50,0.0267534,2,false,\"[\"\"a|b\"\",\"\"c\"\"]\"\n");
}

TEST(Output, JsonRecordKeepsKeyOrderInTheEnvelope) {
  EXPECT_EQ(record_as(OutputFormat::json),
            envelope_head() +
                "{\n"
                "    \"model\": \"ResNet-50\",\n"
                "    \"energy_j\": 0.0267534,\n"
                "    \"batches\": 2,\n"
                "    \"exact\": false,\n"
                "    \"tags\": [\n      \"a|b\",\n      \"c\"\n    ]\n"
                "  }\n}\n");
}

TEST(Output, MarkdownRecordIsATwoColumnTable) {
  EXPECT_EQ(record_as(OutputFormat::markdown),
            "| field | value |\n"
            "|---|---|\n"
            "| model | ResNet-50 |\n"
            "| energy_j | 0.0267534 |\n"
            "| batches | 2 |\n"
            "| exact | no |\n"
            "| tags | [\"a\\|b\",\"c\"] |\n");
}

TEST(Output, EnvelopeCarriesSchemaAndInfergyVersionsFirst) {
  auto e = envelope(Record{{"energy_j", 1.5}});
  EXPECT_EQ(e.dump(), std::string("{\"schema_version\":1,\"infergy_version\":\"") + kVersion +
                          "\",\"data\":{\"energy_j\":1.5}}");
}

TEST(Output, InKeyOrderMovesNamedKeysFirst) {
  nlohmann::json sorted = {{"b", 1}, {"a", 2}, {"run_id", 3}, {"c", 4}};
  auto r = in_key_order(Record(sorted), {"run_id", "missing", "c"});
  EXPECT_EQ(r.dump(), "{\"run_id\":3,\"c\":4,\"a\":2,\"b\":1}");
}

TEST(Output, EmitPrintsDataFlatViewOrCustomText) {
  Output output{sample_record(), sample(), [](std::ostream& out) { out << "custom\n"; }};
  EXPECT_EQ(emitted(output, OutputFormat::text), "custom\n");
  EXPECT_EQ(emitted(output, OutputFormat::csv), table_as(OutputFormat::csv));
  EXPECT_EQ(emitted(output, OutputFormat::markdown), table_as(OutputFormat::markdown));
  EXPECT_EQ(emitted(output, OutputFormat::json), record_as(OutputFormat::json));
  Output plain{sample()};
  EXPECT_EQ(emitted(plain, OutputFormat::text), table_as(OutputFormat::text));
}

TEST(Output, ParseOutputFormat) {
  EXPECT_EQ(parse_output_format("markdown"), OutputFormat::markdown);
  EXPECT_EQ(parse_output_format("json"), OutputFormat::json);
  EXPECT_THROW(parse_output_format("xml"), std::runtime_error);
  EXPECT_EQ(output_format_names().size(), 4u);
}

TEST(Output, FormatNumber) {
  EXPECT_EQ(format_number(0.0267534), "0.02675");
  EXPECT_EQ(format_number(52.3333), "52.33");
  EXPECT_EQ(format_number(1.5e12), "1.5e+12");
}
