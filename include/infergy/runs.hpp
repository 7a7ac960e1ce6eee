// Measured runs: one record per run with its settings and provenance, one result per
// completed batch size, optional raw samples. RunRepository is where they are kept;
// the store's backends implement it (src/store), measure::Session writes through it.
// Usage: auto id = store.runs().create(record); store.runs().add_batch(id, batch);
// Each call is one transaction, so a killed sweep keeps every completed batch size.
// Not thread-safe: one repository (one store connection) per thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/measure.hpp"

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
  // The GPU an NVML sensor measured (its device name, as the catalog may know it);
  // empty for every other sensor.
  std::string nvml_device() const;
};

// One kept power sample, its time relative to the batch's first sample.
struct StoredSample {
  int batch_size = 0;
  double time_s = 0;
  double power_w = 0;
  std::optional<double> energy_j;
};

// Who holds a run (issue 13: two `measure --resume` of one run both added the same
// batch size). A general lease: an owner (e.g. "host:pid") and when the lease ends;
// campaigns lease their items the same way.
struct RunClaim {
  bool granted = false;
  std::string owner;        // the holder now (this caller when granted)
  double expires_in_s = 0;  // until the holder's lease ends, by the store's clock
};

class RunRepository {
 public:
  virtual ~RunRepository() = default;

  // Stores a new run and returns its id (ids grow: a later run has a larger id).
  virtual int64_t create(const RunRecord& run) = 0;
  // The newest run with this settings key that did not complete, if any.
  virtual std::optional<RunRecord> find_resumable(const std::string& settings_key) = 0;
  virtual void set_idle_power(int64_t run_id, double idle_power_w) = 0;
  // The batch result and, if kept, its samples. Throws Failure if the batch size is
  // already stored for the run.
  virtual void add_batch(int64_t run_id, const BatchResult& batch) = 0;
  virtual void finish(int64_t run_id, const std::string& status, const std::string& reason,
                      const std::string& ended_at) = 0;

  virtual std::vector<RunRecord> list() = 0;  // by id
  // Throws InputError if there is no such run.
  virtual RunRecord get(int64_t run_id) = 0;
  virtual std::vector<BatchResult> batches(int64_t run_id) = 0;   // by batch size
  virtual std::vector<StoredSample> samples(int64_t run_id) = 0;  // by batch size, then time
  // Takes (or renews) the run for `owner` for `lease_s` seconds, atomically: granted
  // when nobody holds it, `owner` holds it, or the holder's lease has ended. Leases run
  // on the store's clock, so processes on several hosts agree. REQUIRES: the run exists.
  virtual RunClaim claim(int64_t run_id, const std::string& owner, double lease_s) = 0;
  // Gives the run up, if `owner` holds it (finish() gives it up too).
  virtual void release(int64_t run_id, const std::string& owner) = 0;
  // The backend and its library version, recorded in each run's provenance.
  virtual nlohmann::json describe() const = 0;
};

}  // namespace infergy::measure
