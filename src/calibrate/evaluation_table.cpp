// The evaluation as tables: what `calibrate evaluate` prints and the report shows.
#include "infergy/calibrate.hpp"

namespace infergy::calibrate {
namespace {

using json = nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// error factor, median |rel. error|, within ±20 %, coverage of one estimate.
void add_columns(std::vector<Column>& c, const std::string& prefix, const std::string& title,
                 bool coverage) {
  c.push_back({prefix + "_error_factor", title + "_factor", 3});
  c.push_back({prefix + "_median_abs_rel_error", title + "_med|rel|", 3});
  c.push_back({prefix + "_within_20pct", title + "_±20%", 3});
  if (coverage) c.push_back({prefix + "_coverage", title + "_cover", 3});
}

void add_cells(std::vector<json>& row, const std::optional<Errors>& e, bool coverage) {
  if (!e || e->n == 0) {
    row.insert(row.end(), coverage ? 4 : 3, nullptr);
    return;
  }
  row.push_back(e->error_factor);
  row.push_back(e->median_abs_rel_error);
  row.push_back(e->within_20pct);
  if (coverage) row.push_back(opt(e->coverage));
}

}  // namespace

Table evaluation_table(const Evaluation& ev) {
  Table t;
  t.columns = {{"setup"}, {"gpu"}, {"runtime"}, {"points"}, {"families"}};
  add_columns(t.columns, "cv", "cv", true);
  add_columns(t.columns, "lofo", "lofo", true);
  add_columns(t.columns, "naive", "naive", false);
  add_columns(t.columns, "adapted", "adapted", false);
  t.columns.push_back({"naive_basis"});
  t.columns.push_back({"adapted_basis"});
  for (const auto& s : ev.setups) {
    std::vector<json> row = {s.setup.name, s.setup.gpu, s.setup.runtime, s.cross_validated.n,
                             s.families};
    add_cells(row, s.cross_validated, true);
    add_cells(row, s.leave_family_out, true);
    add_cells(row, s.naive, false);
    add_cells(row, s.adapted, false);
    row.push_back(s.naive_basis);
    row.push_back(s.adapted_basis);
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table transfer_table(const Evaluation& ev) {
  Table t;
  t.columns = {{"runtime"},
               {"source_gpu"},
               {"target_gpu"},
               {"source_setup"},
               {"target_setup"},
               {"points"},
               {"mean_ratio", "ratio", 3}};
  add_columns(t.columns, "cv", "cv", true);
  add_columns(t.columns, "measured_models", "measured", false);
  for (const auto& x : ev.transfers) {
    std::vector<json> row = {x.runtime,      x.source_gpu,        x.target_gpu, x.source_setup,
                             x.target_setup, x.cross_validated.n, x.mean_ratio};
    add_cells(row, x.cross_validated, true);
    add_cells(row, x.measured_models, false);
    t.rows.push_back(std::move(row));
  }
  return t;
}

Record to_json(const Evaluation& ev) {
  Record r;
  r["level"] = ev.options.level;
  r["folds"] = ev.options.folds;
  r["training_hash"] = ev.training_hash;
  r["setups"] = table_json(evaluation_table(ev));
  r["transfers"] = table_json(transfer_table(ev));
  r["notes"] = ev.notes;
  return r;
}

}  // namespace infergy::calibrate
