// Measured runs in SQLite: runs, batch_results (the full result as JSON in `details`,
// the main figures as columns for queries) and samples.
#include <sqlite3.h>

#include <fmt/format.h>

#include "../queries.hpp"
#include "infergy/error.hpp"
#include "infergy/output.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {

const ModuleSchema& runs_schema() {
  static const ModuleSchema schema{"runs",
                                   {{1, "measured runs, batch results and samples (issue 5)", R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK(kind IN ('measure','wrap')),
  workload TEXT NOT NULL, sensor TEXT NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('running','complete','invalid')),
  status_reason TEXT NOT NULL DEFAULT '', settings_key TEXT NOT NULL,
  settings TEXT NOT NULL, provenance TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT, idle_power_w REAL);
CREATE INDEX runs_by_settings ON runs(settings_key, status);
CREATE TABLE batch_results(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  batch_size INTEGER NOT NULL CHECK(batch_size > 0), reps INTEGER NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT NOT NULL, duration_s REAL NOT NULL,
  throughput_items_per_s REAL NOT NULL, avg_power_w REAL NOT NULL,
  energy_per_item_j REAL NOT NULL, energy_per_item_ci95_j REAL,
  energy_method TEXT NOT NULL, details TEXT NOT NULL,
  PRIMARY KEY(run_id, batch_size));
CREATE TABLE samples(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  batch_size INTEGER NOT NULL, time_s REAL NOT NULL, power_w REAL NOT NULL, energy_j REAL);
CREATE INDEX samples_by_run ON samples(run_id, batch_size, time_s);
)sql"},
                                    {2, "who holds a run: an owner and a lease (issue 13)", R"sql(
ALTER TABLE runs ADD COLUMN claim_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN claim_expires_s REAL NOT NULL DEFAULT 0;
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

measure::RunRecord run_from_row(const sql::Statement& s) {
  measure::RunRecord r;
  r.id = s.integer(0);
  r.kind = s.text(1);
  r.workload = s.text(2);
  r.sensor = s.text(3);
  r.status = s.text(4);
  r.status_reason = s.text(5);
  r.settings_key = s.text(6);
  r.settings = nlohmann::json::parse(s.text(7));
  r.provenance = nlohmann::json::parse(s.text(8));
  r.started_at = s.text(9);
  r.ended_at = s.is_null(10) ? "" : s.text(10);
  r.idle_power_w = s.optional_real(11);
  return r;
}

nlohmann::json maybe_text(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

void insert_samples(sql::Database& db, int64_t run_id, const measure::BatchResult& batch) {
  if (batch.samples.empty()) return;
  auto stmt = db.prepare(q::kInsertSample);
  double origin = batch.samples.front().time_s;
  for (const auto& s : batch.samples) {
    stmt.bind(1, run_id).bind(2, static_cast<int64_t>(batch.batch_size));
    stmt.bind(3, s.time_s - origin).bind(4, s.power_w).bind(5, sql::nullable(s.energy_j));
    stmt.run();
  }
}

}  // namespace

int64_t Runs::create(const measure::RunRecord& run) {
  sql::Transaction tx(db_);
  auto stmt = db_.prepare(q::kInsertRun);
  stmt.bind(1, std::string_view(run.kind)).bind(2, std::string_view(run.workload));
  stmt.bind(3, std::string_view(run.sensor)).bind(4, std::string_view(run.status));
  stmt.bind(5, std::string_view(run.status_reason)).bind(6, std::string_view(run.settings_key));
  stmt.bind(7, std::string_view(dump_json(run.settings)));
  stmt.bind(8, std::string_view(dump_json(run.provenance)));
  stmt.bind(9, std::string_view(run.started_at)).bind(10, maybe_text(run.ended_at));
  stmt.bind(11, sql::nullable(run.idle_power_w));
  stmt.step();  // RETURNING id: the row is written by the first step
  int64_t id = stmt.integer(0);
  stmt.reset();
  tx.commit();
  return id;
}

std::optional<measure::RunRecord> Runs::find_resumable(const std::string& settings_key) {
  auto stmt = db_.prepare(q::kFindResumable);
  stmt.bind(1, std::string_view(settings_key));
  if (!stmt.step()) return std::nullopt;
  return run_from_row(stmt);
}

void Runs::set_idle_power(int64_t run_id, double idle_power_w) {
  auto stmt = db_.prepare(q::kSetIdlePower);
  stmt.bind(1, idle_power_w).bind(2, run_id);
  stmt.run();
}

void Runs::add_batch(int64_t run_id, const measure::BatchResult& batch) {
  sql::Transaction tx(db_);
  auto stmt = db_.prepare(q::kInsertBatch);
  auto j = batch.to_json();
  stmt.bind(1, run_id);
  int i = 2;
  for (const char* key : q::kBatchColumns) stmt.bind(i++, j[key]);
  stmt.bind(i, std::string_view(dump_json(j)));
  stmt.run();
  insert_samples(db_, run_id, batch);
  tx.commit();
}

void Runs::finish(int64_t run_id, const std::string& status, const std::string& reason,
                  const std::string& ended_at) {
  sql::Transaction tx(db_);
  auto stmt = db_.prepare(q::kFinishRun);
  stmt.bind(1, std::string_view(status)).bind(2, std::string_view(reason));
  stmt.bind(3, std::string_view(ended_at)).bind(4, run_id);
  stmt.run();
  auto free = db_.prepare(q::kReleaseAnyClaim);
  free.bind(1, run_id).run();
  tx.commit();
}

// One UPDATE decides (SQLite runs one writer at a time); the store's clock, in seconds.
measure::RunClaim Runs::claim(int64_t run_id, const std::string& owner, double lease_s) {
  constexpr const char* kNow = "((julianday('now') - 2440587.5) * 86400.0)";
  sql::Transaction tx(db_);
  auto take = db_.prepare(
      fmt::format("UPDATE runs SET claim_owner = $1, claim_expires_s = {0} + $2 WHERE id = $3 AND "
                  "(claim_owner = '' OR claim_owner = $1 OR claim_expires_s < {0})",
                  kNow));
  take.bind(1, std::string_view(owner)).bind(2, lease_s).bind(3, run_id).run();
  bool granted = db_.changes() == 1;
  auto holder = db_.prepare(
      fmt::format("SELECT claim_owner, claim_expires_s - {} FROM runs WHERE id = $1", kNow));
  holder.bind(1, run_id);
  if (!holder.step()) throw InputError(fmt::format("no run {}", run_id));
  measure::RunClaim claim{granted, holder.text(0), holder.real(1)};
  tx.commit();
  return claim;
}

void Runs::release(int64_t run_id, const std::string& owner) {
  auto stmt = db_.prepare(q::kReleaseClaim);
  stmt.bind(1, run_id).bind(2, std::string_view(owner)).run();
}

std::vector<measure::RunRecord> Runs::list() {
  auto stmt = db_.prepare(q::kListRuns);
  std::vector<measure::RunRecord> runs;
  while (stmt.step()) runs.push_back(run_from_row(stmt));
  return runs;
}

measure::RunRecord Runs::get(int64_t run_id) {
  auto stmt = db_.prepare(q::kGetRun);
  stmt.bind(1, run_id);
  if (!stmt.step()) {
    throw InputError(fmt::format("no run with id {} (see infergy runs list)", run_id));
  }
  return run_from_row(stmt);
}

std::vector<measure::BatchResult> Runs::batches(int64_t run_id) {
  auto stmt = db_.prepare(q::kBatches);
  stmt.bind(1, run_id);
  std::vector<measure::BatchResult> batches;
  while (stmt.step()) {
    batches.push_back(measure::BatchResult::from_json(nlohmann::json::parse(stmt.text(0))));
  }
  return batches;
}

std::vector<measure::StoredSample> Runs::samples(int64_t run_id) {
  auto stmt = db_.prepare(q::kSamples);
  stmt.bind(1, run_id);
  std::vector<measure::StoredSample> rows;
  while (stmt.step()) {
    rows.push_back(
        {static_cast<int>(stmt.integer(0)), stmt.real(1), stmt.real(2), stmt.optional_real(3)});
  }
  return rows;
}

nlohmann::json Runs::describe() const {
  return {{"store", "sqlite"}, {"sqlite_version", sqlite3_libversion()}};
}

}  // namespace infergy::store::sqlite
