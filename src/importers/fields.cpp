#include "fields.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "infergy/error.hpp"

namespace infergy::importers::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

size_t Columns::require(const std::string& name) const {
  if (auto i = find(name)) return *i;
  throw InputError(SourceLocation{doc_.file, 1, 1}, fmt::format("missing column '{}'", name));
}

std::optional<size_t> Columns::find(const std::string& name) const {
  for (size_t i = 0; i < doc_.header.size(); ++i) {
    if (trim(doc_.header[i]) == name) return i;
  }
  return std::nullopt;
}

bool CellRef::empty() const { return trim(text()).empty(); }

void CellRef::fail(const std::string& what) const {
  throw InputError(SourceLocation{doc.file, row.line, row.cells.at(index).column},
                   fmt::format("field '{}': {}", field, what));
}

double CellRef::real() const {
  if (empty()) fail("is empty");
  auto value = parse_double(text());
  if (!value) fail(fmt::format("'{}' is not a number", text()));
  return *value;
}

double CellRef::positive_real() const {
  double value = real();
  if (!(value > 0)) fail(fmt::format("{} must be positive", text()));
  return value;
}

std::optional<double> CellRef::optional_positive_real() const {
  if (empty()) return std::nullopt;
  return positive_real();
}

double CellRef::percent() const {
  double value = real();
  if (value < 0 || value > 100) fail(fmt::format("{} is not a percentage in [0, 100]", text()));
  return value;
}

std::optional<double> CellRef::optional_percent() const {
  if (empty()) return std::nullopt;
  return percent();
}

int CellRef::positive_int() const {
  double value = positive_real();
  if (value != std::floor(value) || value > 1e9) {
    fail(fmt::format("'{}' is not a positive whole number", text()));
  }
  return static_cast<int>(value);
}

std::optional<int> CellRef::optional_positive_int() const {
  if (empty()) return std::nullopt;
  return positive_int();
}

std::string CellRef::required_text() const {
  if (empty()) fail("is empty");
  return std::string(trim(text()));
}

}  // namespace infergy::importers::detail
