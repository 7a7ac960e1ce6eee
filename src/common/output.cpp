#include "infergy/output.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/version.hpp"

namespace infergy {
namespace {

// Human form of one value (text and Markdown).
template <typename Json>
std::string cell_text(const Json& value, int decimals) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.template get<std::string>();
  if (value.is_boolean()) return value.template get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.template get<long long>());
  if (value.is_number()) {
    double v = value.template get<double>();
    return decimals >= 0 ? fmt::format("{:.{}f}", v, decimals) : format_number(v, 6);
  }
  return dump_json(value);
}

// Machine form: full precision so CSV round-trips.
template <typename Json>
std::string csv_text(const Json& value) {
  if (value.is_number_float()) return fmt::format("{}", value.template get<double>());
  if (value.is_boolean()) return value.template get<bool>() ? "true" : "false";
  return cell_text(value, -1);
}

std::string title_of(const Column& column) {
  return column.title.empty() ? column.name : column.title;
}

// Numeric columns align right in text and Markdown.
std::vector<bool> numeric_columns(const Table& table) {
  std::vector<bool> numeric(table.columns.size(), false);
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < numeric.size(); ++c) numeric[c] = numeric[c] || row[c].is_number();
  }
  return numeric;
}

std::vector<std::vector<std::string>> text_cells(const Table& table) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows) {
    auto& line = cells.emplace_back();
    for (size_t c = 0; c < table.columns.size(); ++c) {
      line.push_back(cell_text(row[c], table.columns[c].decimals));
    }
  }
  return cells;
}

void print_text_table(std::ostream& out, const Table& table) {
  const size_t n = table.columns.size();
  const auto cells = text_cells(table);
  const auto numeric = numeric_columns(table);
  std::vector<size_t> width(n);
  for (size_t c = 0; c < n; ++c) width[c] = title_of(table.columns[c]).size();
  for (const auto& line : cells) {
    for (size_t c = 0; c < n; ++c) width[c] = std::max(width[c], line[c].size());
  }
  auto pad = [&](const std::string& s, size_t c) {
    // Width in bytes over-counts UTF-8 symbols (†, ♠); acceptable for alignment.
    std::string fill(width[c] - std::min(width[c], s.size()), ' ');
    return numeric[c] ? fill + s : s + fill;
  };
  for (size_t c = 0; c < n; ++c) out << (c ? "  " : "") << pad(title_of(table.columns[c]), c);
  out << '\n';
  for (const auto& line : cells) {
    std::string text;
    for (size_t c = 0; c < n; ++c) text += (c ? "  " : "") + pad(line[c], c);
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << '\n';
  }
}

void print_csv_table(std::ostream& out, const Table& table) {
  std::vector<std::string> fields;
  for (const auto& col : table.columns) fields.push_back(col.name);
  csv::write_row(out, fields);
  for (const auto& row : table.rows) {
    fields.clear();
    for (const auto& cell : row) fields.push_back(csv_text(cell));
    csv::write_row(out, fields);
  }
}

// A pipe in a cell would end it; a line break would end the row.
std::string markdown_cell(const std::string& text) {
  std::string cell;
  for (char c : text) {
    if (c == '|')
      cell += "\\|";
    else if (c == '\n')
      cell += ' ';
    else
      cell += c;
  }
  return cell;
}

void print_markdown_row(std::ostream& out, const std::vector<std::string>& cells) {
  out << '|';
  for (const auto& cell : cells) out << ' ' << markdown_cell(cell) << " |";
  out << '\n';
}

void print_markdown_table(std::ostream& out, const Table& table) {
  std::vector<std::string> titles;
  for (const auto& col : table.columns) titles.push_back(title_of(col));
  print_markdown_row(out, titles);
  out << '|';
  for (bool numeric : numeric_columns(table)) out << (numeric ? "---:|" : "---|");
  out << '\n';
  for (const auto& line : text_cells(table)) print_markdown_row(out, line);
}

void print_json(std::ostream& out, const Record& data) {
  out << dump_json(envelope(data), 2) << '\n';
}

// A record as one CSV row, nested values as compact JSON.
Table record_row(const Record& record) {
  Table table;
  table.rows.emplace_back();
  for (const auto& [key, value] : record.items()) {
    table.columns.emplace_back(key);
    table.rows.back().push_back(value.is_structured() ? nlohmann::json(dump_json(value))
                                                      : nlohmann::json(value));
  }
  return table;
}

void print_text_record(std::ostream& out, const Record& record) {
  size_t width = 0;
  for (const auto& [key, value] : record.items()) width = std::max(width, key.size());
  for (const auto& [key, value] : record.items()) {
    out << key << std::string(width + 2 - key.size(), ' ') << cell_text(value, -1) << '\n';
  }
}

void print_markdown_record(std::ostream& out, const Record& record) {
  out << "| field | value |\n|---|---|\n";
  for (const auto& [key, value] : record.items())
    print_markdown_row(out, {key, cell_text(value, -1)});
}

void print_data(std::ostream& out, const Data& data, OutputFormat format) {
  if (const auto* table = std::get_if<Table>(&data)) return print_table(out, *table, format);
  print_record(out, std::get<Record>(data), format);
}

}  // namespace

const std::map<std::string, OutputFormat>& output_format_names() {
  static const std::map<std::string, OutputFormat> names = {{"text", OutputFormat::text},
                                                            {"csv", OutputFormat::csv},
                                                            {"json", OutputFormat::json},
                                                            {"markdown", OutputFormat::markdown}};
  return names;
}

OutputFormat parse_output_format(const std::string& name) {
  auto it = output_format_names().find(name);
  if (it != output_format_names().end()) return it->second;
  throw InputError("unknown output format '" + name + "' (expected text, csv, json or markdown)");
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

Record in_key_order(Record object, const std::vector<std::string>& first) {
  Record ordered = Record::object();
  for (const auto& key : first) {
    auto it = object.find(key);
    if (it == object.end()) continue;
    ordered[key] = std::move(*it);
    object.erase(it);
  }
  for (auto it = object.begin(); it != object.end(); ++it) ordered[it.key()] = std::move(*it);
  return ordered;
}

Record table_json(const Table& table) {
  Record array = Record::array();
  for (const auto& row : table.rows) {
    Record object = Record::object();
    for (size_t c = 0; c < table.columns.size(); ++c) object[table.columns[c].name] = row[c];
    array.push_back(std::move(object));
  }
  return array;
}

Record envelope(Record data) {
  return {
      {"schema_version", kSchemaVersion}, {"infergy_version", kVersion}, {"data", std::move(data)}};
}

void print_table(std::ostream& out, const Table& table, OutputFormat format) {
  switch (format) {
    case OutputFormat::text:
      return print_text_table(out, table);
    case OutputFormat::csv:
      return print_csv_table(out, table);
    case OutputFormat::json:
      return print_json(out, table_json(table));
    case OutputFormat::markdown:
      return print_markdown_table(out, table);
  }
}

void print_record(std::ostream& out, const Record& record, OutputFormat format) {
  switch (format) {
    case OutputFormat::text:
      return print_text_record(out, record);
    case OutputFormat::csv:
      return print_csv_table(out, record_row(record));
    case OutputFormat::json:
      return print_json(out, record);
    case OutputFormat::markdown:
      return print_markdown_record(out, record);
  }
}

void emit(std::ostream& out, const Output& output, OutputFormat format) {
  if (format == OutputFormat::json) return print_data(out, output.data, format);
  if (format == OutputFormat::text && output.text) return output.text(out);
  print_data(out, output.flat ? *output.flat : output.data, format);
}

}  // namespace infergy
