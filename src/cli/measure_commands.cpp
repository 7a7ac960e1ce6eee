// measure (a batch-size sweep of a model or the GEMM workload) and wrap (any command).
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "infergy/parse.hpp"
#include "infergy/runs.hpp"
#include "infergy/session.hpp"
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
  constexpr long long kLargestSide = 999'999'999;
  std::vector<int64_t> shape;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t end = text.find_first_of(",x", start);
    auto part = std::string_view(text).substr(start, end == std::string::npos ? end : end - start);
    auto size = try_parse_int(part);
    if (!size || *size <= 0 || *size > kLargestSide) {
      throw InputError("--input-shape must be positive sizes separated by commas, e.g. 3,224,224");
    }
    shape.push_back(*size);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return shape;
}

std::unique_ptr<measure::Workload> make_workload(const MeasureArgs& a) {
  if (a.model == "gemm" || a.model.rfind("gemm:", 0) == 0) {
    auto size = try_parse_int(a.model.size() > 5 ? a.model.substr(5) : "512");
    if (!size || *size <= 0 || *size > 99'999) {
      throw InputError("gemm workload: use gemm or gemm:N (matrix size N)");
    }
    return measure::make_gemm_workload(static_cast<int>(*size));
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

measure::SessionHooks session_hooks(Context& ctx, bool resume_requested) {
  measure::SessionHooks hooks;
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
  hooks.on_batch = [&ctx](const measure::BatchResult& b) { print_batch_done(*ctx.err, b); };
  hooks.on_progress = [&ctx](const measure::Progress& p) { print_progress(*ctx.err, p); };
  return hooks;
}

void run_measure(Context& ctx, MeasureArgs& a) {
  a.options.adaptive = a.protocol == "adaptive";
  auto& platform = ctx.platform();
  auto sensor = power::open_sensor(a.sensor, platform);
  auto workload = make_workload(a);
  measure::SessionRequest request;
  request.workload = a.model;
  request.settings = settings_of(a);
  request.protocol = a.options;
  request.rate_hz = a.rate_hz;
  request.resume = a.resume;
  auto result = measure::run_session(request, *workload, *sensor, platform, ctx.store().runs(),
                                     session_hooks(ctx, a.resume));
  const auto& run = result.run;
  *ctx.err << fmt::format("run {} {}: {}; energy figures carry the sensor's +-{:.0f}% accuracy\n",
                          run.id, run.status, run.status_reason,
                          sensor->capabilities().accuracy_fraction * 100);
  emit(ctx, run_output({result.run, result.batches}, RunText::batches));
  if (result.invalid_reason) {
    throw Failure(fmt::format("run {} is invalid: {} (completed batch sizes are kept)", run.id,
                              *result.invalid_reason));
  }
}

void run_wrap(Context& ctx, const WrapArgs& a) {
  auto& platform = ctx.platform();
  auto sensor = power::open_sensor(a.sensor, platform);
  measure::WrapRequest request{
      a.command, {{"command", a.command}, {"sensor", a.sensor}, {"rate_hz", a.rate_hz}}, a.rate_hz};
  auto session = measure::run_wrap_session(request, *sensor, platform, ctx.store().runs());
  Record record = session.summary;
  record["run_id"] = session.run_id;
  emit(ctx, {in_key_order(std::move(record), {"run_id"})});
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
