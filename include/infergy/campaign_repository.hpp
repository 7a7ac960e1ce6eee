// Where campaigns and their items are kept, and the lease rules workers share through
// it. The store's backends implement it (src/store): PostgreSQL claims with SELECT ...
// FOR UPDATE SKIP LOCKED, SQLite inside an IMMEDIATE transaction.
// Usage: campaigns.create(campaign);
//        while (auto lease = campaigns.claim(name, owner, 120)) { ...; campaigns.finish(*lease,
//        "done", ""); }
// Lease rules: an item is claimable when it is pending, or running with a lease that has
// expired; claims take the first claimable item by position, expired leases before
// pending items (interrupted work resumes first). A claim leases the item to its owner
// until the database's clock passes now + lease_s (the database's clock, so skewed node
// clocks cannot shorten a lease); renew() extends it, and fails once the lease was taken
// over. finish() ends it. Each claim counts one attempt.
// Each call is one transaction. Not thread-safe: one repository (one connection) per thread;
// any number of processes may claim from one store at once.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "infergy/campaign.hpp"

namespace infergy::campaign {

class CampaignRepository {
 public:
  virtual ~CampaignRepository() = default;

  // Stores the campaign, if new, and each of its items not stored yet (matched by key),
  // in one transaction: the same file twice adds nothing. Throws InputError, storing
  // nothing, if the campaign exists with another setup or GPU, or a new item reuses the
  // name of a stored one.
  virtual CreateResult create(const Campaign& campaign) = 0;
  virtual std::vector<CampaignInfo> list() = 0;  // by name
  virtual std::optional<CampaignInfo> find(const std::string& name) = 0;

  // Claims the next claimable item for `owner` (lease rules above); nullopt when none
  // is. Concurrent claimers never get the same item. REQUIRES: the campaign exists.
  virtual std::optional<Lease> claim(const std::string& campaign, const Owner& owner,
                                     double lease_s) = 0;
  // Extends the lease to now + lease_s. False (changing nothing) once the lease is no
  // longer this one: it expired and another worker claimed the item, or it was finished.
  virtual bool renew(const Lease& lease, double lease_s) = 0;
  // Records the run measuring the item. False if the lease is no longer held.
  virtual bool attach_run(const Lease& lease, int64_t run_id) = 0;
  // Ends the lease: status done or failed (with its reason), or pending (released: the
  // next claim takes it). False, changing nothing, if the lease is no longer held.
  virtual bool finish(const Lease& lease, const std::string& status, const std::string& reason) = 0;

  virtual StatusCounts counts(const std::string& campaign) = 0;
  // The campaign's items by position; only those with `status` unless it is empty.
  virtual std::vector<ItemState> items(const std::string& campaign,
                                       const std::string& status = "") = 0;
  // Failed items become pending again (attempts reset); returns how many.
  virtual size_t requeue_failed(const std::string& campaign) = 0;
  // Keeps the sbatch script (and the job id, "" for --dry-run) with the campaign.
  virtual void record_submission(const std::string& campaign, const std::string& script,
                                 const std::string& job_id) = 0;
};

}  // namespace infergy::campaign
