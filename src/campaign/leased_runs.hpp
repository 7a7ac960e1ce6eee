// The store's runs seen through a lease: every write first renews the item's lease, so a
// worker that lost its item (the lease expired and another worker took over) never
// writes into the run the other worker now continues. Private to src/campaign.
#pragma once
#include <string>

#include "infergy/campaign_repository.hpp"
#include "infergy/error.hpp"
#include "infergy/power.hpp"
#include "infergy/runs.hpp"

namespace infergy::campaign {

// The lease is no longer this worker's.
class LeaseLost : public Failure {
 public:
  explicit LeaseLost(const std::string& item)
      : Failure("the lease of campaign item " + item + " was taken over by another worker") {}
};

class LeasedRuns : public measure::RunRepository {
 public:
  // REQUIRES: every argument outlives this object.
  LeasedRuns(measure::RunRepository& runs, CampaignRepository& campaigns, const Lease& lease,
             double lease_s, power::Platform& platform)
      : runs_(runs), campaigns_(campaigns), lease_(lease), lease_s_(lease_s), platform_(platform) {}

  // Renews the lease; throws LeaseLost if it is gone.
  void hold();
  // Renews when a quarter of the lease has passed since the last renewal.
  void renew_if_due();

  int64_t create(const measure::RunRecord& run) override;
  std::optional<measure::RunRecord> find_resumable(const std::string& settings_key) override {
    return runs_.find_resumable(settings_key);
  }
  void set_idle_power(int64_t run_id, double idle_power_w) override;
  void add_batch(int64_t run_id, const measure::BatchResult& batch) override;
  // Written only while the lease is held (the session calls it while unwinding too).
  void finish(int64_t run_id, const std::string& status, const std::string& reason,
              const std::string& ended_at) override;
  std::vector<measure::RunRecord> list() override { return runs_.list(); }
  measure::RunRecord get(int64_t run_id) override { return runs_.get(run_id); }
  std::vector<measure::BatchResult> batches(int64_t run_id) override {
    return runs_.batches(run_id);
  }
  std::vector<measure::StoredSample> samples(int64_t run_id) override {
    return runs_.samples(run_id);
  }
  // The item's lease already makes this worker the run's only writer, and a worker that
  // dies must not leave a run claim that outlives its item lease: so always granted.
  measure::RunClaim claim(int64_t, const std::string& owner, double lease_s) override {
    return {true, owner, lease_s};
  }
  void release(int64_t, const std::string&) override {}
  nlohmann::json describe() const override { return runs_.describe(); }

 private:
  measure::RunRepository& runs_;
  CampaignRepository& campaigns_;
  const Lease& lease_;
  double lease_s_;
  power::Platform& platform_;
  double renewed_at_s_ = platform_.now_s();
};

}  // namespace infergy::campaign
