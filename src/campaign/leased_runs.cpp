#include "leased_runs.hpp"

namespace infergy::campaign {

void LeasedRuns::hold() {
  if (!campaigns_.renew(lease_, lease_s_)) throw LeaseLost(lease_.item.item.name);
  renewed_at_s_ = platform_.now_s();
}

void LeasedRuns::renew_if_due() {
  if (platform_.now_s() - renewed_at_s_ >= lease_s_ / 4) hold();
}

int64_t LeasedRuns::create(const measure::RunRecord& run) {
  hold();
  return runs_.create(run);
}

void LeasedRuns::set_idle_power(int64_t run_id, double idle_power_w) {
  hold();
  runs_.set_idle_power(run_id, idle_power_w);
}

void LeasedRuns::add_batch(int64_t run_id, const measure::BatchResult& batch) {
  hold();
  runs_.add_batch(run_id, batch);
}

void LeasedRuns::finish(int64_t run_id, const std::string& status, const std::string& reason,
                        const std::string& ended_at) {
  if (!campaigns_.renew(lease_, lease_s_)) return;  // the run is another worker's now
  runs_.finish(run_id, status, reason, ended_at);
}

}  // namespace infergy::campaign
