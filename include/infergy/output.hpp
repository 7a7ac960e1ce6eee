// Tabular results and the reporters that print them as text, CSV or JSON.
// The CLI, the report and the server share these so every surface agrees.
#pragma once
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace infergy {

enum class OutputFormat { text, csv, json };

// Parses "text", "csv" or "json"; throws InputError otherwise.
OutputFormat parse_output_format(const std::string& name);

struct Column {
  Column(std::string name_, std::string title_ = "", int decimals_ = -1)  // NOLINT: implicit
      : name(std::move(name_)), title(std::move(title_)), decimals(decimals_) {}
  std::string name;   // machine name, used as CSV header and JSON key (e.g. "energy_j")
  std::string title;  // human title for text tables; empty -> name
  int decimals = -1;  // text only: fixed decimals for numbers; -1 -> up to 6 significant
};

// A table of typed cells (numbers stay numbers in JSON; null prints empty).
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<nlohmann::json>> rows;
};

// text: aligned columns with a title line; csv: header + rows; json: array of objects.
void print_table(std::ostream& out, const Table& table, OutputFormat format);

// One record as text ("key  value" lines), CSV (header + one row) or a JSON object.
// Nested JSON values are printed compactly in text and CSV.
void print_record(std::ostream& out, const nlohmann::json& record, OutputFormat format);

// A number for humans: `significant` significant digits, no exponent for 1e-4..1e9.
std::string format_number(double value, int significant = 4);

}  // namespace infergy
