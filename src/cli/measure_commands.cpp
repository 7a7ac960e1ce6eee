// measure (a batch-size sweep of a model or the GEMM workload) and wrap (any command).
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "infergy/runs.hpp"
#include "run_output.hpp"

namespace infergy::cli {
namespace {

struct MeasureArgs {
  std::string model;
  std::string device = "cpu";
  std::string precision = "fp32";
  bool channels_last = false;
  std::string input_shape;
  std::string sensor = "auto";
  double rate_hz = 100;
  std::string protocol = "adaptive";
  measure::ProtocolOptions options;
  bool resume = false;
};

struct WrapArgs {
  std::string sensor = "auto";
  double rate_hz = 100;
  std::vector<std::string> command;
};

std::vector<int64_t> parse_input_shape(const std::string& text) {
  std::vector<int64_t> shape;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t end = text.find_first_of(",x", start);
    std::string part = text.substr(start, end == std::string::npos ? end : end - start);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos ||
        part.size() > 9 || std::stoll(part) <= 0) {
      throw InputError("--input-shape must be positive sizes separated by commas, e.g. 3,224,224");
    }
    shape.push_back(std::stoll(part));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return shape;
}

std::unique_ptr<measure::Workload> make_workload(const MeasureArgs& a) {
  if (a.model == "gemm" || a.model.rfind("gemm:", 0) == 0) {
    std::string size = a.model.size() > 5 ? a.model.substr(5) : "512";
    if (size.find_first_not_of("0123456789") != std::string::npos || size.size() > 5) {
      throw InputError("gemm workload: use gemm or gemm:N (matrix size N)");
    }
    return measure::make_gemm_workload(std::stoi(size));
  }
  measure::TorchOptions t{a.model, a.device, a.precision, a.channels_last,
                          parse_input_shape(a.input_shape)};
  return measure::make_torchscript_workload(t);
}

// Everything that defines "the same sweep" (what --resume matches on).
nlohmann::json settings_of(const MeasureArgs& a) {
  const auto& o = a.options;
  return {{"model", a.model},
          {"device", a.device},
          {"precision", a.precision},
          {"channels_last", a.channels_last},
          {"input_shape", a.input_shape},
          {"sensor", a.sensor},
          {"rate_hz", a.rate_hz},
          {"protocol", a.protocol},
          {"min_reps", o.min_reps},
          {"min_seconds", o.min_seconds},
          {"target_ci", o.target_ci},
          {"max_seconds", o.max_seconds},
          {"max_batch", o.max_batch},
          {"idle_seconds", o.idle_seconds},
          {"subtract_idle", o.subtract_idle},
          {"memory_limit_bytes",
           o.memory_limit_bytes ? nlohmann::json(*o.memory_limit_bytes) : nlohmann::json(nullptr)},
          {"keep_samples", o.keep_samples}};
}

std::string settings_key(const nlohmann::json& settings) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a of the canonical JSON
  for (unsigned char c : settings.dump()) hash = (hash ^ c) * 1099511628211ULL;
  return fmt::format("{:016x}", hash);
}

void print_progress(std::ostream& err, const measure::Progress& p) {
  err << fmt::format("  batch {:>4}: {:6.1f} s, {:>5} reps", p.batch_size, p.elapsed_s, p.reps);
  if (p.energy_per_item_j) err << fmt::format(", {} J/item", format_number(*p.energy_per_item_j));
  if (p.ci_fraction) err << fmt::format(" +-{:.1f}% (95% CI)", *p.ci_fraction * 100);
  err << '\n';
}

void print_batch_done(std::ostream& err, const measure::BatchResult& b) {
  err << fmt::format("batch {:>4} done: {} items/s, {} J/item", b.batch_size,
                     format_number(b.throughput_items_per_s), format_number(b.energy_per_item_j));
  if (b.energy_per_item_ci95_j) err << " +- " << format_number(*b.energy_per_item_ci95_j);
  err << fmt::format(" ({}), {} W average; {}\n", b.energy_method, format_number(b.avg_power_w),
                     b.stop_reason);
  for (const auto& w : b.warnings) err << "  warning: " << w << '\n';
}

struct OpenedRun {
  int64_t id = 0;
  std::vector<int> done;
  std::optional<double> idle_power_w;
};

OpenedRun open_run(Context& ctx, const MeasureArgs& a, const power::Sensor& sensor,
                   const measure::Workload& workload) {
  measure::RunStore runs(ctx.store().database());
  auto settings = settings_of(a);
  auto key = settings_key(settings);
  if (a.resume) {
    if (auto previous = runs.find_resumable(key)) {
      OpenedRun opened{previous->id, {}, previous->idle_power_w};
      for (const auto& b : runs.batches(previous->id)) opened.done.push_back(b.batch_size);
      *ctx.err << fmt::format(
          "resuming run {} (batch sizes done: {})\n", previous->id,
          opened.done.empty() ? "none" : fmt::format("{}", fmt::join(opened.done, ", ")));
      return opened;
    }
    *ctx.err << "no unfinished run with these settings: starting a new one\n";
  }
  measure::RunRecord record;
  record.kind = "measure";
  record.workload = a.model;
  record.sensor = sensor.name();
  record.settings_key = key;
  record.settings = settings;
  record.provenance = measure::collect_provenance(sensor, &workload);
  record.started_at = power::system_platform().wall_time_iso();
  return {runs.create(record), {}, std::nullopt};
}

std::optional<double> idle_power(Context& ctx, measure::Sampler& sampler,
                                 const power::Capabilities& caps, const MeasureArgs& a,
                                 OpenedRun& run) {
  if (run.idle_power_w) return run.idle_power_w;  // resumed: measured before
  if (a.options.idle_seconds <= 0) return std::nullopt;
  *ctx.err << fmt::format("measuring idle power for {} s...\n", a.options.idle_seconds);
  auto idle =
      measure::measure_idle(sampler, power::system_platform(), caps, a.options.idle_seconds);
  *ctx.err << fmt::format("idle power: {} W ({})\n", format_number(idle.avg_power_w()),
                          idle.method);
  measure::RunStore(ctx.store().database()).set_idle_power(run.id, idle.avg_power_w());
  run.idle_power_w = idle.avg_power_w();
  return run.idle_power_w;
}

// Idle power, then the sweep; each completed batch size is committed as it finishes.
measure::SweepOutcome sweep(Context& ctx, const MeasureArgs& a, power::Sensor& sensor,
                            measure::Workload& workload, OpenedRun& run, measure::RunStore& runs) {
  auto& platform = power::system_platform();
  auto caps = sensor.capabilities();
  measure::Sampler sampler(sensor, platform, {std::min(a.rate_hz, caps.max_rate_hz)});
  sampler.start();
  auto idle_w = idle_power(ctx, sampler, caps, a, run);
  measure::SweepHooks hooks;
  hooks.on_batch = [&](const measure::BatchResult& b) {
    runs.add_batch(run.id, b);
    print_batch_done(*ctx.err, b);
  };
  hooks.on_progress = [&](const measure::Progress& p) { print_progress(*ctx.err, p); };
  auto outcome =
      measure::run_sweep(workload, sampler, platform, caps, a.options, idle_w, run.done, hooks);
  sampler.stop();
  return outcome;
}

void run_measure(Context& ctx, MeasureArgs& a) {
  a.options.adaptive = a.protocol == "adaptive";
  auto& platform = power::system_platform();
  auto sensor = power::open_sensor(a.sensor, platform);
  auto workload = make_workload(a);
  auto run = open_run(ctx, a, *sensor, *workload);
  measure::RunStore runs(ctx.store().database());
  measure::SweepOutcome outcome;
  try {
    outcome = sweep(ctx, a, *sensor, *workload, run, runs);
  } catch (const std::exception& e) {  // keeps what was committed, says why it stopped
    runs.finish(run.id, "invalid", e.what(), platform.wall_time_iso());
    throw;
  }
  std::string status = outcome.invalid_reason ? "invalid" : "complete";
  runs.finish(run.id, status, outcome.end_reason, platform.wall_time_iso());
  *ctx.err << fmt::format("run {} {}: {}; energy figures carry the sensor's +-{:.0f}% accuracy\n",
                          run.id, status, outcome.end_reason,
                          sensor->capabilities().accuracy_fraction * 100);
  emit(ctx, run_output({runs.get(run.id), runs.batches(run.id)}, RunText::batches));
  if (outcome.invalid_reason) {
    throw Failure(fmt::format("run {} is invalid: {} (completed batch sizes are kept)", run.id,
                              *outcome.invalid_reason));
  }
}

Record wrap_record(const measure::WrapResult& r, const power::Sensor& sensor,
                   const power::Capabilities& caps, const std::vector<std::string>& cmd) {
  const auto& e = r.energy;
  Record j = {{"command", fmt::format("{}", fmt::join(cmd, " "))},
              {"exit_code", r.exit_code},
              {"duration_s", e.duration_s()},
              {"energy_j", e.energy_j},
              {"avg_power_w", e.avg_power_w()},
              {"energy_method", e.method},
              {"energy_counter_j", e.counter_j ? nlohmann::json(*e.counter_j) : nlohmann::json()},
              {"energy_trapezoid_j", e.trapezoid_j},
              {"counter_trapezoid_disagreement",
               e.disagreement ? nlohmann::json(*e.disagreement) : nlohmann::json()},
              {"sensor", sensor.name()},
              {"sensor_accuracy_fraction", caps.accuracy_fraction},
              {"warnings", e.warnings}};
  auto phases = Record::array();
  for (const auto& p : r.phases) {
    phases.push_back({{"name", p.name},
                      {"duration_s", p.energy.duration_s()},
                      {"energy_j", p.energy.energy_j},
                      {"avg_power_w", p.energy.avg_power_w()}});
  }
  j["phases"] = phases;
  return j;
}

void run_wrap(Context& ctx, const WrapArgs& a) {
  auto& platform = power::system_platform();
  auto sensor = power::open_sensor(a.sensor, platform);
  auto caps = sensor->capabilities();
  measure::Sampler sampler(*sensor, platform, {std::min(a.rate_hz, caps.max_rate_hz)});
  sampler.start();
  auto result = measure::wrap_command(a.command, sampler, platform, caps);
  auto record = wrap_record(result, *sensor, caps, a.command);
  measure::RunRecord run;
  run.kind = "wrap";
  run.workload = record["command"];
  run.sensor = sensor->name();
  run.status = "complete";
  run.settings = {{"command", a.command}, {"sensor", a.sensor}, {"rate_hz", a.rate_hz}};
  run.settings_key = settings_key(run.settings);
  run.provenance = measure::collect_provenance(*sensor, nullptr);
  run.provenance["result"] = record;
  run.started_at = result.started_at;
  run.ended_at = result.ended_at;
  record["run_id"] = measure::RunStore(ctx.store().database()).create(run);
  emit(ctx, {in_key_order(std::move(record), {"run_id"})});
  for (const auto& w : result.energy.warnings) *ctx.err << "warning: " << w << '\n';
  if (result.exit_code != 0) {
    ctx.out->flush();
    std::exit(result.exit_code);  // like `time`: the command's own status
  }
}

void add_sensor_options(CLI::App& cmd, std::string& sensor, double& rate_hz) {
  cmd.add_option("--sensor", sensor,
                 std::string("power sensor: auto, ") + power::sensor_options_help())
      ->capture_default_str();
  cmd.add_option("--rate-hz", rate_hz, "sampling rate in Hz (capped at the sensor's sensible rate)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 10000.0));
}

}  // namespace

void register_measure_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<MeasureArgs>();
  auto* m = app.add_subcommand(
      "measure",
      "measure energy per inference: a batch-size sweep (1, 2, 4, ...) with idle "
      "power, warm-up and a stopping rule; stored as a run (see docs/measuring.md)");
  m->add_option("model", a->model,
                "TorchScript file (.pt), or gemm[:N] for the built-in "
                "N x N matrix multiply")
      ->required();
  m->add_option("--device", a->device, "cpu, cuda or cuda:N (TorchScript)")->capture_default_str();
  m->add_option("--precision", a->precision, "fp32, tf32, fp16 or bf16 (TorchScript)")
      ->check(CLI::IsMember({"fp32", "tf32", "fp16", "bf16"}))
      ->capture_default_str();
  m->add_flag("--channels-last", a->channels_last, "channels-last memory format for 4-D inputs");
  m->add_option("--input-shape", a->input_shape,
                "shape of one item, e.g. 3,224,224 (default: "
                "from the model)");
  add_sensor_options(*m, a->sensor, a->rate_hz);
  auto& o = a->options;
  m->add_option("--min-reps", o.min_reps, "repetitions at least, per batch size")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  m->add_option("--min-seconds", o.min_seconds, "seconds at least, per batch size")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  m->add_option("--protocol", a->protocol,
                "adaptive (also stop on --target-ci) or paper (reps "
                "and seconds only)")
      ->check(CLI::IsMember({"adaptive", "paper"}))
      ->capture_default_str();
  m->add_option("--target-ci", o.target_ci,
                "adaptive: 95% CI half-width of energy per item, as "
                "a fraction")
      ->check(CLI::Range(0.0001, 1.0))
      ->capture_default_str();
  m->add_option("--max-seconds", o.max_seconds, "adaptive: most seconds per batch size")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  m->add_option("--max-batch", o.max_batch, "largest batch size")
      ->check(CLI::Range(1, 1 << 24))
      ->capture_default_str();
  m->add_option("--idle-seconds", o.idle_seconds, "idle power measured first (0 = skip)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  m->add_flag("--subtract-idle", o.subtract_idle, "report energy above idle power");
  m->add_option("--memory-limit", o.memory_limit_bytes,
                "treat batches needing more bytes than "
                "this as out of memory")
      ->check(CLI::PositiveNumber);
  m->add_flag("--keep-samples", o.keep_samples, "store the raw power samples of each batch size");
  m->add_flag("--resume", a->resume, "continue the newest unfinished run with the same settings");
  add_format_option(*m, ctx);
  m->callback([&ctx, a] { run_measure(ctx, *a); });

  auto w = std::make_shared<WrapArgs>();
  auto* wrap = app.add_subcommand(
      "wrap",
      "energy and duration of any command, like `time` in joules: infergy wrap -- CMD "
      "ARGS; the command may mark phases by writing names to $INFERGY_PHASE_FIFO");
  add_sensor_options(*wrap, w->sensor, w->rate_hz);
  wrap->add_option("command", w->command, "the command and its arguments (after --)")->required();
  add_format_option(*wrap, ctx);
  wrap->callback([&ctx, w] { run_wrap(ctx, *w); });
}

}  // namespace infergy::cli
