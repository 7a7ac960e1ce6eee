// The measurement session: open or resume a run, idle power, sweep, commits, finish.
#include "infergy/session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "infergy/output.hpp"

namespace infergy::measure {
namespace {

OpenedRun open_run(const SessionRequest& request, const power::Sensor& sensor,
                   const Workload& workload, power::Platform& platform, RunRepository& runs,
                   std::optional<double>& idle_power_w) {
  const auto key = settings_key(request.settings);
  if (request.resume) {
    if (auto previous = runs.find_resumable(key)) {
      OpenedRun opened{previous->id, true, {}};
      for (const auto& b : runs.batches(previous->id)) opened.done.push_back(b.batch_size);
      idle_power_w = previous->idle_power_w;
      return opened;
    }
  }
  RunRecord record;
  record.kind = "measure";
  record.workload = request.workload;
  record.sensor = sensor.name();
  record.settings_key = key;
  record.settings = request.settings;
  record.provenance = collect_provenance(sensor, &workload);
  record.provenance.update(runs.describe());  // the backend and its version
  record.started_at = platform.wall_time_iso();
  return {runs.create(record), false, {}};
}

// Idle power, unless the resumed run measured it already or it is switched off.
std::optional<double> idle_power(const SessionRequest& request, Sampler& sampler,
                                 power::Platform& platform, const power::Capabilities& caps,
                                 RunRepository& runs, int64_t run_id, std::optional<double> known_w,
                                 const SessionHooks& hooks) {
  if (known_w) return known_w;
  const double seconds = request.protocol.idle_seconds;
  if (seconds <= 0) return std::nullopt;
  if (hooks.on_idle_start) hooks.on_idle_start(seconds);
  auto idle = measure_idle(sampler, platform, caps, seconds);
  if (hooks.on_idle) hooks.on_idle(idle);
  runs.set_idle_power(run_id, idle.avg_power_w());
  return idle.avg_power_w();
}

SweepOutcome sweep(const SessionRequest& request, Workload& workload, power::Sensor& sensor,
                   power::Platform& platform, RunRepository& runs, const OpenedRun& run,
                   std::optional<double> known_idle_w, const SessionHooks& hooks) {
  auto caps = sensor.capabilities();
  Sampler sampler(sensor, platform, {std::min(request.rate_hz, caps.max_rate_hz)});
  sampler.start();
  auto idle_w = idle_power(request, sampler, platform, caps, runs, run.id, known_idle_w, hooks);
  SweepHooks sweep_hooks;
  sweep_hooks.on_batch = [&](const BatchResult& b) {
    runs.add_batch(run.id, b);  // committed before anything else can go wrong
    if (hooks.on_batch) hooks.on_batch(b);
  };
  sweep_hooks.on_progress = hooks.on_progress;
  auto outcome =
      run_sweep(workload, sampler, platform, caps, request.protocol, idle_w, run.done, sweep_hooks);
  sampler.stop();
  return outcome;
}

}  // namespace

std::string settings_key(const nlohmann::json& settings) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a of the canonical JSON
  for (unsigned char c : dump_json(settings)) hash = (hash ^ c) * 1099511628211ULL;
  return fmt::format("{:016x}", hash);
}

SessionResult run_session(const SessionRequest& request, Workload& workload, power::Sensor& sensor,
                          power::Platform& platform, RunRepository& runs,
                          const SessionHooks& hooks) {
  std::optional<double> known_idle_w;
  auto run = open_run(request, sensor, workload, platform, runs, known_idle_w);
  if (hooks.on_opened) hooks.on_opened(run);
  SweepOutcome outcome;
  try {
    outcome = sweep(request, workload, sensor, platform, runs, run, known_idle_w, hooks);
  } catch (const std::exception& e) {  // keeps what was committed, says why it stopped
    runs.finish(run.id, "invalid", e.what(), platform.wall_time_iso());
    throw;
  }
  const std::string status = outcome.invalid_reason ? "invalid" : "complete";
  runs.finish(run.id, status, outcome.end_reason, platform.wall_time_iso());
  return {runs.get(run.id), runs.batches(run.id), outcome.invalid_reason};
}

nlohmann::ordered_json wrap_summary(const WrapResult& r, const power::Sensor& sensor,
                                    const std::vector<std::string>& command) {
  const auto& e = r.energy;
  auto maybe = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nullptr;
  };
  nlohmann::ordered_json j = {{"command", fmt::format("{}", fmt::join(command, " "))},
                              {"exit_code", r.exit_code},
                              {"duration_s", e.duration_s()},
                              {"energy_j", e.energy_j},
                              {"avg_power_w", e.avg_power_w()},
                              {"energy_method", e.method},
                              {"energy_counter_j", maybe(e.counter_j)},
                              {"energy_trapezoid_j", e.trapezoid_j},
                              {"counter_trapezoid_disagreement", maybe(e.disagreement)},
                              {"sensor", sensor.name()},
                              {"sensor_accuracy_fraction", sensor.capabilities().accuracy_fraction},
                              {"warnings", e.warnings}};
  auto phases = nlohmann::ordered_json::array();
  for (const auto& p : r.phases) {
    phases.push_back({{"name", p.name},
                      {"duration_s", p.energy.duration_s()},
                      {"energy_j", p.energy.energy_j},
                      {"avg_power_w", p.energy.avg_power_w()}});
  }
  j["phases"] = phases;
  return j;
}

WrapSessionResult run_wrap_session(const WrapRequest& request, power::Sensor& sensor,
                                   power::Platform& platform, RunRepository& runs) {
  auto caps = sensor.capabilities();
  Sampler sampler(sensor, platform, {std::min(request.rate_hz, caps.max_rate_hz)});
  sampler.start();
  WrapSessionResult out;
  out.result = wrap_command(request.command, sampler, platform, caps);
  out.summary = wrap_summary(out.result, sensor, request.command);
  RunRecord run;
  run.kind = "wrap";
  run.workload = out.summary["command"].get<std::string>();
  run.sensor = sensor.name();
  run.status = "complete";
  run.settings = request.settings;
  run.settings_key = settings_key(run.settings);
  run.provenance = collect_provenance(sensor, nullptr);
  run.provenance.update(runs.describe());
  run.provenance["result"] = nlohmann::json::parse(dump_json(out.summary));
  run.started_at = out.result.started_at;
  run.ended_at = out.result.ended_at;
  out.run_id = runs.create(run);
  return out;
}

}  // namespace infergy::measure
