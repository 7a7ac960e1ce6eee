#include "fields.hpp"

#include <cmath>

#include <fmt/format.h>

#include "infergy/error.hpp"

namespace infergy::importers::detail {

size_t Columns::require(const std::string& name) const {
  if (auto i = find(name)) return *i;
  throw InputError(SourceLocation{doc_.file, 1, 1}, fmt::format("missing column '{}'", name));
}

std::optional<size_t> Columns::find(const std::string& name) const {
  for (size_t i = 0; i < doc_.header.size(); ++i) {
    if (doc_.header[i] == name) return i;
  }
  return std::nullopt;
}

double CellRef::percent() const {
  double value = cell_.real();
  if (value < 0 || value > 100) fail(fmt::format("{} is not a percentage in [0, 100]", text()));
  return value;
}

std::optional<double> CellRef::optional_percent() const {
  if (empty()) return std::nullopt;
  return percent();
}

int CellRef::positive_int() const {
  double value = cell_.positive_real();
  constexpr double kLargest = 1e9;  // a batch size or image side, not a count of things
  if (value != std::floor(value) || value > kLargest) {
    fail(fmt::format("'{}' is not a positive whole number", text()));
  }
  return static_cast<int>(value);
}

std::optional<int> CellRef::optional_positive_int() const {
  if (empty()) return std::nullopt;
  return positive_int();
}

}  // namespace infergy::importers::detail
