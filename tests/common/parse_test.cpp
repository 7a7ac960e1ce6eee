// The one number and date grammar (parse.hpp): what it accepts, what it rejects,
// and the exact messages with file:line:column.
#include "infergy/parse.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using namespace infergy;

namespace {

const SourceLocation kAt{"m.csv", 3, 5};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseReal, AcceptsDecimalForms) {
  EXPECT_EQ(try_parse_real("0"), 0.0);
  EXPECT_EQ(try_parse_real("42"), 42.0);
  EXPECT_EQ(try_parse_real("-1.25"), -1.25);
  EXPECT_EQ(try_parse_real(".5"), 0.5);
  EXPECT_EQ(try_parse_real("5."), 5.0);
  EXPECT_EQ(try_parse_real("007"), 7.0);
  EXPECT_EQ(try_parse_real("1e3"), 1000.0);
  EXPECT_EQ(try_parse_real("2.5E-3"), 0.0025);
  EXPECT_EQ(try_parse_real("1e+5"), 1e5);
  EXPECT_EQ(try_parse_real("1.7976931348623157e308"), std::numeric_limits<double>::max());
  EXPECT_TRUE(std::signbit(*try_parse_real("-0")));
}

TEST(ParseReal, RejectsEverythingElse) {
  for (const char* text : {"",    " 1",    "1 ",    "\t1",    "+1",     "1,5",  "1e",       "1e5x",
                           "-",   ".",     "0x10",  "0x1p3",  "inf",    "-inf", "Infinity", "nan",
                           "NaN", "1_000", "1e400", "-1e400", "1e-400", "12 W"}) {
    EXPECT_FALSE(try_parse_real(text)) << "'" << text << "'";
  }
}

TEST(ParseReal, Issue13SubnormalsAreOutOfRange) {
  EXPECT_FALSE(try_parse_real("4e-320"));
  EXPECT_FALSE(try_parse_real("-1e-310"));
  EXPECT_TRUE(try_parse_real("2.3e-308"));  // the smallest normal doubles stay
  EXPECT_EQ(try_parse_real("0"), 0.0);
  try {
    parse_real("1e-310", {"f.csv", 3, 4}, "energy");
    FAIL() << "a subnormal was accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "f.csv:3:4: field 'energy': '1e-310' is out of range");
  }
}

TEST(ParseInt, AcceptsDigitsWithAnOptionalMinus) {
  EXPECT_EQ(try_parse_int("0"), 0);
  EXPECT_EQ(try_parse_int("256"), 256);
  EXPECT_EQ(try_parse_int("-12"), -12);
  EXPECT_EQ(try_parse_int("0012"), 12);
  EXPECT_EQ(try_parse_int("9223372036854775807"), std::numeric_limits<long long>::max());
}

TEST(ParseInt, RejectsEverythingElse) {
  for (const char* text : {"", " 1", "1 ", "+1", "1.0", "256.0", "1e3", "0x1f", "-", "1,000",
                           "9223372036854775808", "inf"}) {
    EXPECT_FALSE(try_parse_int(text)) << "'" << text << "'";
  }
}

TEST(ParseMessages, NameFileLineColumnAndField) {
  EXPECT_EQ(parse_real("1.5", kAt, "compute"), 1.5);
  EXPECT_EQ(message_of([] { parse_real("1,5", kAt, "compute"); }),
            "m.csv:3:5: field 'compute': '1,5' is not a number");
  EXPECT_EQ(message_of([] { parse_real("1e999", kAt, "compute"); }),
            "m.csv:3:5: field 'compute': '1e999' is out of range");
  EXPECT_EQ(message_of([] { parse_int("2.0", kAt, "batch_size"); }),
            "m.csv:3:5: field 'batch_size': '2.0' is not a whole number");
  EXPECT_EQ(message_of([] { parse_int("99999999999999999999", kAt, "n"); }),
            "m.csv:3:5: field 'n': '99999999999999999999' is out of range");
  EXPECT_EQ(message_of([] { parse_date("2021-02-29", kAt, "release_date"); }),
            "m.csv:3:5: field 'release_date': '2021-02-29' is not a date YYYY-MM-DD");
  EXPECT_EQ(parse_date("2020-02-29", kAt, "release_date").iso(), "2020-02-29");
}

TEST(ParseMessages, LeaveOutAnEmptyField) {
  EXPECT_EQ(message_of([] { parse_real("x", kAt); }), "m.csv:3:5: 'x' is not a number");
  EXPECT_EQ(message_of([] {
              parse_real("x", SourceLocation{"t.csv", 0, 0});
            }),
            "t.csv: 'x' is not a number");
}

class LocatedCellTest : public ::testing::Test {
 protected:
  csv::Document doc =
      csv::parse("name,value,when\nok,2.5,2020-01-31\nbad,-1,2020-13-01\n,,\n", "cells.csv");
  csv::LocatedCell cell(int row, size_t column) const {
    return csv::LocatedCell(doc, doc.rows[row], column, doc.header[column]);
  }
};

TEST_F(LocatedCellTest, ReadsTypedValues) {
  EXPECT_EQ(cell(0, 0).required_text(), "ok");
  EXPECT_EQ(cell(0, 1).real(), 2.5);
  EXPECT_EQ(cell(0, 1).positive_real(), 2.5);
  EXPECT_EQ(cell(1, 1).integer(), -1);
  EXPECT_EQ(cell(0, 2).date().iso(), "2020-01-31");
  EXPECT_EQ(cell(0, 1).where().str(), "cells.csv:2:2");
}

TEST_F(LocatedCellTest, OptionalGivesNulloptForAnEmptyCell) {
  EXPECT_EQ(cell(2, 1).optional(&csv::LocatedCell::real), std::nullopt);
  EXPECT_EQ(cell(0, 1).optional(&csv::LocatedCell::real), 2.5);
  EXPECT_EQ(cell(2, 2).optional(&csv::LocatedCell::date), std::nullopt);
}

TEST_F(LocatedCellTest, FailsWithTheCellsPosition) {
  EXPECT_EQ(message_of([&] { cell(2, 0).required_text(); }),
            "cells.csv:4:1: field 'name': value is required");
  EXPECT_EQ(message_of([&] { cell(2, 1).real(); }),
            "cells.csv:4:2: field 'value': value is required");
  EXPECT_EQ(message_of([&] { cell(1, 0).real(); }),
            "cells.csv:3:1: field 'name': 'bad' is not a number");
  EXPECT_EQ(message_of([&] { cell(1, 1).nonneg_real(); }),
            "cells.csv:3:2: field 'value': must not be negative, got -1");
  EXPECT_EQ(message_of([&] { cell(1, 1).positive_real(); }),
            "cells.csv:3:2: field 'value': must be positive, got -1");
  EXPECT_EQ(message_of([&] { cell(0, 1).positive_int(); }),
            "cells.csv:2:2: field 'value': '2.5' is not a positive whole number");
  EXPECT_EQ(message_of([&] { cell(1, 2).date(); }),
            "cells.csv:3:3: field 'when': '2020-13-01' is not a date YYYY-MM-DD");
  EXPECT_EQ(message_of([&] { cell(0, 0).fail("custom"); }), "cells.csv:2:1: field 'name': custom");
}

TEST_F(LocatedCellTest, WithTextKeepsThePosition) {
  auto trimmed = cell(0, 1).with_text("3");
  EXPECT_EQ(trimmed.real(), 3.0);
  EXPECT_EQ(message_of([&] { cell(0, 1).with_text("3 W").real(); }),
            "cells.csv:2:2: field 'value': '3 W' is not a number");
}

}  // namespace
