// Compared setups in PostgreSQL: the same tables as SQLite's.
#include <map>

#include "../queries.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::postgres {

const ModuleSchema& setups_schema() {
  static const ModuleSchema schema{
      "setups",
      {{1, "compare: setups, per-setup measurements, per-model statistics and accuracies",
        R"sql(
CREATE TABLE setups(
  name TEXT COLLATE "C" PRIMARY KEY, gpu TEXT NOT NULL DEFAULT '',
  runtime TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, origin TEXT NOT NULL,
  imported_at TEXT NOT NULL);
CREATE TABLE setup_measurements(
  setup TEXT COLLATE "C" NOT NULL REFERENCES setups(name) ON DELETE CASCADE,
  model TEXT COLLATE "C" NOT NULL, input_px BIGINT NOT NULL CHECK(input_px > 0),
  energy_j DOUBLE PRECISION NOT NULL CHECK(energy_j > 0),
  throughput_items_per_s DOUBLE PRECISION, latency_s DOUBLE PRECISION, batch_size BIGINT,
  max_batch_size BIGINT, accuracy_pct DOUBLE PRECISION, origin TEXT NOT NULL,
  UNIQUE(setup, model, input_px));
CREATE TABLE model_stats(
  model TEXT COLLATE "C" NOT NULL, input_px BIGINT NOT NULL CHECK(input_px > 0),
  params DOUBLE PRECISION, params_tool TEXT NOT NULL DEFAULT '',
  macs DOUBLE PRECISION, macs_tool TEXT NOT NULL DEFAULT '',
  macs_alt DOUBLE PRECISION, macs_alt_tool TEXT NOT NULL DEFAULT '',
  activations DOUBLE PRECISION, activations_tool TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '', release_date TEXT, origin TEXT NOT NULL,
  UNIQUE(model, input_px));
CREATE TABLE model_accuracies(
  model TEXT COLLATE "C" NOT NULL, input_px BIGINT NOT NULL CHECK(input_px > 0),
  test_set TEXT COLLATE "C" NOT NULL, top1_pct DOUBLE PRECISION NOT NULL,
  top5_pct DOUBLE PRECISION, origin TEXT NOT NULL,
  UNIQUE(model, input_px, test_set));
CREATE TRIGGER setups_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON setups
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER setup_measurements_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON setup_measurements
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER model_stats_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_stats
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER model_accuracies_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_accuracies
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

compare::Setup read_setup(const pqxx::row& r) {
  compare::Setup s;
  s.name = text(r[0]);
  s.gpu = text(r[1]);
  s.runtime = text(r[2]);
  s.source = text(r[3]);
  s.origin = text(r[4]);
  s.imported_at = text(r[5]);
  s.model_count = static_cast<size_t>(integer(r[6]));
  return s;
}

compare::ModelPoint read_point(const pqxx::row& r) {
  compare::ModelPoint p;
  p.model = text(r[0]);
  p.input_px = static_cast<int>(integer(r[1]));
  p.energy_j = real(r[2]);
  p.throughput_items_per_s = optional_real(r[3]).value_or(0);
  p.latency_s = optional_real(r[4]).value_or(0);
  if (!r[5].is_null()) p.batch_size = static_cast<int>(integer(r[5]));
  if (!r[6].is_null()) p.accuracy_pct_by_test_set[compare::kDefaultTestSet] = real(r[6]);
  p.params = optional_real(r[7]);
  p.macs = optional_real(r[8]);
  p.macs_alt = optional_real(r[9]);
  p.activations = optional_real(r[10]);
  p.url = text(r[11]);
  if (!r[12].is_null()) p.release = parse_date(text(r[12]));
  return p;
}

void add_accuracies(pqxx::work& tx, const std::string& setup,
                    std::vector<compare::ModelPoint>& models) {
  std::map<std::pair<std::string, int>, compare::ModelPoint*> by_key;
  for (auto& m : models) by_key[{m.model, m.input_px}] = &m;
  auto r = exec(tx, q::kSetupAccuracies, Params().text(setup));
  for (const auto& row : r) {
    auto it = by_key.find({text(row[0]), static_cast<int>(integer(row[1]))});
    // The accuracy files outrank the accuracy a measurement file repeats.
    if (it != by_key.end()) it->second->accuracy_pct_by_test_set[text(row[2])] = real(row[3]);
  }
}

void replace_setup(pqxx::work& tx, const compare::SetupImport::SetupRows& setup) {
  const auto& s = setup.setup;
  exec(tx, q::kDeleteMeasurements, Params().text(s.name));
  exec(tx, q::kDeleteSetup, Params().text(s.name));
  exec(tx, q::kInsertSetup,
       Params().text(s.name).text(s.gpu).text(s.runtime).text(s.source).text(s.origin).text(
           s.imported_at));
  for (const auto& r : setup.rows) {
    exec(tx, q::kInsertMeasurement,
         Params()
             .text(s.name)
             .text(r.model)
             .integer(r.input_px)
             .real(r.energy_j)
             .maybe(r.throughput_items_per_s)
             .maybe(r.latency_s)
             .maybe(r.batch_size)
             .maybe(r.max_batch_size)
             .maybe(r.accuracy_pct)
             .text(s.origin));
  }
}

void upsert_stats(pqxx::work& tx, const std::vector<compare::StatsRow>& rows,
                  const std::string& origin) {
  for (const auto& r : rows) {
    exec(tx, q::kUpsertStats,
         Params()
             .text(r.model)
             .integer(r.input_px)
             .maybe(r.params)
             .text(r.params_tool)
             .maybe(r.macs)
             .text(r.macs_tool)
             .maybe(r.macs_alt)
             .text(r.macs_alt_tool)
             .maybe(r.activations)
             .text(r.activations_tool)
             .text(r.url)
             .text(origin));
  }
}

void upsert_accuracies(pqxx::work& tx, const std::vector<compare::AccuracyRow>& rows,
                       const std::string& origin) {
  for (const auto& r : rows) {
    exec(tx, q::kUpsertAccuracy,
         Params()
             .text(r.model)
             .integer(r.input_px)
             .text(r.test_set)
             .real(r.top1_pct)
             .maybe(r.top5_pct)
             .text(origin));
  }
}

}  // namespace

void Setups::apply(const compare::SetupImport& import) {
  in_transaction(db_, "importing setups", [&](pqxx::work& tx) {
    // Imports of one setup run one at a time (campaign workers rebuild theirs at once):
    // two concurrent replacements would both delete, then collide inserting.
    for (const auto& setup : import.setups) {
      exec(tx, "SELECT pg_advisory_xact_lock(hashtext('infergy setups'), hashtext($1))",
           Params().text(setup.setup.name));
    }
    for (const auto& setup : import.setups) replace_setup(tx, setup);
    upsert_stats(tx, import.stats, import.stats_origin);
    upsert_accuracies(tx, import.accuracies, import.accuracies_origin);
  });
}

std::vector<compare::Setup> Setups::list() {
  return in_transaction(db_, "listing setups", [&](pqxx::work& tx) {
    std::vector<compare::Setup> setups;
    for (const auto& row : exec(tx, q::kListSetups)) {
      setups.push_back(read_setup(row));
    }
    return setups;
  });
}

std::optional<compare::SetupView> Setups::load(const std::string& name) {
  return in_transaction(db_, "reading setup " + name, [&](pqxx::work& tx) {
    auto head = exec(tx, q::kGetSetup, Params().text(name));
    if (head.empty()) return std::optional<compare::SetupView>();
    compare::SetupView view;
    view.setup = read_setup(head[0]);
    for (const auto& row : exec(tx, q::kSetupPoints, Params().text(name))) {
      view.models.push_back(read_point(row));
    }
    add_accuracies(tx, name, view.models);
    return std::optional<compare::SetupView>(std::move(view));
  });
}

std::vector<size_t> Setups::set_release_dates(const std::vector<compare::ReleaseDate>& dates) {
  return in_transaction(db_, "storing release dates", [&](pqxx::work& tx) {
    std::vector<size_t> dated;
    for (const auto& d : dates) {
      auto changed =
          exec(tx, q::kDateExact, Params().text(d.release.iso()).text(d.model)).affected_rows();
      if (d.model.find('.') == std::string::npos) {
        changed +=
            exec(tx, q::kDateTagged, Params().text(d.release.iso()).text(d.model)).affected_rows();
      }
      dated.push_back(changed);
    }
    return dated;
  });
}

}  // namespace infergy::store::postgres
