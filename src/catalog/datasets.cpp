#include <algorithm>
#include <map>

#include "infergy/catalog.hpp"
#include "infergy/error.hpp"
#include "infergy/parse.hpp"

namespace infergy::catalog {
namespace {

using T = FieldType;

FieldSpec req(std::string name, FieldType type) { return {std::move(name), type, true, {}}; }
FieldSpec opt(std::string name, FieldType type) { return {std::move(name), type, false, {}}; }
FieldSpec one_of(std::string name, bool required, std::vector<std::string> choices) {
  return {std::move(name), T::choice, required, std::move(choices)};
}

std::vector<DatasetSpec> make_datasets() {
  const std::vector<std::string> precisions = {"fp32", "fp16", "fp16-tensor", "tf32-tensor",
                                               "bf16-tensor"};
  return {
      {"models",
       {req("name", T::text), one_of("domain", true, {"cv", "nlp"}), opt("extra_data", T::text),
        opt("architecture", T::text), req("release_date", T::date),
        opt("accuracy_pct", T::nonneg_real), opt("accuracy_metric", T::text),
        opt("accuracy_source", T::text), opt("accuracy_flags", T::flags),
        opt("params_m", T::positive_real), opt("params_source", T::text),
        opt("params_flags", T::flags), req("compute", T::nonneg_real),
        one_of("compute_unit", true, {"GFLOPs", "GMACs"}), opt("compute_source", T::text),
        opt("compute_flags", T::flags), opt("input_tokens", T::positive_int),
        opt("citation", T::text), req("source", T::text)},
       {"domain", "name", "extra_data"},
       {"models.csv"}},
      {"gpus",
       {req("name", T::text), one_of("precision", true, precisions),
        req("peak_tflops", T::positive_real), req("tdp_w", T::positive_real),
        req("launch_date", T::date), opt("type", T::text),
        opt("printed_gflops_per_watt", T::positive_real), req("source", T::text)},
       {"name", "precision"},
       {"paper_gpus.csv", "added_gpus.csv"}},
      {"throughputs",
       {one_of("task", true, {"cv", "nlp"}), req("model", T::text), req("framework", T::text),
        req("batch_size", T::positive_int), opt("gpu_as_printed", T::text), req("gpu", T::text),
        one_of("precision", true, {"fp32", "tf32", "mixed"}), req("reference_gpu", T::text),
        req("throughput_items_per_s", T::positive_real), opt("printed_speedup", T::positive_real),
        req("source", T::text)},
       {"task", "model", "framework", "gpu_as_printed", "precision"},
       {"throughputs.csv"}},
      {"speedup_ratios",
       {req("gpu", T::text), one_of("precision", true, {"tf32", "mixed"}),
        opt("reference", T::text), req("printed_cv_ratio", T::positive_real),
        req("printed_nlp_ratio", T::positive_real), req("source", T::text)},
       {"gpu", "precision"},
       {"speedup_ratios.csv"}},
      {"human_references",
       {req("name", T::text), req("value", T::positive_real),
        one_of("unit", true, {"kcal/person/day", "kWh/person/year", "W/person"}),
        opt("year", T::positive_int), opt("description", T::text), req("source", T::text)},
       {"name"},
       {"human_references.csv"}},
      // Memory bandwidth per GPU (one row per card, not per precision): the calibrated
      // estimator's hardware feature beside peak FLOP/s and TDP (catalog migration 2).
      {"gpu_memory",
       {req("name", T::text), req("bandwidth_gb_per_s", T::positive_real),
        opt("memory_gb", T::positive_real), opt("memory_type", T::text), req("source", T::text)},
       {"name"},
       {"gpu_memory.csv"}},
  };
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Normalises a flag cell to its symbols; fails the cell for anything else.
std::string parse_flags(const csv::LocatedCell& cell) {
  static const std::vector<std::pair<std::string_view, std::string_view>> symbols = {
      {"†", "†"}, {"*", "*"}, {"∗", "*"}, {"♠", "♠"}, {"♣", "♣"}, {";", ""}, {" ", ""}};
  std::string_view text = cell.text();
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    auto match = std::find_if(symbols.begin(), symbols.end(), [&](const auto& s) {
      return text.compare(pos, s.first.size(), s.first) == 0;
    });
    if (match == symbols.end()) {
      cell.fail("unknown flag '" + std::string(text.substr(pos)) + "' (expected " +
                std::string(kFlagHelp) + ")");
    }
    out += match->second;
    pos += match->first.size();
  }
  return out;
}

nlohmann::json parse_cell(const FieldSpec& field, const csv::LocatedCell& cell) {
  if (cell.empty()) {
    if (field.required) cell.required_text();  // fails: "value is required"
    return field.type == T::text || field.type == T::flags ? nlohmann::json("") : nullptr;
  }
  std::string text(cell.text());
  switch (field.type) {
    case T::text:
      return text;
    case T::flags:
      return parse_flags(cell);
    case T::choice:
      if (std::find(field.choices.begin(), field.choices.end(), text) == field.choices.end()) {
        cell.fail("'" + text + "' is not one of " + join(field.choices));
      }
      return text;
    case T::date:
      cell.date();
      return text;
    case T::positive_int:
      return cell.positive_int();
    case T::real:
      return cell.real();
    case T::nonneg_real:
      return cell.nonneg_real();
    case T::positive_real:
      return cell.positive_real();
  }
  return text;
}

}  // namespace

const std::vector<DatasetSpec>& datasets() {
  static const std::vector<DatasetSpec> all = make_datasets();
  return all;
}

const DatasetSpec& dataset(std::string_view name) {
  for (const auto& spec : datasets()) {
    if (spec.name == name) return spec;
  }
  std::vector<std::string> names;
  for (const auto& spec : datasets()) names.push_back(spec.name);
  throw InputError("unknown table '" + std::string(name) + "' (expected one of " + join(names) +
                   ")");
}

const DatasetSpec& detect_dataset(const csv::Document& doc) {
  // The dataset whose required fields the header holds best decides the message.
  const DatasetSpec* best = nullptr;
  size_t best_hits = 0;
  for (const auto& spec : datasets()) {
    size_t hits = 0;
    for (const auto& field : spec.fields) {
      hits += std::count(doc.header.begin(), doc.header.end(), field.name) > 0;
    }
    if (hits > best_hits) best = &spec, best_hits = hits;
  }
  if (!best) {
    throw InputError(SourceLocation{doc.file, 1, 1},
                     "header matches no known table (models, gpus, throughputs, speedup_ratios, "
                     "human_references, gpu_memory); see docs/data.md");
  }
  // Only required columns must be there: a user's file may leave out the paper-only ones
  // (flags, printed values, citations), which then read as empty.
  for (const auto& field : best->fields) {
    if (field.required &&
        std::find(doc.header.begin(), doc.header.end(), field.name) == doc.header.end()) {
      throw InputError(SourceLocation{doc.file, 1, static_cast<int>(doc.header.size()) + 1},
                       "missing column '" + field.name + "' for table " + best->name);
    }
  }
  for (size_t c = 0; c < doc.header.size(); ++c) {
    bool known = std::any_of(best->fields.begin(), best->fields.end(),
                             [&](const FieldSpec& f) { return f.name == doc.header[c]; });
    if (!known) {
      throw InputError(SourceLocation{doc.file, 1, static_cast<int>(c) + 1},
                       "unknown column '" + doc.header[c] + "' for table " + best->name);
    }
  }
  return *best;
}

std::vector<Values> validate(const DatasetSpec& spec, const csv::Document& doc) {
  constexpr size_t kAbsent = static_cast<size_t>(-1);  // an optional column left out
  std::vector<size_t> column_of;
  for (const auto& field : spec.fields) {
    auto it = std::find(doc.header.begin(), doc.header.end(), field.name);
    if (it == doc.header.end() && field.required) {
      throw InputError(SourceLocation{doc.file, 1, 1}, "missing column '" + field.name + "'");
    }
    column_of.push_back(it == doc.header.end() ? kAbsent
                                               : static_cast<size_t>(it - doc.header.begin()));
  }
  std::vector<size_t> key_fields;
  for (const auto& name : spec.key) {
    auto it = std::find_if(spec.fields.begin(), spec.fields.end(),
                           [&](const FieldSpec& f) { return f.name == name; });
    key_fields.push_back(static_cast<size_t>(it - spec.fields.begin()));
  }
  // A key given twice would keep whichever row the store wrote last: refuse it.
  std::map<std::vector<std::string>, int> first_line_of_key;
  std::vector<Values> rows;
  for (const auto& row : doc.rows) {
    Values values;
    for (size_t f = 0; f < spec.fields.size(); ++f) {
      if (column_of[f] == kAbsent) {  // as an empty cell would read
        const auto type = spec.fields[f].type;
        values.push_back(type == T::text || type == T::flags ? nlohmann::json("") : nullptr);
        continue;
      }
      csv::LocatedCell cell(doc, row, column_of[f], spec.fields[f].name);
      values.push_back(parse_cell(spec.fields[f], cell));
    }
    std::vector<std::string> key;
    for (size_t f : key_fields) {  // a key column left out keys every row alike
      key.push_back(column_of[f] == kAbsent ? std::string() : row.cells[column_of[f]].text);
    }
    auto [it, added] = first_line_of_key.emplace(key, row.line);
    if (!added) {
      throw InputError(
          SourceLocation{doc.file, row.line, 1},
          "duplicate row: the same " + join(spec.key) + " as line " + std::to_string(it->second));
    }
    rows.push_back(std::move(values));
  }
  return rows;
}

}  // namespace infergy::catalog
