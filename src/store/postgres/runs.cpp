// Measured runs in PostgreSQL: the same tables as SQLite's, ids from a sequence.
#include <fmt/format.h>

#include "../queries.hpp"
#include "infergy/error.hpp"
#include "infergy/output.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::postgres {

const ModuleSchema& runs_schema() {
  static const ModuleSchema schema{"runs",
                                   {{1, "measured runs, batch results and samples (issue 5)", R"sql(
CREATE TABLE runs(
  id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL CHECK(kind IN ('measure','wrap')),
  workload TEXT NOT NULL, sensor TEXT NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('running','complete','invalid')),
  status_reason TEXT NOT NULL DEFAULT '', settings_key TEXT COLLATE "C" NOT NULL,
  settings TEXT NOT NULL, provenance TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT, idle_power_w DOUBLE PRECISION);
CREATE INDEX runs_by_settings ON runs(settings_key, status);
CREATE TABLE batch_results(
  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  batch_size BIGINT NOT NULL CHECK(batch_size > 0), reps BIGINT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT NOT NULL, duration_s DOUBLE PRECISION NOT NULL,
  throughput_items_per_s DOUBLE PRECISION NOT NULL, avg_power_w DOUBLE PRECISION NOT NULL,
  energy_per_item_j DOUBLE PRECISION NOT NULL, energy_per_item_ci95_j DOUBLE PRECISION,
  energy_method TEXT NOT NULL, details TEXT NOT NULL,
  PRIMARY KEY(run_id, batch_size));
CREATE TABLE samples(
  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  batch_size BIGINT NOT NULL, time_s DOUBLE PRECISION NOT NULL,
  power_w DOUBLE PRECISION NOT NULL, energy_j DOUBLE PRECISION);
CREATE INDEX samples_by_run ON samples(run_id, batch_size, time_s);
CREATE TRIGGER runs_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON runs
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER batch_results_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON batch_results
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
)sql"},
                                    {2, "who holds a run: an owner and a lease (issue 13)", R"sql(
ALTER TABLE runs ADD COLUMN claim_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN claim_expires_s DOUBLE PRECISION NOT NULL DEFAULT 0;
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

measure::RunRecord run_from_row(const pqxx::row& s) {
  measure::RunRecord r;
  r.id = integer(s[0]);
  r.kind = text(s[1]);
  r.workload = text(s[2]);
  r.sensor = text(s[3]);
  r.status = text(s[4]);
  r.status_reason = text(s[5]);
  r.settings_key = text(s[6]);
  r.settings = nlohmann::json::parse(text(s[7]));
  r.provenance = nlohmann::json::parse(text(s[8]));
  r.started_at = text(s[9]);
  r.ended_at = text(s[10]);
  r.idle_power_w = optional_real(s[11]);
  return r;
}

std::optional<std::string> unless_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

void insert_samples(pqxx::work& tx, int64_t run_id, const measure::BatchResult& batch) {
  if (batch.samples.empty()) return;
  double origin = batch.samples.front().time_s;
  for (const auto& s : batch.samples) {
    exec(tx, q::kInsertSample,
         Params()
             .integer(run_id)
             .integer(batch.batch_size)
             .real(s.time_s - origin)
             .real(s.power_w)
             .maybe(s.energy_j));
  }
}

}  // namespace

int64_t Runs::create(const measure::RunRecord& run) {
  return in_transaction(db_, "creating a run", [&](pqxx::work& tx) {
    auto r = exec(tx, q::kInsertRun,
                  Params()
                      .text(run.kind)
                      .text(run.workload)
                      .text(run.sensor)
                      .text(run.status)
                      .text(run.status_reason)
                      .text(run.settings_key)
                      .text(dump_json(run.settings))
                      .text(dump_json(run.provenance))
                      .text(run.started_at)
                      .maybe(unless_empty(run.ended_at))
                      .maybe(run.idle_power_w));
    return integer(r[0][0]);
  });
}

std::optional<measure::RunRecord> Runs::find_resumable(const std::string& settings_key) {
  return in_transaction(db_, "finding a run to resume", [&](pqxx::work& tx) {
    auto r = exec(tx, q::kFindResumable, Params().text(settings_key));
    return r.empty() ? std::nullopt : std::optional<measure::RunRecord>(run_from_row(r[0]));
  });
}

void Runs::set_idle_power(int64_t run_id, double idle_power_w) {
  in_transaction(db_, "storing idle power", [&](pqxx::work& tx) {
    exec(tx, q::kSetIdlePower, Params().real(idle_power_w).integer(run_id));
  });
}

void Runs::add_batch(int64_t run_id, const measure::BatchResult& batch) {
  auto what = fmt::format("storing batch size {} of run {}", batch.batch_size, run_id);
  in_transaction(db_, what, [&](pqxx::work& tx) {
    auto j = batch.to_json();
    Params p;
    p.integer(run_id);
    for (const char* key : q::kBatchColumns) p.json(j[key]);
    exec(tx, q::kInsertBatch, p.text(dump_json(j)));
    insert_samples(tx, run_id, batch);
  });
}

void Runs::finish(int64_t run_id, const std::string& status, const std::string& reason,
                  const std::string& ended_at) {
  in_transaction(db_, "finishing a run", [&](pqxx::work& tx) {
    exec(tx, q::kFinishRun, Params().text(status).text(reason).text(ended_at).integer(run_id));
    exec(tx, q::kReleaseAnyClaim, Params().integer(run_id));
  });
}

// The row lock of the UPDATE makes concurrent claims take turns; the store's clock.
measure::RunClaim Runs::claim(int64_t run_id, const std::string& owner, double lease_s) {
  constexpr const char* kNow = "extract(epoch from clock_timestamp())";
  return in_transaction(db_, "claiming a run", [&](pqxx::work& tx) {
    auto taken = exec(tx,
                      fmt::format("UPDATE runs SET claim_owner = $1, claim_expires_s = {0} + $2 "
                                  "WHERE id = $3 AND (claim_owner = '' OR claim_owner = $1 OR "
                                  "claim_expires_s < {0})",
                                  kNow),
                      Params().text(owner).real(lease_s).integer(run_id));
    auto holder = exec(
        tx, fmt::format("SELECT claim_owner, claim_expires_s - {} FROM runs WHERE id = $1", kNow),
        Params().integer(run_id));
    if (holder.empty()) throw InputError(fmt::format("no run {}", run_id));
    return measure::RunClaim{taken.affected_rows() == 1, text(holder[0][0]),
                             holder[0][1].as<double>()};
  });
}

void Runs::release(int64_t run_id, const std::string& owner) {
  in_transaction(db_, "releasing a run", [&](pqxx::work& tx) {
    exec(tx, q::kReleaseClaim, Params().integer(run_id).text(owner));
  });
}

std::vector<measure::RunRecord> Runs::list() {
  return in_transaction(db_, "listing runs", [&](pqxx::work& tx) {
    std::vector<measure::RunRecord> runs;
    for (const auto& row : exec(tx, q::kListRuns)) {
      runs.push_back(run_from_row(row));
    }
    return runs;
  });
}

measure::RunRecord Runs::get(int64_t run_id) {
  auto found = in_transaction(db_, "reading a run", [&](pqxx::work& tx) {
    auto r = exec(tx, q::kGetRun, Params().integer(run_id));
    return r.empty() ? std::nullopt : std::optional<measure::RunRecord>(run_from_row(r[0]));
  });
  if (!found) throw InputError(fmt::format("no run with id {} (see infergy runs list)", run_id));
  return *found;
}

std::vector<measure::BatchResult> Runs::batches(int64_t run_id) {
  return in_transaction(db_, "reading batch results", [&](pqxx::work& tx) {
    std::vector<measure::BatchResult> batches;
    auto r = exec(tx, q::kBatches, Params().integer(run_id));
    for (const auto& row : r) {
      batches.push_back(measure::BatchResult::from_json(nlohmann::json::parse(text(row[0]))));
    }
    return batches;
  });
}

std::vector<measure::StoredSample> Runs::samples(int64_t run_id) {
  return in_transaction(db_, "reading samples", [&](pqxx::work& tx) {
    std::vector<measure::StoredSample> rows;
    auto r = exec(tx, q::kSamples, Params().integer(run_id));
    for (const auto& row : r) {
      rows.push_back(
          {static_cast<int>(integer(row[0])), real(row[1]), real(row[2]), optional_real(row[3])});
    }
    return rows;
  });
}

nlohmann::json Runs::describe() const {
  return {{"store", "postgresql"}, {"postgresql_server_version", db_.server_version()}};
}

}  // namespace infergy::store::postgres
