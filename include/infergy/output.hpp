// Results and the reporters that print them: text, CSV, JSON and Markdown.
// A command builds its data (a Table or a Record) and hands it to emit(); it never
// writes JSON or CSV itself. The CLI, the report and the server share these so every
// surface agrees. Formats and the JSON envelope: docs/output.md.
#pragma once
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace infergy {

// JSON text that never throws on text (issue 13): invalid UTF-8 in a string becomes
// U+FFFD. Entry points reject or replace such text first (text.hpp); this is the last
// guard, for every dump() of data that came from outside.
template <class Json>
std::string dump_json(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

enum class OutputFormat { text, csv, json, markdown };

// "text", "csv", "json", "markdown": what --format accepts (CLI11 maps it to the enum).
const std::map<std::string, OutputFormat>& output_format_names();
// Parses one of output_format_names(); throws InputError otherwise.
OutputFormat parse_output_format(const std::string& name);

// The version of the JSON envelope's payloads. Bump it when a payload changes in a way
// that breaks a reader (a key renamed, removed or retyped); adding a key does not.
inline constexpr int kSchemaVersion = 1;

struct Column {
  Column(std::string name_, std::string title_ = "", int decimals_ = -1)  // NOLINT: implicit
      : name(std::move(name_)), title(std::move(title_)), decimals(decimals_) {}
  std::string name;   // machine name, used as CSV header and JSON key (e.g. "energy_j")
  std::string title;  // human title for text and Markdown tables; empty -> name
  int decimals = -1;  // text and Markdown: fixed decimals for numbers; -1 -> 6 significant
};

// A table of typed cells (numbers stay numbers in JSON; null prints empty).
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<nlohmann::json>> rows;
};

// One result: a JSON object whose keys print in insertion order. Put identity first
// (name, id), then the main figures (energy_j, ...), then details. As Output::data it
// may also be an array of records (runs export).
using Record = nlohmann::ordered_json;

// `object` with the keys named in `first` moved to the front, in that order; the other
// keys keep their order (alphabetical, for a record converted from nlohmann::json).
// Names in `first` that `object` lacks are skipped. REQUIRES: object.is_object().
Record in_key_order(Record object, const std::vector<std::string>& first);

// The table's rows as a JSON array of objects, keys in column order.
Record table_json(const Table& table);

// {"schema_version": kSchemaVersion, "infergy_version": kVersion, "data": data}.
Record envelope(Record data);

// The reporters.
// text: aligned columns with a title line; csv: header + rows, numbers at full precision,
// null empty; json: the envelope around an array of objects; markdown: a pipe table.
void print_table(std::ostream& out, const Table& table, OutputFormat format);

// text: "key  value" lines; csv: header + one row; json: the envelope around the object;
// markdown: a two-column table. Nested values print as compact JSON except in json.
// REQUIRES: record.is_object() unless format is json.
void print_record(std::ostream& out, const Record& record, OutputFormat format);

using Data = std::variant<Table, Record>;

// What a command returns. json prints `data` in the envelope. csv and markdown print
// `flat` where a nested record has a flat view (one row per batch size, ...), else
// `data`. text prints with `text` where the command lays out its own human form, else
// like csv.
struct Output {
  using TextFn = std::function<void(std::ostream&)>;
  Output(Data data_, std::optional<Data> flat_ = std::nullopt, TextFn text_ = {})  // NOLINT
      : data(std::move(data_)), flat(std::move(flat_)), text(std::move(text_)) {}
  Data data;
  std::optional<Data> flat;
  TextFn text;
};

void emit(std::ostream& out, const Output& output, OutputFormat format);

// A number for humans: `significant` significant digits, no exponent for 1e-4..1e9.
std::string format_number(double value, int significant = 4);

}  // namespace infergy
