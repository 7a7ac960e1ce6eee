// The PostgreSQL backend's repositories, one per module, sharing one connection.
// Private to src/store.
#pragma once
#include "connection.hpp"
#include "infergy/campaign_repository.hpp"
#include "infergy/store.hpp"

namespace infergy::store::postgres {

class Datasets : public catalog::DatasetRepository {
 public:
  explicit Datasets(Connection& db) : db_(db) {}
  size_t upsert(const catalog::DatasetRows& rows, const std::string& origin) override;
  std::vector<nlohmann::json> rows(const catalog::DatasetSpec& spec) override;
  size_t row_count(const catalog::DatasetSpec& spec) override;
  std::string builtin_fingerprint() override;
  bool replace_builtin(const std::vector<catalog::DatasetRows>& builtin,
                       const std::string& fingerprint) override;

 private:
  Connection& db_;
};

class Runs : public measure::RunRepository {
 public:
  explicit Runs(Connection& db) : db_(db) {}
  int64_t create(const measure::RunRecord& run) override;
  std::optional<measure::RunRecord> find_resumable(const std::string& settings_key) override;
  void set_idle_power(int64_t run_id, double idle_power_w) override;
  void add_batch(int64_t run_id, const measure::BatchResult& batch) override;
  void finish(int64_t run_id, const std::string& status, const std::string& reason,
              const std::string& ended_at) override;
  std::vector<measure::RunRecord> list() override;
  measure::RunRecord get(int64_t run_id) override;
  std::vector<measure::BatchResult> batches(int64_t run_id) override;
  std::vector<measure::StoredSample> samples(int64_t run_id) override;
  measure::RunClaim claim(int64_t run_id, const std::string& owner, double lease_s) override;
  void release(int64_t run_id, const std::string& owner) override;
  nlohmann::json describe() const override;

 private:
  Connection& db_;
};

class Setups : public compare::SetupRepository {
 public:
  explicit Setups(Connection& db) : db_(db) {}
  void apply(const compare::SetupImport& import) override;
  std::vector<compare::Setup> list() override;
  std::optional<compare::SetupView> load(const std::string& name) override;
  std::vector<size_t> set_release_dates(const std::vector<compare::ReleaseDate>& dates) override;

 private:
  Connection& db_;
};

class Campaigns : public campaign::CampaignRepository {
 public:
  explicit Campaigns(Connection& db) : db_(db) {}
  campaign::CreateResult create(const campaign::Campaign& campaign) override;
  std::vector<campaign::CampaignInfo> list() override;
  std::optional<campaign::CampaignInfo> find(const std::string& name) override;
  std::optional<campaign::Lease> claim(const std::string& campaign, const campaign::Owner& owner,
                                       double lease_s) override;
  bool renew(const campaign::Lease& lease, double lease_s) override;
  bool attach_run(const campaign::Lease& lease, int64_t run_id) override;
  bool finish(const campaign::Lease& lease, const std::string& status,
              const std::string& reason) override;
  campaign::StatusCounts counts(const std::string& campaign) override;
  std::vector<campaign::ItemState> items(const std::string& campaign,
                                         const std::string& status) override;
  size_t requeue_failed(const std::string& campaign) override;
  void record_submission(const std::string& campaign, const std::string& script,
                         const std::string& job_id) override;

 private:
  Connection& db_;
};

class Calibrations : public calibrate::CalibrationRepository {
 public:
  explicit Calibrations(Connection& db) : db_(db) {}
  int64_t save(const calibrate::StoredCalibration& calibration) override;
  std::optional<calibrate::StoredCalibration> latest() override;
  std::optional<calibrate::StoredCalibration> find(int64_t version) override;
  std::vector<calibrate::StoredCalibration> list() override;

 private:
  Connection& db_;
};

}  // namespace infergy::store::postgres
