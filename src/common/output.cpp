#include "infergy/output.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

std::string cell_text(const nlohmann::json& value, int decimals) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) {
    double v = value.get<double>();
    return decimals >= 0 ? fmt::format("{:.{}f}", v, decimals) : format_number(v, 6);
  }
  return value.dump();
}

// Machine form: full precision so CSV round-trips.
std::string csv_text(const nlohmann::json& value) {
  if (value.is_number_float()) return fmt::format("{}", value.get<double>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return cell_text(value, -1);
}

void print_text_table(std::ostream& out, const Table& table) {
  const size_t n = table.columns.size();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(n);
  std::vector<bool> numeric(n, false);
  for (size_t c = 0; c < n; ++c) {
    const auto& col = table.columns[c];
    width[c] = (col.title.empty() ? col.name : col.title).size();
  }
  for (const auto& row : table.rows) {
    auto& line = cells.emplace_back();
    for (size_t c = 0; c < n; ++c) {
      line.push_back(cell_text(row[c], table.columns[c].decimals));
      width[c] = std::max(width[c], line.back().size());
      if (row[c].is_number()) numeric[c] = true;
    }
  }
  auto pad = [&](const std::string& s, size_t c) {
    // Width in bytes over-counts UTF-8 symbols (†, ♠); acceptable for alignment.
    std::string fill(width[c] - std::min(width[c], s.size()), ' ');
    return numeric[c] ? fill + s : s + fill;
  };
  for (size_t c = 0; c < n; ++c) {
    const auto& col = table.columns[c];
    out << (c ? "  " : "") << pad(col.title.empty() ? col.name : col.title, c);
  }
  out << '\n';
  for (const auto& line : cells) {
    std::string text;
    for (size_t c = 0; c < n; ++c) text += (c ? "  " : "") + pad(line[c], c);
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << '\n';
  }
}

}  // namespace

OutputFormat parse_output_format(const std::string& name) {
  if (name == "text") return OutputFormat::text;
  if (name == "csv") return OutputFormat::csv;
  if (name == "json") return OutputFormat::json;
  throw InputError("unknown output format '" + name + "' (expected text, csv or json)");
}

std::string format_number(double value, int significant) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  double magnitude = std::fabs(value);
  if (value == 0 || (magnitude >= 1e-4 && magnitude < 1e9)) {
    int digits_before = value == 0 ? 1 : static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    int decimals = std::max(0, significant - digits_before);
    std::string s = fmt::format("{:.{}f}", value, decimals);
    if (s.find('.') != std::string::npos) {
      s.erase(s.find_last_not_of('0') + 1);
      if (s.back() == '.') s.pop_back();
    }
    return s;
  }
  return fmt::format("{:.{}g}", value, significant);
}

void print_table(std::ostream& out, const Table& table, OutputFormat format) {
  if (format == OutputFormat::text) return print_text_table(out, table);
  if (format == OutputFormat::json) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& row : table.rows) {
      nlohmann::json object = nlohmann::json::object();
      for (size_t c = 0; c < table.columns.size(); ++c) object[table.columns[c].name] = row[c];
      array.push_back(std::move(object));
    }
    out << array.dump(2) << '\n';
    return;
  }
  std::vector<std::string> fields;
  for (const auto& col : table.columns) fields.push_back(col.name);
  csv::write_row(out, fields);
  for (const auto& row : table.rows) {
    fields.clear();
    for (const auto& cell : row) fields.push_back(csv_text(cell));
    csv::write_row(out, fields);
  }
}

void print_record(std::ostream& out, const nlohmann::json& record, OutputFormat format) {
  if (format == OutputFormat::json) {
    out << record.dump(2) << '\n';
    return;
  }
  if (format == OutputFormat::csv) {
    Table table;
    table.rows.emplace_back();
    for (const auto& [key, value] : record.items()) {
      table.columns.emplace_back(key);
      table.rows.back().push_back(value.is_structured() ? nlohmann::json(value.dump()) : value);
    }
    return print_table(out, table, format);
  }
  size_t width = 0;
  for (const auto& [key, value] : record.items()) width = std::max(width, key.size());
  for (const auto& [key, value] : record.items()) {
    out << key << std::string(width + 2 - key.size(), ' ') << cell_text(value, -1) << '\n';
  }
}

}  // namespace infergy
