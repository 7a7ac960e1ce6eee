// The campaign worker: claim, measure (resuming), commit per batch size, finish, repeat.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "infergy/campaign_worker.hpp"
#include "infergy/error.hpp"
#include "infergy/importers.hpp"
#include "leased_runs.hpp"

namespace infergy::campaign {
namespace {

struct Interrupted {};  // stop_requested during a batch: release the item

void note(const WorkHooks& hooks, const std::string& message) {
  if (hooks.on_note) hooks.on_note(message);
}

bool stop(const WorkerContext& ctx) { return ctx.stop_requested && ctx.stop_requested(); }

// The session's hooks, plus lease renewal while a batch runs and the stop check (during a
// batch and after each commit).
measure::SessionHooks leased_hooks(const WorkHooks& hooks, WorkerContext& ctx, LeasedRuns& runs,
                                   const Lease& lease) {
  auto session = hooks.session;
  session.on_opened = [&hooks, &ctx, &lease](const measure::OpenedRun& run) {
    if (!ctx.campaigns.attach_run(lease, run.id)) throw LeaseLost(lease.item.item.name);
    if (hooks.session.on_opened) hooks.session.on_opened(run);
  };
  session.on_batch = [&hooks, &ctx](const measure::BatchResult& b) {  // after its commit
    if (hooks.session.on_batch) hooks.session.on_batch(b);
    if (stop(ctx)) throw Interrupted{};
  };
  session.on_progress = [&hooks, &ctx, &runs](const measure::Progress& p) {
    if (stop(ctx)) throw Interrupted{};
    runs.renew_if_due();
    if (hooks.session.on_progress) hooks.session.on_progress(p);
  };
  return session;
}

std::unique_ptr<power::Sensor> open_sensor(WorkerContext& ctx, const std::string& spec) {
  auto worker_spec = sensor_for_worker(spec, std::getenv("CUDA_VISIBLE_DEVICES"));
  return ctx.open_sensor ? ctx.open_sensor(worker_spec)
                         : power::open_sensor(worker_spec, ctx.platform);
}

std::unique_ptr<measure::Workload> make_workload(WorkerContext& ctx,
                                                 const measure::MeasureSpec& spec) {
  if (!ctx.make_workload) throw Failure("this worker was given no workload factory");
  return ctx.make_workload(spec);
}

// Measures one leased item and ends its lease; returns the status it ended with
// ("lost" when the lease was taken over, "pending" when released on a stop).
std::string run_item(const CampaignInfo& info, const Lease& lease, WorkerContext& ctx,
                     const WorkOptions& options, const WorkHooks& hooks) {
  const auto& item = lease.item.item;
  LeasedRuns runs(ctx.runs, ctx.campaigns, lease, options.lease_s, ctx.platform);
  std::string status = kFailed, reason;
  try {
    auto sensor = open_sensor(ctx, item.spec.sensor);
    auto workload = make_workload(ctx, item.spec);
    measure::SessionRequest request;
    request.workload = item.spec.model;
    request.settings = run_settings(info.name, item);
    request.protocol = item.spec.options;
    request.rate_hz = item.spec.rate_hz;
    request.resume = true;
    auto result = measure::run_session(request, *workload, *sensor, ctx.platform, runs,
                                       leased_hooks(hooks, ctx, runs, lease));
    if (result.invalid_reason) {
      reason = fmt::format("run {} is invalid: {}", result.run.id, *result.invalid_reason);
    } else {
      status = kDone;
      reason = fmt::format("run {}: {}", result.run.id, result.run.status_reason);
    }
  } catch (const LeaseLost&) {
    note(hooks, fmt::format("lost the lease of item {} (another worker took it over)", item.name));
    return "lost";
  } catch (const Interrupted&) {
    status = kPending;
    reason = "released: its worker was stopped";
  } catch (const std::exception& e) {
    reason = e.what();
  }
  if (!ctx.campaigns.finish(lease, status, reason)) return "lost";
  return status;
}

// With nothing claimable: how long to wait for another worker's lease, or nullopt to stop.
std::optional<double> wait_for_others(const std::string& campaign, WorkerContext& ctx,
                                      const WorkOptions& options) {
  if (!options.wait_for_others) return std::nullopt;
  auto counts = ctx.campaigns.counts(campaign);
  if (counts.running == 0) return std::nullopt;
  double until_expiry_s = counts.next_expiry_s.value_or(0) + 0.05;
  return std::clamp(until_expiry_s, 0.1, options.poll_s);
}

void sleep_unless_stopped(WorkerContext& ctx, double seconds) {
  double until = ctx.platform.now_s() + seconds;
  while (!stop(ctx) && ctx.platform.now_s() < until) {
    ctx.platform.sleep_until(std::min(until, ctx.platform.now_s() + 0.2));
  }
}

void count(WorkSummary& summary, const std::string& status) {
  if (status == kDone)
    ++summary.done;
  else if (status == kFailed)
    ++summary.failed;
  else if (status == kPending)
    ++summary.released;
  else
    ++summary.lost;
}

}  // namespace

Owner current_owner() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  Owner owner{host, static_cast<int64_t>(::getpid()), ""};
  auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value ? value : "";
  };
  if (!env("SLURM_ARRAY_JOB_ID").empty()) {
    owner.job = env("SLURM_ARRAY_JOB_ID") + "_" + env("SLURM_ARRAY_TASK_ID");
  } else if (!env("SLURM_JOB_ID").empty()) {
    owner.job = env("SLURM_JOB_ID");
  } else {
    owner.job = env("INFERGY_WORKER");
  }
  return owner;
}

WorkSummary work(const std::string& campaign, const Owner& owner, WorkerContext& ctx,
                 const WorkOptions& options, const WorkHooks& hooks) {
  auto info = ctx.campaigns.find(campaign);
  if (!info) {
    throw InputError(fmt::format("no campaign named '{}' (see infergy campaign list)", campaign));
  }
  WorkSummary summary;
  size_t handled = 0;
  while (!(options.max_items && handled >= options.max_items)) {
    if (stop(ctx)) {
      summary.stopped = true;
      break;
    }
    auto lease = ctx.campaigns.claim(campaign, owner, options.lease_s);
    if (!lease) {
      auto wait_s = wait_for_others(campaign, ctx, options);
      if (!wait_s) break;
      if (hooks.on_waiting) hooks.on_waiting(*wait_s);
      sleep_unless_stopped(ctx, *wait_s);
      continue;
    }
    if (hooks.on_claimed) hooks.on_claimed(*lease);
    std::string status;
    if (lease->item.attempts > options.max_attempts) {
      auto reason = fmt::format(
          "gave up after {} claims: its workers stopped before finishing it (killed? out "
          "of memory?); `infergy campaign retry {} --failed` tries again",
          options.max_attempts, campaign);
      status = ctx.campaigns.finish(*lease, kFailed, reason) ? kFailed : "lost";
    } else {
      status = run_item(*info, *lease, ctx, options, hooks);
    }
    count(summary, status);
    ++handled;
    if (status == kDone) {
      try {
        refresh_setup(*info, ctx.campaigns, ctx.runs, ctx.setups, hooks.on_note);
      } catch (const std::exception& e) {  // the item is done; its setup can be rebuilt later
        note(hooks, fmt::format("setup {} not updated: {}", info->setup, e.what()));
      }
    }
    if (hooks.on_finished) hooks.on_finished(lease->item, status);
    if (status == kPending) {
      summary.stopped = true;
      break;
    }
  }
  return summary;
}

}  // namespace infergy::campaign
