// Reading typed cells of the CSV files the importers accept, with file:line:column
// errors: csv::LocatedCell (parse.hpp, the one number grammar) plus what the published
// files need on top of it. Internal to the importers module.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "infergy/csv.hpp"
#include "infergy/parse.hpp"

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

// A cell of a row. REQUIRES: doc, row and field outlive it.
class CellRef {
 public:
  CellRef(const csv::Document& doc, const csv::Row& row, size_t index, std::string_view field)
      : cell_(doc, row, index, field) {}

  std::string text() const { return std::string(cell_.text()); }
  bool empty() const { return cell_.empty(); }
  [[noreturn]] void fail(const std::string& what) const { cell_.fail(what); }
  std::string required_text() const { return std::string(cell_.required_text()); }
  double positive_real() const { return cell_.positive_real(); }
  std::optional<double> optional_positive_real() const {
    return cell_.optional(&csv::LocatedCell::positive_real);
  }
  double percent() const;  // in [0, 100]
  std::optional<double> optional_percent() const;
  // A whole number > 0; Yang et al.'s files write batch sizes as reals ("256.0").
  int positive_int() const;
  std::optional<int> optional_positive_int() const;

 private:
  csv::LocatedCell cell_;
};

}  // namespace infergy::importers::detail
