#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/runs.hpp"

namespace infergy::measure {
namespace {

constexpr const char* kRunColumns =
    "id, kind, workload, sensor, status, status_reason, settings_key, settings, provenance, "
    "started_at, ended_at, idle_power_w";

RunRecord run_from_row(const sql::Statement& s) {
  RunRecord r;
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
  if (!s.is_null(11)) r.idle_power_w = s.real(11);
  return r;
}

void insert_samples(sql::Database& db, int64_t run_id, const BatchResult& batch) {
  if (batch.samples.empty()) return;
  auto stmt = db.prepare(
      "INSERT INTO samples(run_id, batch_size, time_s, power_w, energy_j) VALUES(?, ?, ?, ?, ?)");
  double origin = batch.samples.front().time_s;
  for (const auto& s : batch.samples) {
    stmt.bind(1, run_id).bind(2, static_cast<int64_t>(batch.batch_size));
    stmt.bind(3, s.time_s - origin).bind(4, s.power_w);
    if (s.energy_j) {
      stmt.bind(5, *s.energy_j);
    } else {
      stmt.bind_null(5);
    }
    stmt.run();
  }
}

}  // namespace

nlohmann::json RunRecord::to_json() const {
  return {{"run_id", id},
          {"kind", kind},
          {"workload", workload},
          {"sensor", sensor},
          {"status", status},
          {"status_reason", status_reason},
          {"started_at", started_at},
          {"ended_at", ended_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(ended_at)},
          {"idle_power_w", idle_power_w ? nlohmann::json(*idle_power_w) : nlohmann::json(nullptr)},
          {"settings", settings},
          {"provenance", provenance}};
}

int64_t RunStore::create(const RunRecord& run) {
  sql::Transaction tx(db_);
  auto stmt = db_.prepare(
      "INSERT INTO runs(kind, workload, sensor, status, status_reason, settings_key, settings, "
      "provenance, started_at, ended_at, idle_power_w) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  stmt.bind(1, std::string_view(run.kind)).bind(2, std::string_view(run.workload));
  stmt.bind(3, std::string_view(run.sensor)).bind(4, std::string_view(run.status));
  stmt.bind(5, std::string_view(run.status_reason)).bind(6, std::string_view(run.settings_key));
  stmt.bind(7, std::string_view(run.settings.dump()));
  stmt.bind(8, std::string_view(run.provenance.dump()));
  stmt.bind(9, std::string_view(run.started_at));
  if (run.ended_at.empty()) {
    stmt.bind_null(10);
  } else {
    stmt.bind(10, std::string_view(run.ended_at));
  }
  if (run.idle_power_w) {
    stmt.bind(11, *run.idle_power_w);
  } else {
    stmt.bind_null(11);
  }
  stmt.run();
  int64_t id = db_.last_insert_rowid();
  tx.commit();
  return id;
}

std::optional<RunRecord> RunStore::find_resumable(const std::string& settings_key) {
  auto stmt =
      db_.prepare(fmt::format("SELECT {} FROM runs WHERE settings_key = ? AND status != "
                              "'complete' ORDER BY id DESC LIMIT 1",
                              kRunColumns));
  stmt.bind(1, std::string_view(settings_key));
  if (!stmt.step()) return std::nullopt;
  return run_from_row(stmt);
}

void RunStore::set_idle_power(int64_t run_id, double idle_power_w) {
  auto stmt = db_.prepare("UPDATE runs SET idle_power_w = ? WHERE id = ?");
  stmt.bind(1, idle_power_w).bind(2, run_id);
  stmt.run();
}

void RunStore::add_batch(int64_t run_id, const BatchResult& batch) {
  sql::Transaction tx(db_);
  auto stmt = db_.prepare(
      "INSERT INTO batch_results(run_id, batch_size, reps, started_at, ended_at, duration_s, "
      "throughput_items_per_s, avg_power_w, energy_per_item_j, energy_per_item_ci95_j, "
      "energy_method, details) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto j = batch.to_json();
  stmt.bind(1, run_id).bind(2, j["batch_size"]).bind(3, j["reps"]).bind(4, j["started_at"]);
  stmt.bind(5, j["ended_at"]).bind(6, j["duration_s"]).bind(7, j["throughput_items_per_s"]);
  stmt.bind(8, j["avg_power_w"]).bind(9, j["energy_per_item_j"]);
  stmt.bind(10, j["energy_per_item_ci95_j"]).bind(11, j["energy_method"]);
  stmt.bind(12, std::string_view(j.dump()));
  stmt.run();
  insert_samples(db_, run_id, batch);
  tx.commit();
}

void RunStore::finish(int64_t run_id, const std::string& status, const std::string& reason,
                      const std::string& ended_at) {
  auto stmt =
      db_.prepare("UPDATE runs SET status = ?, status_reason = ?, ended_at = ? WHERE id = ?");
  stmt.bind(1, std::string_view(status)).bind(2, std::string_view(reason));
  stmt.bind(3, std::string_view(ended_at)).bind(4, run_id);
  stmt.run();
}

std::vector<RunRecord> RunStore::list() {
  auto stmt = db_.prepare(fmt::format("SELECT {} FROM runs ORDER BY id", kRunColumns));
  std::vector<RunRecord> runs;
  while (stmt.step()) runs.push_back(run_from_row(stmt));
  return runs;
}

RunRecord RunStore::get(int64_t run_id) {
  auto stmt = db_.prepare(fmt::format("SELECT {} FROM runs WHERE id = ?", kRunColumns));
  stmt.bind(1, run_id);
  if (!stmt.step())
    throw InputError(fmt::format("no run with id {} (see infergy runs list)", run_id));
  return run_from_row(stmt);
}

std::vector<BatchResult> RunStore::batches(int64_t run_id) {
  auto stmt = db_.prepare("SELECT details FROM batch_results WHERE run_id = ? ORDER BY batch_size");
  stmt.bind(1, run_id);
  std::vector<BatchResult> batches;
  while (stmt.step())
    batches.push_back(BatchResult::from_json(nlohmann::json::parse(stmt.text(0))));
  return batches;
}

std::vector<nlohmann::json> RunStore::samples(int64_t run_id) {
  auto stmt = db_.prepare(
      "SELECT batch_size, time_s, power_w, energy_j FROM samples WHERE run_id = ? "
      "ORDER BY batch_size, time_s");
  stmt.bind(1, run_id);
  std::vector<nlohmann::json> rows;
  while (stmt.step()) rows.push_back(stmt.row());
  return rows;
}

}  // namespace infergy::measure
