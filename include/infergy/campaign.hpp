// Measurement campaigns: many models x settings measured by many workers (Slurm job
// array tasks or local processes) into one shared store. This header holds the pure
// part: the campaign file parsed into items, the status summary, the sbatch script.
// The repository is in campaign_repository.hpp, the workers in campaign_worker.hpp;
// the file format and how to run a campaign on a cluster: docs/scale-out.md.
// Usage: auto campaign = campaign::load_campaign("examples/cpu_campaign.toml");
//        store.campaigns().create(campaign);
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/output.hpp"
#include "infergy/workloads.hpp"

namespace infergy::campaign {

// One measurement of a campaign: a model under one settings entry, a full batch sweep.
struct Item {
  std::string name;  // unique in its campaign: the model's name, then ".LABEL" of its settings
  std::string key;   // identity across creates: item_key(name, spec)
  int position = 0;  // 0, 1, ... in the file's order (models, then settings entries)
  measure::MeasureSpec spec;           // the model path is absolute
  std::optional<double> accuracy_pct;  // top-1 %, for the campaign's setup
  int input_px = 0;                    // image side for the setup; 0 = from the run's shape
};

struct Campaign {
  std::string name;
  std::string setup;   // completed items form this setup (rank, analyze, serve); "" = none
  std::string gpu;     // the catalog GPU of the setup, if any
  std::string source;  // the file it was read from
  std::vector<Item> items;
};

// Parses a campaign file (TOML; docs/scale-out.md). Relative model paths are taken from
// `file_name`'s folder and must exist. Throws InputError naming file:line:column.
Campaign parse_campaign(const std::string& text, const std::string& file_name);
// Reads and parses `path`. Throws InputError if it cannot be read or parsed.
Campaign load_campaign(const std::string& path);

// A fingerprint of the item's name and run settings (what makes it "the same item").
std::string item_key(const std::string& name, const measure::MeasureSpec& spec);
// An item as stored (JSON), and back. item_from_json throws InputError on a bad shape.
nlohmann::json item_to_json(const Item& item);
Item item_from_json(const nlohmann::json& json);

// The run settings of an item: measure's settings plus the campaign and item names, so
// an item resumes only its own run.
nlohmann::json run_settings(const std::string& campaign, const Item& item);

// A sensor spec with "{gpu}" replaced by this worker's GPU: the first entry of
// CUDA_VISIBLE_DEVICES (`visible_devices`, may be null), else 0. nvml:{gpu} then reads
// the GPU that Slurm or the local executor gave the worker.
std::string sensor_for_worker(const std::string& spec, const char* visible_devices);

// ---- state, as the repository keeps it (campaign_repository.hpp) ----

// The item states: pending -> running -> done | failed; running -> pending (released);
// failed -> pending (retry).
inline constexpr const char* kPending = "pending";
inline constexpr const char* kRunning = "running";
inline constexpr const char* kDone = "done";
inline constexpr const char* kFailed = "failed";

// Who holds a lease: enough to find the process (host, pid) and its scheduler job.
struct Owner {
  std::string host;
  int64_t pid = 0;
  std::string job;  // "1234_3" (Slurm array job and task), "local:2", or ""
};

// One item as stored, with its state.
struct ItemState {
  int64_t id = 0;
  Item item;
  std::string status = kPending;
  Owner owner;                         // of the current or last lease
  std::string claimed_at;              // ISO 8601 UTC, database clock; "" if never claimed
  std::optional<double> lease_left_s;  // running: seconds until its lease expires (< 0: expired)
  int attempts = 0;                    // claims so far
  std::optional<int64_t> run_id;       // the measured run, once opened
  std::string reason;                  // failed: why; done: why the sweep ended
  std::string finished_at;             // ISO 8601 UTC of done or failed
};

// A lease held by this process: what renew() and finish() take.
struct Lease {
  std::string token;  // unique per claim
  ItemState item;     // as claimed (status running, attempts counting this claim)
};

struct CampaignInfo {
  std::string name, setup, gpu, source, created_at;
  size_t item_count = 0;
  std::string sbatch_script;  // the last script submitted (or printed by --dry-run)
  std::string job_id;         // the last Slurm job submitted, "" if none
  std::string submitted_at;
};

struct StatusCounts {
  size_t pending = 0, running = 0, done = 0, failed = 0;
  size_t lease_expired = 0;  // running items whose lease has expired (their worker died?)
  // Seconds until the earliest unexpired lease of a running item expires, if any.
  std::optional<double> next_expiry_s;
  size_t total() const { return pending + running + done + failed; }
  size_t finished() const { return done + failed; }
};

struct CreateResult {
  bool created = false;       // the campaign is new
  size_t added_items = 0;     // items stored now
  size_t existing_items = 0;  // items of the file already stored (matched by key)
};

// ---- status ----

// What `campaign status` prints: counts first (pending, running, done, failed), then the
// running items (node, pid, job, since, lease) and the failed ones (reason).
Record status_record(const CampaignInfo& info, const StatusCounts& counts,
                     const std::vector<ItemState>& running, const std::vector<ItemState>& failed);
// "[#########...........]  45% (9 of 20 finished: 8 done, 1 failed)", `width` cells wide.
std::string progress_bar(const StatusCounts& counts, int width = 40);
// One row per item: name, status, host, pid, job, claimed_at, attempts, run_id, reason.
Table items_table(const std::vector<ItemState>& items);

// ---- Slurm ----

struct SlurmOptions {
  std::string partition;           // --partition; "" = the cluster's default
  std::string gres;                // --gres, e.g. gpu:1
  std::string time;                // --time, e.g. 02:00:00
  int array_parallel = 0;          // at most K tasks at once (--array=0-N%K); 0 = no limit
  int tasks = 0;                   // array size; 0 = one per unfinished item (at most 1000)
  int cpus_per_task = 0;           // --cpus-per-task; 0 = the cluster's default
  std::string output;              // --output; "" = infergy-NAME-%A_%a.out in the submit folder
  std::vector<std::string> extra;  // more sbatch options, one "--name=value" each
};

struct WorkerCommand {
  std::string infergy;   // absolute path of the binary the nodes run
  std::string location;  // the store as the workers open it, without a password
  double lease_s = 0;    // 0 = campaign work's default
  int max_attempts = 0;  // 0 = campaign work's default
};

// The array size for `unfinished` items: options.tasks, else one per item, 1..1000.
int array_size(const SlurmOptions& options, size_t unfinished);
// The sbatch script of one job array whose tasks each run `infergy campaign work NAME`.
// Throws InputError for an option that would break the script (a line break, ...).
std::string sbatch_script(const std::string& campaign, const SlurmOptions& options, int tasks,
                          const WorkerCommand& worker);

// A store location split for workers: the URL without its password, and the password
// (percent-decoded) to hand over as PGPASSWORD; a file path is returned made absolute.
struct WorkerLocation {
  std::string location;
  std::string password;  // "" if the location had none
};
WorkerLocation worker_location(const std::string& location);

}  // namespace infergy::campaign
