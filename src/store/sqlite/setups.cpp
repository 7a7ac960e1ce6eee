// Compared setups in SQLite: setups, setup_measurements, model_stats, model_accuracies.
#include <map>

#include "../queries.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {

const ModuleSchema& setups_schema() {
  static const ModuleSchema schema{
      "setups",
      {{1, "compare: setups, per-setup measurements, per-model statistics and accuracies",
        R"sql(
CREATE TABLE setups(
  name TEXT PRIMARY KEY, gpu TEXT NOT NULL DEFAULT '', runtime TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL, origin TEXT NOT NULL, imported_at TEXT NOT NULL);
CREATE TABLE setup_measurements(
  setup TEXT NOT NULL REFERENCES setups(name) ON DELETE CASCADE,
  model TEXT NOT NULL, input_px INTEGER NOT NULL CHECK(input_px > 0),
  energy_j REAL NOT NULL CHECK(energy_j > 0),
  throughput_items_per_s REAL, latency_s REAL, batch_size INTEGER, max_batch_size INTEGER,
  accuracy_pct REAL, origin TEXT NOT NULL,
  UNIQUE(setup, model, input_px));
CREATE TABLE model_stats(
  model TEXT NOT NULL, input_px INTEGER NOT NULL CHECK(input_px > 0),
  params REAL, params_tool TEXT NOT NULL DEFAULT '',
  macs REAL, macs_tool TEXT NOT NULL DEFAULT '',
  macs_alt REAL, macs_alt_tool TEXT NOT NULL DEFAULT '',
  activations REAL, activations_tool TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '', release_date TEXT, origin TEXT NOT NULL,
  UNIQUE(model, input_px));
CREATE TABLE model_accuracies(
  model TEXT NOT NULL, input_px INTEGER NOT NULL CHECK(input_px > 0), test_set TEXT NOT NULL,
  top1_pct REAL NOT NULL, top5_pct REAL, origin TEXT NOT NULL,
  UNIQUE(model, input_px, test_set));
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

compare::Setup read_setup(const sql::Statement& stmt) {
  compare::Setup s;
  s.name = stmt.text(0);
  s.gpu = stmt.text(1);
  s.runtime = stmt.text(2);
  s.source = stmt.text(3);
  s.origin = stmt.text(4);
  s.imported_at = stmt.text(5);
  s.model_count = static_cast<size_t>(stmt.integer(6));
  return s;
}

compare::ModelPoint read_point(const sql::Statement& stmt) {
  compare::ModelPoint p;
  p.model = stmt.text(0);
  p.input_px = static_cast<int>(stmt.integer(1));
  p.energy_j = stmt.real(2);
  p.throughput_items_per_s = stmt.is_null(3) ? 0 : stmt.real(3);
  p.latency_s = stmt.is_null(4) ? 0 : stmt.real(4);
  if (!stmt.is_null(5)) p.batch_size = static_cast<int>(stmt.integer(5));
  if (!stmt.is_null(6)) p.accuracy_pct_by_test_set[compare::kDefaultTestSet] = stmt.real(6);
  p.params = stmt.optional_real(7);
  p.macs = stmt.optional_real(8);
  p.macs_alt = stmt.optional_real(9);
  p.activations = stmt.optional_real(10);
  p.url = stmt.is_null(11) ? "" : stmt.text(11);
  if (!stmt.is_null(12)) p.release = parse_date(stmt.text(12));
  return p;
}

using PointKey = std::pair<std::string, int>;

void add_accuracies(sql::Database& db, const std::string& setup,
                    std::vector<compare::ModelPoint>& models) {
  std::map<PointKey, compare::ModelPoint*> by_key;
  for (auto& m : models) by_key[{m.model, m.input_px}] = &m;
  auto stmt = db.prepare(q::kSetupAccuracies);
  stmt.bind(1, std::string_view(setup));
  while (stmt.step()) {
    auto it = by_key.find({stmt.text(0), static_cast<int>(stmt.integer(1))});
    // The accuracy files outrank the accuracy a measurement file repeats.
    if (it != by_key.end()) it->second->accuracy_pct_by_test_set[stmt.text(2)] = stmt.real(3);
  }
}

void replace_setup(sql::Database& db, const compare::SetupImport::SetupRows& setup) {
  const auto& s = setup.setup;
  db.prepare(q::kDeleteMeasurements).bind(1, std::string_view(s.name)).run();
  db.prepare(q::kDeleteSetup).bind(1, std::string_view(s.name)).run();
  auto head = db.prepare(q::kInsertSetup);
  head.bind(1, std::string_view(s.name)).bind(2, std::string_view(s.gpu));
  head.bind(3, std::string_view(s.runtime)).bind(4, std::string_view(s.source));
  head.bind(5, std::string_view(s.origin)).bind(6, std::string_view(s.imported_at));
  head.run();
  auto stmt = db.prepare(q::kInsertMeasurement);
  for (const auto& r : setup.rows) {
    stmt.bind(1, std::string_view(s.name)).bind(2, std::string_view(r.model));
    stmt.bind(3, static_cast<int64_t>(r.input_px)).bind(4, r.energy_j);
    stmt.bind(5, sql::nullable(r.throughput_items_per_s)).bind(6, sql::nullable(r.latency_s));
    stmt.bind(7, sql::nullable(r.batch_size)).bind(8, sql::nullable(r.max_batch_size));
    stmt.bind(9, sql::nullable(r.accuracy_pct)).bind(10, std::string_view(s.origin));
    stmt.run();
  }
}

void upsert_stats(sql::Database& db, const std::vector<compare::StatsRow>& rows,
                  const std::string& origin) {
  auto stmt = db.prepare(q::kUpsertStats);
  for (const auto& r : rows) {
    stmt.bind(1, std::string_view(r.model)).bind(2, static_cast<int64_t>(r.input_px));
    stmt.bind(3, sql::nullable(r.params)).bind(4, std::string_view(r.params_tool));
    stmt.bind(5, sql::nullable(r.macs)).bind(6, std::string_view(r.macs_tool));
    stmt.bind(7, sql::nullable(r.macs_alt)).bind(8, std::string_view(r.macs_alt_tool));
    stmt.bind(9, sql::nullable(r.activations)).bind(10, std::string_view(r.activations_tool));
    stmt.bind(11, std::string_view(r.url)).bind(12, std::string_view(origin));
    stmt.run();
  }
}

void upsert_accuracies(sql::Database& db, const std::vector<compare::AccuracyRow>& rows,
                       const std::string& origin) {
  auto stmt = db.prepare(q::kUpsertAccuracy);
  for (const auto& r : rows) {
    stmt.bind(1, std::string_view(r.model)).bind(2, static_cast<int64_t>(r.input_px));
    stmt.bind(3, std::string_view(r.test_set))
        .bind(4, r.top1_pct)
        .bind(5, sql::nullable(r.top5_pct));
    stmt.bind(6, std::string_view(origin));
    stmt.run();
  }
}

}  // namespace

void Setups::apply(const compare::SetupImport& import) {
  sql::Transaction tx(db_);
  for (const auto& setup : import.setups) replace_setup(db_, setup);
  upsert_stats(db_, import.stats, import.stats_origin);
  upsert_accuracies(db_, import.accuracies, import.accuracies_origin);
  tx.commit();
}

std::vector<compare::Setup> Setups::list() {
  auto stmt = db_.prepare(q::kListSetups);
  std::vector<compare::Setup> setups;
  while (stmt.step()) setups.push_back(read_setup(stmt));
  return setups;
}

std::optional<compare::SetupView> Setups::load(const std::string& name) {
  auto head = db_.prepare(q::kGetSetup);
  head.bind(1, std::string_view(name));
  if (!head.step()) return std::nullopt;
  compare::SetupView view;
  view.setup = read_setup(head);
  auto stmt = db_.prepare(q::kSetupPoints);
  stmt.bind(1, std::string_view(name));
  while (stmt.step()) view.models.push_back(read_point(stmt));
  add_accuracies(db_, name, view.models);
  return view;
}

std::vector<size_t> Setups::set_release_dates(const std::vector<compare::ReleaseDate>& dates) {
  sql::Transaction tx(db_);
  auto exact = db_.prepare(q::kDateExact);
  auto tagged = db_.prepare(q::kDateTagged);
  std::vector<size_t> dated;
  for (const auto& d : dates) {
    auto iso = d.release.iso();
    exact.bind(1, std::string_view(iso)).bind(2, std::string_view(d.model)).run();
    size_t changed = static_cast<size_t>(db_.changes());
    if (d.model.find('.') == std::string::npos) {
      tagged.bind(1, std::string_view(iso)).bind(2, std::string_view(d.model)).run();
      changed += static_cast<size_t>(db_.changes());
    }
    dated.push_back(changed);
  }
  tx.commit();
  return dated;
}

}  // namespace infergy::store::sqlite
