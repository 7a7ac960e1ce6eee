// Numbers and dates from text, parsed one strict way everywhere, with errors that
// say where: "file:line:column: field 'x': '1,5' is not a number".
//
// A real is decimal: -?(D+(.D*)?|.D+)([eE][+-]?D+)?, finite, zero or
// normal (a subnormal, below 2.2e-308 in magnitude, is out of range like an overflow).
// An integer is -?D+ within long long. No hex, no leading '+', no whitespace, no
// trailing text, no inf or nan. A date is ISO YYYY-MM-DD, a real calendar date
// (dates.hpp). Importers that allow padding (nvidia-smi's ", ") trim it first.
#pragma once
#include <functional>
#include <optional>
#include <string_view>
#include <type_traits>

#include "infergy/csv.hpp"
#include "infergy/dates.hpp"
#include "infergy/error.hpp"

namespace infergy {

// Without a position (command-line values, sysfs files, URL parameters): nullopt
// for anything the grammar above rejects. The date form is parse_date(text) in dates.hpp.
std::optional<double> try_parse_real(std::string_view text);
std::optional<long long> try_parse_int(std::string_view text);

// With a position: InputError "where: field 'x': ..." (the field part is left out
// when `field` is empty).
double parse_real(std::string_view text, const SourceLocation& where, std::string_view field = {});
long long parse_int(std::string_view text, const SourceLocation& where,
                    std::string_view field = {});
Date parse_date(std::string_view text, const SourceLocation& where, std::string_view field = {});

// The error the functions above throw, for an importer's own checks.
InputError field_error(const SourceLocation& where, std::string_view field, std::string_view what);

}  // namespace infergy

namespace infergy::csv {

// One cell of a CSV document with its position and column name, so an importer
// validates a cell in one line:
//   double w = csv::LocatedCell(doc, row, i, "power_w").nonneg_real();
//   auto acc = cell.optional(&csv::LocatedCell::real);   // empty cell -> nullopt
// REQUIRES: the document (or the text given) outlives the cell. An empty cell
// fails "value is required" in every reader; test empty() or use optional().
class LocatedCell {
 public:
  LocatedCell(const Document& doc, const Row& row, size_t index, std::string_view field);
  // The same position and field with other text (e.g. trimmed or without a unit).
  LocatedCell with_text(std::string_view text) const;

  std::string_view text() const { return text_; }
  std::string_view field() const { return field_; }
  SourceLocation where() const;
  bool empty() const { return text_.empty(); }
  [[noreturn]] void fail(std::string_view what) const;

  std::string_view required_text() const;
  double real() const;
  double nonneg_real() const;    // >= 0
  double positive_real() const;  // > 0
  long long integer() const;
  long long positive_int() const;  // > 0
  Date date() const;

  // nullopt for an empty cell, else what `read` gives: cell.optional(&LocatedCell::date).
  template <class Read>
  auto optional(Read read) const
      -> std::optional<std::decay_t<std::invoke_result_t<Read, const LocatedCell&>>> {
    if (empty()) return std::nullopt;
    return std::invoke(read, *this);
  }

 private:
  LocatedCell(std::string_view text, std::string_view file, int line, int column,
              std::string_view field)
      : text_(text), file_(file), field_(field), line_(line), column_(column) {}

  std::string_view text_;
  std::string_view file_;
  std::string_view field_;
  int line_ = 0;
  int column_ = 0;
};

}  // namespace infergy::csv
