// Reading typed cells of the CSV files the importers accept, with file:line:column
// errors. Internal to the importers module.
#pragma once
#include <optional>
#include <string>

#include "infergy/csv.hpp"

namespace infergy::importers::detail {

// Column positions by header name.
class Columns {
 public:
  explicit Columns(const csv::Document& doc) : doc_(doc) {}
  // 0-based index; InputError at file:1:1 naming the missing column.
  size_t require(const std::string& name) const;
  std::optional<size_t> find(const std::string& name) const;

 private:
  const csv::Document& doc_;
};

// A cell of a row, with what the importer needs to say where a bad value is.
struct CellRef {
  const csv::Document& doc;
  const csv::Row& row;
  size_t index;
  const std::string& field;

  const std::string& text() const { return row.cells.at(index).text; }
  bool empty() const;  // blank after trimming spaces
  [[noreturn]] void fail(const std::string& what) const;
  double real() const;                                   // a finite number
  double positive_real() const;                          // > 0
  std::optional<double> optional_positive_real() const;  // empty -> nullopt
  double percent() const;                                // in [0, 100]
  std::optional<double> optional_percent() const;
  int positive_int() const;  // "256" or "256.0"
  std::optional<int> optional_positive_int() const;
  std::string required_text() const;
};

}  // namespace infergy::importers::detail
