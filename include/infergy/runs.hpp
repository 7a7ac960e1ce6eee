// Measured runs in the store (migration 2): one row per run with its settings and
// provenance, one row per completed batch size, optional raw samples.
// Usage: RunStore runs(store.database()); auto id = runs.create(record); runs.add_batch(id, b);
// Each add_batch is its own transaction, so a killed sweep keeps every completed batch size.
// Not thread-safe (one sql::Database per thread).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/measure.hpp"
#include "infergy/sqlite.hpp"

namespace infergy::measure {

// running: in progress, or killed (resumable); complete; invalid: a sensor failed.
struct RunRecord {
  int64_t id = 0;
  std::string kind;      // "measure" or "wrap"
  std::string workload;  // model path, gemm:N or the wrapped command
  std::string sensor;
  std::string status = "running";
  std::string status_reason;
  std::string settings_key;  // identifies "the same sweep" for --resume
  nlohmann::json settings = nlohmann::json::object();
  nlohmann::json provenance = nlohmann::json::object();
  std::string started_at, ended_at;
  std::optional<double> idle_power_w;

  nlohmann::json to_json() const;
};

class RunStore {
 public:
  explicit RunStore(sql::Database& db) : db_(db) {}

  int64_t create(const RunRecord& run);
  // The newest run with this settings key that did not complete, if any.
  std::optional<RunRecord> find_resumable(const std::string& settings_key);
  void set_idle_power(int64_t run_id, double idle_power_w);
  // One transaction: the batch row and, if kept, its samples.
  void add_batch(int64_t run_id, const BatchResult& batch);
  void finish(int64_t run_id, const std::string& status, const std::string& reason,
              const std::string& ended_at);

  std::vector<RunRecord> list();
  // Throws InputError if there is no such run.
  RunRecord get(int64_t run_id);
  std::vector<BatchResult> batches(int64_t run_id);
  // time_s, power_w, energy_j rows of a run's kept samples (batch_size, time_s order).
  std::vector<nlohmann::json> samples(int64_t run_id);

 private:
  sql::Database& db_;
};

}  // namespace infergy::measure
