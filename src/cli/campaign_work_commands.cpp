// campaign work (one worker) and campaign submit (a Slurm job array, or local workers).
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "campaign_cli.hpp"
#include "infergy/campaign.hpp"
#include "infergy/campaign_worker.hpp"
#include "infergy/error.hpp"
#include "infergy/workloads.hpp"

namespace infergy::cli {
namespace {

volatile std::sig_atomic_t stop_signal = 0;
void on_stop_signal(int) { stop_signal = 1; }

struct WorkArgs {
  std::string name;
  campaign::WorkOptions options;
  bool no_wait = false;
};

struct SubmitArgs {
  std::string name;
  bool slurm = false;
  std::string executor;
  bool dry_run = false;
  campaign::SlurmOptions slurm_options;
  int workers = 1;
  std::vector<std::string> gpus;
  std::string infergy;
  double lease_s = 0;
  int max_attempts = 0;
};

std::string this_binary() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("infergy") : path.string();
}

std::string store_location(Context& ctx) {
  return ctx.db_path.empty() ? Store::default_location() : ctx.db_path;
}

campaign::WorkHooks worker_hooks(Context& ctx) {
  campaign::WorkHooks hooks;
  auto& err = *ctx.err;
  hooks.on_claimed = [&err](const campaign::Lease& lease) {
    err << fmt::format("item {}: claimed (attempt {})\n", lease.item.item.name,
                       lease.item.attempts);
  };
  hooks.on_finished = [&err](const campaign::ItemState& item, const std::string& status) {
    err << fmt::format("item {}: {}\n", item.item.name, status);
  };
  hooks.on_waiting = [&err](double seconds) {
    err << fmt::format(
        "nothing to claim while other workers hold leases; looking again in "
        "{:.1f} s\n",
        seconds);
  };
  hooks.on_note = [&err](const std::string& note) { err << "note: " << note << '\n'; };
  hooks.session.on_opened = [&err](const measure::OpenedRun& run) {
    if (!run.resumed) return err << fmt::format("  run {} opened\n", run.id), void();
    err << fmt::format("  resuming run {} (batch sizes done: {})\n", run.id,
                       run.done.empty() ? "none" : fmt::format("{}", fmt::join(run.done, ", ")));
  };
  hooks.session.on_batch = [&err](const measure::BatchResult& b) {
    err << fmt::format("  batch {:>4} committed: {} J/item, {} items/s\n", b.batch_size,
                       format_number(b.energy_per_item_j), format_number(b.throughput_items_per_s));
  };
  return hooks;
}

void run_work(Context& ctx, WorkArgs& a) {
  std::signal(SIGTERM, on_stop_signal);  // release the item, leave the run resumable
  std::signal(SIGINT, on_stop_signal);
  auto& store = ctx.store();
  campaign::WorkerContext worker{store.campaigns(), store.runs(), store.setups(), ctx.platform(),
                                 measure::make_workload};
  worker.stop_requested = [] { return stop_signal != 0; };
  a.options.wait_for_others = !a.no_wait;
  auto owner = campaign::current_owner();
  *ctx.err << fmt::format("worker on {} (pid {}{}) for campaign {}, store {}\n", owner.host,
                          owner.pid, owner.job.empty() ? "" : ", job " + owner.job, a.name,
                          store.location());
  auto summary = campaign::work(a.name, owner, worker, a.options, worker_hooks(ctx));
  emit(ctx, {Record{{"campaign", a.name},
                    {"host", owner.host},
                    {"pid", owner.pid},
                    {"job", owner.job},
                    {"done", summary.done},
                    {"failed", summary.failed},
                    {"released", summary.released},
                    {"lost", summary.lost},
                    {"stopped", summary.stopped}}});
}

void run_slurm(Context& ctx, const SubmitArgs& a) {
  auto& campaigns = ctx.store().campaigns();
  auto counts = campaigns.counts(a.name);
  size_t unfinished = counts.pending + counts.running;
  if (unfinished == 0 && !a.dry_run) {
    *ctx.err << fmt::format(
        "campaign {}: nothing pending or running; nothing submitted "
        "(infergy campaign retry {} --failed requeues failed items)\n",
        a.name, a.name);
    emit(ctx, {Record{{"campaign", a.name}, {"job_id", ""}, {"tasks", 0}}});
    return;
  }
  auto where = campaign::worker_location(store_location(ctx));
  if (where.location.find("://") == std::string::npos) {
    *ctx.err << fmt::format(
        "note: {} is a SQLite file: every node must see it on a shared file system with "
        "working locks; a postgresql:// store is the one made for clusters\n",
        where.location);
  }
  campaign::WorkerCommand worker{a.infergy.empty() ? this_binary() : a.infergy, where.location,
                                 a.lease_s, a.max_attempts};
  int tasks = campaign::array_size(a.slurm_options, unfinished);
  auto script = campaign::sbatch_script(a.name, a.slurm_options, tasks, worker);
  std::string job_id;
  if (!a.dry_run) job_id = campaign::submit_sbatch(script, where.password);
  campaigns.record_submission(a.name, script, job_id);
  if (a.dry_run && ctx.format == OutputFormat::text) {
    *ctx.out << script;  // exactly the script: `... --dry-run > job.sh` gives a valid file
    return;
  }
  if (!a.dry_run) {
    *ctx.err << fmt::format(
        "submitted job array {} ({} tasks) for campaign {}; follow it with "
        "`infergy campaign status {}`\n",
        job_id, tasks, a.name, a.name);
  }
  emit(ctx,
       {Record{{"campaign", a.name}, {"job_id", job_id}, {"tasks", tasks}, {"script", script}}});
}

void run_local(Context& ctx, const SubmitArgs& a) {
  campaign::LocalOptions local;
  local.workers = a.workers;
  local.gpus = a.gpus;
  local.worker = {a.infergy.empty() ? this_binary() : a.infergy, store_location(ctx), a.lease_s,
                  a.max_attempts};
  if (a.lease_s > 0) local.work_args = {"--lease-seconds", fmt::format("{}", a.lease_s)};
  if (a.max_attempts > 0) {
    local.work_args.insert(local.work_args.end(),
                           {"--max-attempts", std::to_string(a.max_attempts)});
  }
  auto statuses = campaign::run_local_workers(a.name, local, *ctx.err);
  emit(ctx, campaign_status_output(ctx, a.name));
  auto failed = std::count_if(statuses.begin(), statuses.end(), [](int s) { return s != 0; });
  if (failed) throw Failure(fmt::format("{} of {} workers failed", failed, statuses.size()));
}

void run_submit(Context& ctx, SubmitArgs& a) {
  if (a.slurm) a.executor = "slurm";
  if (a.executor.empty()) throw InputError("give --slurm or --executor local");
  if (!ctx.store().campaigns().find(a.name)) {
    throw InputError(fmt::format("no campaign named '{}' (see infergy campaign list)", a.name));
  }
  if (a.executor == "slurm") {
    run_slurm(ctx, a);
  } else {
    run_local(ctx, a);
  }
}

}  // namespace

void register_campaign_work(CLI::App& campaign, Context& ctx) {
  auto a = std::make_shared<WorkArgs>();
  auto* work = campaign.add_subcommand(
      "work",
      "claim items one at a time and measure each (what each Slurm array task runs); "
      "resumes an item a dead worker left, from its last committed batch size");
  work->add_option("name", a->name, "campaign name")->required();
  work->add_option("--lease-seconds", a->options.lease_s,
                   "a lease lasts this long unrenewed (renewed on each commit and while a "
                   "batch runs); longer than model loading takes")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 86400.0));
  work->add_option("--max-attempts", a->options.max_attempts,
                   "claims an item may have before it is failed (its workers keep dying)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  work->add_option("--max-items", a->options.max_items, "stop after this many items (0 = all)")
      ->capture_default_str();
  work->add_flag("--no-wait", a->no_wait,
                 "exit when nothing is claimable, without waiting for other workers' leases");
  add_format_option(*work, ctx);
  work->callback([&ctx, a] { run_work(ctx, *a); });
}

void register_campaign_submit(CLI::App& campaign, Context& ctx) {
  auto a = std::make_shared<SubmitArgs>();
  auto* submit = campaign.add_subcommand(
      "submit",
      "run the campaign's workers: one Slurm job array (--slurm), or local processes "
      "(--executor local --workers N, or one per GPU with --gpus)");
  submit->add_option("name", a->name, "campaign name")->required();
  submit->add_flag("--slurm", a->slurm, "submit one job array with sbatch");
  submit->add_option("--executor", a->executor, "slurm or local")
      ->check(CLI::IsMember({"slurm", "local"}));
  submit->add_flag("--dry-run", a->dry_run,
                   "print the sbatch script (and keep it in the store) without submitting");
  auto& o = a->slurm_options;
  submit->add_option("--partition", o.partition, "Slurm partition");
  submit->add_option("--gres", o.gres, "generic resources per task, e.g. gpu:1");
  submit->add_option("--time", o.time, "time limit per task, e.g. 04:00:00");
  submit->add_option("--array-parallel", o.array_parallel, "at most K array tasks at once")
      ->check(CLI::PositiveNumber);
  submit->add_option("--tasks", o.tasks, "array size (default: one per unfinished item, <= 1000)")
      ->check(CLI::Range(1, 1000));
  submit->add_option("--cpus-per-task", o.cpus_per_task, "CPUs per array task")
      ->check(CLI::PositiveNumber);
  submit->add_option("--output", o.output,
                     "sbatch --output pattern (default infergy-NAME-%A_%a.out)");
  submit->add_option("--sbatch-option", o.extra, "another sbatch option, e.g. --account=lab");
  submit->add_option("--workers", a->workers, "local: worker processes")
      ->check(CLI::Range(1, 1024));
  submit->add_option("--gpus", a->gpus, "local: one worker per GPU index (CUDA_VISIBLE_DEVICES)")
      ->delimiter(',');
  submit->add_option("--infergy", a->infergy,
                     "the infergy binary workers run (default: this one; on a cluster, a path "
                     "every node has)");
  submit->add_option("--lease-seconds", a->lease_s, "passed to campaign work")
      ->check(CLI::Range(0.5, 86400.0));
  submit->add_option("--max-attempts", a->max_attempts, "passed to campaign work")
      ->check(CLI::Range(1, 1000));
  add_format_option(*submit, ctx);
  submit->callback([&ctx, a] { run_submit(ctx, *a); });
}

}  // namespace infergy::cli
