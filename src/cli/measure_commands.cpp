// measure (a batch-size sweep of a model or the GEMM workload) and wrap (any command).
#include <unistd.h>

#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "infergy/runs.hpp"
#include "infergy/session.hpp"
#include "infergy/workloads.hpp"
#include "progress.hpp"
#include "run_output.hpp"
#include "run_plot.hpp"

namespace infergy::cli {
namespace {

struct MeasureArgs {
  measure::MeasureSpec spec;
  bool resume = false;
  std::optional<double> min_seconds;  // default: 10 for the paper's rule, 0 for adaptive
  std::string plot_dir;               // --plot: the run's figures at the end
};

struct WrapArgs {
  std::string sensor = "auto";
  double rate_hz = 100;
  std::vector<std::string> command;
  std::optional<double> estimate_tdp_w;  // no usable sensor: TDP x duration, labelled
};

measure::SessionHooks session_hooks(Context& ctx, bool resume_requested) {
  measure::SessionHooks hooks;
  bool terminal = ctx.err == &std::cerr && isatty(STDERR_FILENO);
  auto display = std::make_shared<ProgressDisplay>(*ctx.err, terminal);
  hooks.on_opened = [&ctx, resume_requested](const measure::OpenedRun& run) {
    if (run.resumed) {
      *ctx.err << fmt::format(
          "resuming run {} (batch sizes done: {})\n", run.id,
          run.done.empty() ? "none" : fmt::format("{}", fmt::join(run.done, ", ")));
    } else if (resume_requested) {
      *ctx.err << "no unfinished run with these settings: starting a new one\n";
    }
  };
  hooks.on_idle_start = [&ctx](double seconds) {
    *ctx.err << fmt::format("measuring idle power for {} s...\n", seconds);
  };
  hooks.on_idle = [&ctx](const measure::WindowEnergy& idle) {
    *ctx.err << fmt::format("idle power: {} W ({})\n", format_number(idle.avg_power_w()),
                            idle.method);
  };
  hooks.on_batch = [display](const measure::BatchResult& b) { display->batch_done(b); };
  hooks.on_progress = [display](const measure::Progress& p) { display->update(p); };
  return hooks;
}

void run_measure(Context& ctx, MeasureArgs& a) {
  auto& spec = a.spec;
  spec.options.adaptive = spec.protocol == "adaptive";
  spec.options.min_seconds = a.min_seconds.value_or(spec.options.adaptive ? 0 : 10);
  auto& platform = ctx.platform();
  auto sensor = power::open_sensor(spec.sensor, platform);
  auto workload = measure::make_workload(spec);
  measure::SessionRequest request;
  request.workload = spec.model;
  request.settings = measure::measure_settings(spec);
  request.protocol = spec.options;
  request.rate_hz = spec.rate_hz;
  request.resume = a.resume;
  auto result = measure::run_session(request, *workload, *sensor, platform, ctx.store().runs(),
                                     session_hooks(ctx, a.resume));
  const auto& run = result.run;
  *ctx.err << fmt::format("run {} {}: {}; energy figures carry the sensor's +-{:.0f}% accuracy\n",
                          run.id, run.status, run.status_reason,
                          sensor->capabilities().accuracy_fraction * 100);
  emit(ctx, run_output({result.run, result.batches}, RunText::batches));
  if (!a.plot_dir.empty() && !result.batches.empty()) {
    auto figures = plot_run(ctx, run.id, {a.plot_dir, std::nullopt, ""});
    *ctx.err << fmt::format("figures: {} files in {} (infergy runs plot {} redraws them)\n",
                            figures.rows.size() * 2, a.plot_dir, run.id);
  }
  if (result.invalid_reason) {
    throw Failure(fmt::format(
        "run {} is invalid: {} (completed batch sizes are kept; --resume continues the run)",
        run.id, *result.invalid_reason));
  }
}

// `time`-style, on stderr like time(1), so the command's own stdout stays clean:
// 12.41 J in 2.00 s, avg 6.2 W (counter, nvml:0)
void print_wrap_line(std::ostream& err, const nlohmann::ordered_json& r, const std::string& label) {
  err << fmt::format("{} J in {:.2f} s, avg {} W ({})\n",
                     format_number(r["energy_j"].get<double>()), r["duration_s"].get<double>(),
                     format_number(r["avg_power_w"].get<double>()), label);
  for (const auto& p : r["phases"]) {
    err << fmt::format("  {}: {} J in {:.2f} s, avg {} W\n", p["name"].get<std::string>(),
                       format_number(p["energy_j"].get<double>()), p["duration_s"].get<double>(),
                       format_number(p["avg_power_w"].get<double>()));
  }
}

// No usable sensor and --estimate-tdp W: the command runs, and its "energy" is W x its
// duration, labelled as an estimate everywhere and not stored as a measured run.
measure::WrapResult run_tdp_estimate(Context& ctx, const WrapArgs& a, const std::string& why) {
  auto& platform = ctx.platform();
  auto constant = power::open_sensor(fmt::format("sim:{}", *a.estimate_tdp_w), platform);
  auto caps = constant->capabilities();
  measure::Sampler sampler(*constant, platform, {std::min(a.rate_hz, caps.max_rate_hz)});
  sampler.start();
  auto result = measure::wrap_command(a.command, sampler, platform, caps);
  auto summary = measure::wrap_summary(result, *constant, a.command);
  summary["energy_method"] = "tdp-estimate";
  summary["sensor"] = nullptr;
  summary["estimate_tdp_w"] = *a.estimate_tdp_w;
  summary["measured"] = false;
  summary["warnings"] = {
      fmt::format("no power sensor ({}): an ESTIMATE at the TDP, not measured", why)};
  for (const char* key : {"energy_counter_j", "energy_trapezoid_j", "sensor_accuracy_fraction",
                          "counter_trapezoid_disagreement"}) {
    summary.erase(key);
  }
  if (ctx.format == OutputFormat::text) {
    print_wrap_line(*ctx.err, summary,
                    fmt::format("ESTIMATE: --estimate-tdp {} W x duration, no sensor",
                                format_number(*a.estimate_tdp_w)));
    *ctx.err << fmt::format("warning: not measured: {} (not stored)\n", why);
  } else {
    emit(ctx, {Record(summary)});
  }
  return result;
}

void run_wrap(Context& ctx, const WrapArgs& a) {
  auto& platform = ctx.platform();
  std::unique_ptr<power::Sensor> sensor;
  try {
    sensor = power::open_sensor(a.sensor, platform);
  } catch (const InputError&) {
    throw;
  } catch (const Failure& e) {
    if (!a.estimate_tdp_w) {
      throw Failure(
          fmt::format("{} (--estimate-tdp W runs the command anyway, with a "
                      "TDP-based estimate)",
                      e.what()));
    }
    auto result = run_tdp_estimate(ctx, a, e.what());
    if (result.exit_code != 0) {
      ctx.out->flush();
      std::exit(result.exit_code);
    }
    return;
  }
  measure::WrapRequest request{
      a.command, {{"command", a.command}, {"sensor", a.sensor}, {"rate_hz", a.rate_hz}}, a.rate_hz};
  auto session = measure::run_wrap_session(request, *sensor, platform, ctx.store().runs());
  Record record = session.summary;
  record["run_id"] = session.run_id;
  if (ctx.format == OutputFormat::text) {
    print_wrap_line(*ctx.err, session.summary,
                    fmt::format("{}, {}; run {}", session.result.energy.method, sensor->name(),
                                session.run_id));
  } else {
    emit(ctx, {in_key_order(std::move(record), {"run_id"})});
  }
  for (const auto& w : session.result.energy.warnings) *ctx.err << "warning: " << w << '\n';
  if (session.result.exit_code != 0) {
    ctx.out->flush();
    std::exit(session.result.exit_code);  // like `time`: the command's own status
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
  m->add_option("model", a->spec.model,
                "a TorchScript (.pt) or ONNX (.onnx) file, torchvision:NAME (random weights), "
                "timm:NAME (where timm is installed), or gemm[:N] for the built-in N x N "
                "matrix multiply")
      ->required();
  m->add_option("--runtime", a->spec.runtime,
                "torch (eager), torch-compile (torch.compile; CUDA graphs on CUDA) or "
                "onnxruntime; default: onnxruntime for .onnx, else torch. Models run in a "
                "worker process (docs/workers.md)")
      ->check(CLI::IsMember({"torch", "torch-compile", "onnxruntime"}));
  m->add_option("--worker", a->spec.worker,
                "the worker executable (default: the Python worker with /usr/bin/python3, "
                "or $INFERGY_PYTHON)");
  m->add_option("--worker-timeout", a->spec.worker_timeout_s,
                "seconds one prepare or run may take before the worker counts as hung")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 86400.0));
  m->add_option("--device", a->spec.device, "cpu, cuda or cuda:N")->capture_default_str();
  m->add_option("--precision", a->spec.precision, "fp32, tf32, fp16 or bf16")
      ->check(CLI::IsMember({"fp32", "tf32", "fp16", "bf16"}))
      ->capture_default_str();
  m->add_flag("--channels-last", a->spec.channels_last,
              "channels-last memory format for 4-D inputs");
  m->add_option("--input-shape", a->spec.input_shape,
                "shape of one item, e.g. 3,224,224 (default: "
                "from the model)");
  add_sensor_options(*m, a->spec.sensor, a->spec.rate_hz);
  auto& o = a->spec.options;
  m->add_option("--min-reps", o.min_reps, "repetitions at least, per batch size")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  m->add_option("--min-seconds", a->min_seconds,
                "seconds at least, per batch size (default: 10 with --protocol paper, 0 with "
                "adaptive, which stops on its CI)")
      ->check(CLI::Range(0.0, 86400.0));
  m->add_option("--protocol", a->spec.protocol,
                "adaptive (stop once the 95% CI of J/item is within --target-ci) or paper "
                "(>= --min-reps and >= 10 s per batch size)")
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
  m->add_option("--plot", a->plot_dir, "write the run's figures (SVG, PNG) into this folder");
  m->add_flag("--resume", a->resume, "continue the newest unfinished run with the same settings");
  add_format_option(*m, ctx);
  m->callback([&ctx, a] { run_measure(ctx, *a); });

  auto w = std::make_shared<WrapArgs>();
  auto* wrap = app.add_subcommand(
      "wrap",
      "energy and duration of any command, like `time` in joules: infergy wrap -- CMD "
      "ARGS; the command may mark phases by writing names to $INFERGY_PHASE_FIFO");
  add_sensor_options(*wrap, w->sensor, w->rate_hz);
  wrap->add_option("--estimate-tdp", w->estimate_tdp_w,
                   "with no usable sensor, still run the command and report TDP x duration "
                   "as a clearly labelled estimate (watts)")
      ->check(CLI::PositiveNumber);
  wrap->add_option("command", w->command, "the command and its arguments (after --)")->required();
  add_format_option(*wrap, ctx);
  wrap->callback([&ctx, w] { run_wrap(ctx, *w); });
}

}  // namespace infergy::cli
