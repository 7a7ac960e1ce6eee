#include "infergy/csv.hpp"

#include <sstream>

#include <gtest/gtest.h>

using infergy::InputError;
namespace csv = infergy::csv;

TEST(Csv, ParsesQuotedFieldsEscapedQuotesAndNewlines) {
  auto doc = csv::parse("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n", "t.csv");
  ASSERT_EQ(doc.header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(doc.rows.size(), 2u);
  EXPECT_EQ(doc.rows[0].cells[1].text, "x, y");
  EXPECT_EQ(doc.rows[0].cells[2].text, "say \"hi\"");
  EXPECT_EQ(doc.rows[1].cells[1].text, "two\nlines");
  EXPECT_EQ(doc.rows[1].line, 3);
  EXPECT_EQ(doc.rows[1].cells[2].column, 3);
}

TEST(Csv, HandlesBomCrlfAndBlankLines) {
  auto doc = csv::parse("\xEF\xBB\xBFname,v\r\n\r\nx,1\r\ny,2", "t.csv");
  EXPECT_EQ(doc.header[0], "name");
  ASSERT_EQ(doc.rows.size(), 2u);
  EXPECT_EQ(doc.rows[0].line, 3);
  EXPECT_EQ(doc.rows[1].cells[1].text, "2");
}

TEST(Csv, KeepsUtf8Symbols) {
  auto doc = csv::parse("flag\n†\n♠\n", "t.csv");
  EXPECT_EQ(doc.rows[1].cells[0].text, "♠");
}

TEST(Csv, WrongFieldCountNamesLineAndColumn) {
  try {
    csv::parse("a,b\n1,2\n3\n", "bad.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "bad.csv:3:2: expected 2 fields, found 1");
  }
}

TEST(Csv, UnterminatedQuoteIsAnError) {
  EXPECT_THROW(csv::parse("a\n\"open\n", "bad.csv"), InputError);
  EXPECT_THROW(csv::parse("a,b\n\"x\"y,1\n", "bad.csv"), InputError);
  EXPECT_THROW(csv::parse("", "empty.csv"), InputError);
}

TEST(Csv, EscapeRoundTrips) {
  std::ostringstream out;
  csv::write_row(out, {"plain", "a,b", "q\"uote", "multi\nline"});
  auto doc = csv::parse("w,x,y,z\n" + out.str(), "round.csv");
  EXPECT_EQ(doc.rows[0].cells[1].text, "a,b");
  EXPECT_EQ(doc.rows[0].cells[2].text, "q\"uote");
  EXPECT_EQ(doc.rows[0].cells[3].text, "multi\nline");
}
