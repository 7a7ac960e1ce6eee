#include "infergy/parse.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace infergy {
namespace {

enum class Problem { none, syntax, range };

// from_chars is already strict (no whitespace, '+' or hex in the general format);
// inf and nan are the only spellings it takes that the grammar does not.
template <class Number>
Problem scan(std::string_view text, Number& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) return Problem::range;
  if (ec != std::errc() || end != text.data() + text.size()) return Problem::syntax;
  return Problem::none;
}

// The one place that decides which doubles a real may be: finite, and zero or normal. A
// subnormal (below 2.2e-308 in magnitude) has lost precision and no measured quantity
// is that small, so it is out of range like an overflow (issue 13: one reached the
// store's CHECK constraint without a position).
Problem scan_real(std::string_view text, double& value) {
  Problem problem = scan(text, value);
  if (problem == Problem::none && !std::isfinite(value)) return Problem::syntax;
  if (problem == Problem::none && std::fpclassify(value) == FP_SUBNORMAL) return Problem::range;
  return problem;
}

std::string describe(Problem problem, std::string_view text, std::string_view kind) {
  if (problem == Problem::range) return fmt::format("'{}' is out of range", text);
  return fmt::format("'{}' is not {}", text, kind);
}

constexpr std::string_view kReal = "a number";
constexpr std::string_view kInt = "a whole number";
constexpr std::string_view kDate = "a date YYYY-MM-DD";

}  // namespace

std::optional<double> try_parse_real(std::string_view text) {
  double value = 0;
  if (scan_real(text, value) != Problem::none) return std::nullopt;
  return value;
}

std::optional<long long> try_parse_int(std::string_view text) {
  long long value = 0;
  if (scan(text, value) != Problem::none) return std::nullopt;
  return value;
}

InputError field_error(const SourceLocation& where, std::string_view field, std::string_view what) {
  if (field.empty()) return InputError(where, std::string(what));
  return InputError(where, fmt::format("field '{}': {}", field, what));
}

double parse_real(std::string_view text, const SourceLocation& where, std::string_view field) {
  double value = 0;
  Problem problem = scan_real(text, value);
  if (problem != Problem::none) throw field_error(where, field, describe(problem, text, kReal));
  return value;
}

long long parse_int(std::string_view text, const SourceLocation& where, std::string_view field) {
  long long value = 0;
  Problem problem = scan(text, value);
  if (problem != Problem::none) throw field_error(where, field, describe(problem, text, kInt));
  return value;
}

Date parse_date(std::string_view text, const SourceLocation& where, std::string_view field) {
  auto date = parse_date(text);
  if (!date) throw field_error(where, field, describe(Problem::syntax, text, kDate));
  return *date;
}

}  // namespace infergy

namespace infergy::csv {

LocatedCell::LocatedCell(const Document& doc, const Row& row, size_t index, std::string_view field)
    : LocatedCell(row.cells.at(index).text, doc.file, row.line, row.cells.at(index).column, field) {
}

LocatedCell LocatedCell::with_text(std::string_view text) const {
  return LocatedCell(text, file_, line_, column_, field_);
}

SourceLocation LocatedCell::where() const { return {std::string(file_), line_, column_}; }

void LocatedCell::fail(std::string_view what) const { throw field_error(where(), field_, what); }

std::string_view LocatedCell::required_text() const {
  if (empty()) fail("value is required");
  return text_;
}

double LocatedCell::real() const {
  double value = 0;
  Problem problem = scan_real(required_text(), value);
  if (problem != Problem::none) fail(describe(problem, text_, kReal));
  return value;
}

double LocatedCell::nonneg_real() const {
  double value = real();
  if (value < 0) fail(fmt::format("must not be negative, got {}", text_));
  return value;
}

double LocatedCell::positive_real() const {
  double value = real();
  if (value <= 0) fail(fmt::format("must be positive, got {}", text_));
  return value;
}

long long LocatedCell::integer() const {
  long long value = 0;
  Problem problem = scan(required_text(), value);
  if (problem != Problem::none) fail(describe(problem, text_, kInt));
  return value;
}

long long LocatedCell::positive_int() const {
  long long value = 0;
  if (scan(required_text(), value) != Problem::none || value <= 0) {
    fail(fmt::format("'{}' is not a positive whole number", text_));
  }
  return value;
}

Date LocatedCell::date() const {
  auto date = parse_date(required_text());
  if (!date) fail(describe(Problem::syntax, text_, kDate));
  return *date;
}

}  // namespace infergy::csv
