// Issue 13: one UTF-8 rule, and the CSV reader's use of it.
#include "infergy/text.hpp"

#include <gtest/gtest.h>

#include "infergy/csv.hpp"
#include "infergy/output.hpp"

using namespace infergy;

TEST(Issue13Text, StrictUtf8) {
  EXPECT_TRUE(text::is_valid_utf8("caf\xc3\xa9 \xe2\x80\xa0 \xf0\x9f\x98\x80"));
  EXPECT_EQ(text::first_invalid_utf8("caf\xe9"), 3u);           // Latin-1
  EXPECT_EQ(text::first_invalid_utf8("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(text::first_invalid_utf8("a\xed\xa0\x80"), 1u);     // a UTF-16 surrogate
  EXPECT_EQ(text::first_invalid_utf8("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(text::first_invalid_utf8("ok\xe2\x80"), 2u);        // cut short
}

TEST(Issue13Text, ReplacementIsVisible) {
  EXPECT_EQ(text::replace_invalid_utf8("caf\xe9!"), "caf\xef\xbf\xbd!");
  EXPECT_EQ(text::replace_invalid_utf8("plain"), "plain");
}

TEST(Issue13Text, RequireNamesThePosition) {
  try {
    text::require_utf8("ab\xff", {"f.csv", 2, 5}, "model name");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "f.csv:2:7: model name is not valid UTF-8 (byte 0xFF at column 7)");
  }
}

TEST(Issue13Text, CsvRefusesInvalidBytesAndDuplicateColumns) {
  try {
    csv::parse("name,x\nok,1\ncaf\xe9,2\n", "m.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "m.csv:3:4: not valid UTF-8 (byte 0xE9)");
  }
  try {
    csv::parse("a,b,a\n1,2,3\n", "d.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "d.csv:1:3: duplicate column 'a' (also column 1)");
  }
  auto header_only = csv::parse("a,b\n", "h.csv");
  EXPECT_THROW(csv::require_data_rows(header_only), InputError);
}

TEST(Issue13Text, JsonWritingNeverThrowsOnText) {
  nlohmann::json j = {{"name", std::string("caf\xe9")}};
  EXPECT_EQ(dump_json(j), "{\"name\":\"caf\xef\xbf\xbd\"}");
}
