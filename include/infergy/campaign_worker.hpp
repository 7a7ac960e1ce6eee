// Campaign workers and the executors that start them. A worker claims items one at a
// time (campaign_repository.hpp), measures each with measure::run_session (resuming the
// item's run from its last committed batch size when an earlier worker died), commits
// every batch size in its own transaction, renews its lease on each commit and while a
// batch runs, and rebuilds the campaign's setup after each item it completes.
// Usage: campaign::WorkerContext ctx{store.campaigns(), store.runs(), store.setups(), platform,
//                                    measure::make_workload};
//        auto summary = campaign::work("demo", campaign::current_owner(), ctx, {}, {});
// Not thread-safe: one worker per repository set (one store connection) at a time.
#pragma once
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "infergy/campaign.hpp"
#include "infergy/campaign_repository.hpp"
#include "infergy/power.hpp"
#include "infergy/session.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy::campaign {

// This process: host name, pid, and its job from SLURM_ARRAY_JOB_ID/SLURM_ARRAY_TASK_ID,
// SLURM_JOB_ID or INFERGY_WORKER (set by the local executor).
Owner current_owner();

struct WorkOptions {
  double lease_s = 120;  // a lease lasts this long unrenewed (renewed every lease_s / 4)
  int max_attempts = 3;  // claims an item may have; one more fails it (its workers keep dying)
  size_t max_items = 0;  // stop after this many items; 0 = until none is left
  // With nothing claimable while other workers hold leases, wait (a dead worker's item
  // becomes claimable when its lease expires) instead of exiting.
  bool wait_for_others = true;
  double poll_s = 2;  // how often a waiting worker looks again, at most
};

// Everything a worker touches, handed in (tests pass fakes).
struct WorkerContext {
  CampaignRepository& campaigns;
  measure::RunRepository& runs;
  compare::SetupRepository& setups;
  power::Platform& platform;
  // Makes an item's workload: measure::make_workload in the CLI (which links the
  // runtimes), fakes in tests. Required.
  std::function<std::unique_ptr<measure::Workload>(const measure::MeasureSpec&)> make_workload;
  // Opens an item's sensor; empty = power::open_sensor on `platform`.
  std::function<std::unique_ptr<power::Sensor>(const std::string& spec)> open_sensor = {};
  // Polled between items and during batches: true makes the worker release its item
  // (back to pending, the run resumable) and stop. Set from SIGTERM by the CLI.
  std::function<bool()> stop_requested = {};
};

struct WorkHooks {
  std::function<void(const Lease&)> on_claimed;
  std::function<void(const ItemState&, const std::string& status)> on_finished;
  std::function<void(double seconds)> on_waiting;  // nothing claimable, others running
  std::function<void(const std::string& message)> on_note;
  measure::SessionHooks session;  // the measurement's own progress
};

struct WorkSummary {
  size_t done = 0, failed = 0, released = 0, lost = 0;  // lost: the lease was taken over
  bool stopped = false;                                 // stop_requested ended it
};

// Works on `campaign` until no item is claimable (and, with wait_for_others, none is
// running elsewhere), max_items are finished, or a stop is requested. An item whose
// measurement throws is failed with the error's text; a run the sensor invalidates
// fails its item. Throws InputError if the campaign does not exist.
WorkSummary work(const std::string& campaign, const Owner& owner, WorkerContext& context,
                 const WorkOptions& options, const WorkHooks& hooks);

// Rebuilds the campaign's setup from its done items (one model per item, at its most
// efficient batch size). Does nothing when the campaign names no setup; items whose run
// records no input size and give no input_px are left out (a note says which).
void refresh_setup(const CampaignInfo& info, CampaignRepository& campaigns,
                   measure::RunRepository& runs, compare::SetupRepository& setups,
                   const std::function<void(const std::string&)>& note = {});

// ---- executors ----

// A program run to completion: its exit status (128 + signal if killed) and stdout.
struct ProcessResult {
  int exit_code = 0;
  std::string out;
};
// Runs argv (PATH lookup) with `input` on stdin and `env` added to the environment
// ("NAME=value"); stderr passes through. Throws Failure if it cannot start.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          const std::vector<std::string>& env = {});

// Submits the script with `sbatch --parsable` and returns the job id. Throws Failure
// with sbatch's message if it refuses.
std::string submit_sbatch(const std::string& script, const std::string& password);

struct LocalOptions {
  int workers = 1;
  std::vector<std::string> gpus;       // one worker per entry, CUDA_VISIBLE_DEVICES=entry
  WorkerCommand worker;                // location here may keep its password (passed in env)
  std::vector<std::string> work_args;  // more `campaign work` options
};

// Starts the workers as child processes (`infergy campaign work NAME`, INFERGY_DB and
// INFERGY_WORKER=local:I in their environment), waits for all, and returns their exit
// statuses in order. Progress lines go to `log`.
std::vector<int> run_local_workers(const std::string& campaign, const LocalOptions& options,
                                   std::ostream& log);

}  // namespace infergy::campaign
