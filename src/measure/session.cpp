// The measurement session: open or resume a run, idle power, sweep, commits, finish.
#include "infergy/session.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "infergy/output.hpp"
#include "infergy/parse.hpp"
#include "infergy/text.hpp"

namespace infergy::measure {
namespace {

// Settings hold the command line; text in another encoding is kept visibly replaced.
nlohmann::json sanitized(const nlohmann::json& value) {
  if (value.is_string()) return text::replace_invalid_utf8(value.get<std::string>());
  if (!value.is_structured()) return value;
  nlohmann::json out = value.is_array() ? nlohmann::json::array() : nlohmann::json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (value.is_array()) {
      out.push_back(sanitized(*it));
    } else {
      out[text::replace_invalid_utf8(it.key())] = sanitized(it.value());
    }
  }
  return out;
}

std::string default_owner() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host[0] ? host : "unknown-host", ::getpid());
}

// A holder on this host whose process is gone (killed mid-sweep) holds nothing: its
// lease would otherwise block --resume until it ends.
bool holder_is_gone(const std::string& holder, const std::string& owner) {
  auto colon = holder.rfind(':');
  if (colon == std::string::npos || holder.substr(0, colon) != owner.substr(0, owner.rfind(':'))) {
    return false;
  }
  auto pid = try_parse_int(std::string_view(holder).substr(colon + 1));
  return pid && *pid > 0 && ::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH;
}

void take_claim(RunRepository& runs, int64_t run_id, const std::string& owner, double lease_s) {
  auto claim = runs.claim(run_id, owner, lease_s);
  if (!claim.granted && holder_is_gone(claim.owner, owner)) {
    runs.release(run_id, claim.owner);
    claim = runs.claim(run_id, owner, lease_s);
  }
  if (!claim.granted) {
    throw Failure(fmt::format(
        "run {} is being measured by {} (its lease ends in {:.0f} s): wait for it to finish, "
        "or resume after the lease ends",
        run_id, claim.owner, std::max(0.0, claim.expires_in_s)));
  }
}

OpenedRun open_run(const SessionRequest& request, const power::Sensor& sensor,
                   const Workload& workload, power::Platform& platform, RunRepository& runs,
                   std::optional<double>& idle_power_w) {
  const auto key = settings_key(request.settings);
  if (request.resume) {
    if (auto previous = runs.find_resumable(key)) {
      take_claim(runs, previous->id, request.owner, request.lease_s);  // before reading
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
  auto id = runs.create(record);
  take_claim(runs, id, request.owner, request.lease_s);
  return {id, false, {}};
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
    if (auto impossible = b.impossible_value()) {  // would poison every reader of the store
      throw Failure(fmt::format("batch size {}: the sensor reported an impossible value ({})",
                                b.batch_size, *impossible));
    }
    runs.add_batch(run.id, b);  // committed before anything else can go wrong
    take_claim(runs, run.id, request.owner, request.lease_s);  // renew the lease
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

SessionResult run_session(const SessionRequest& original, Workload& workload, power::Sensor& sensor,
                          power::Platform& platform, RunRepository& runs,
                          const SessionHooks& hooks) {
  SessionRequest request = original;
  if (request.owner.empty()) request.owner = default_owner();
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
  // A command line in another encoding is kept, its invalid bytes shown as U+FFFD.
  nlohmann::ordered_json j = {
      {"command", text::replace_invalid_utf8(fmt::format("{}", fmt::join(command, " ")))},
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
  for (const auto& arg : request.command) {
    if (!text::is_valid_utf8(arg)) {
      out.result.energy.warnings.push_back(
          "the command line is not valid UTF-8: stored with U+FFFD for the invalid bytes");
      break;
    }
  }
  out.summary = wrap_summary(out.result, sensor, request.command);
  if (out.result.invalid_reason) {
    // No trustworthy energy: the fields say so rather than show 0 J.
    for (const char* key : {"energy_j", "avg_power_w", "energy_counter_j", "energy_trapezoid_j",
                            "counter_trapezoid_disagreement"}) {
      out.summary[key] = nullptr;
    }
    out.summary["invalid_reason"] = *out.result.invalid_reason;
  }
  RunRecord run;
  run.kind = "wrap";
  run.workload = out.summary["command"].get<std::string>();
  run.sensor = sensor.name();
  run.status = out.result.invalid_reason ? "invalid" : "complete";
  run.status_reason = out.result.invalid_reason.value_or("");
  run.settings = sanitized(request.settings);
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
