// runs list|show|export: the measured runs in the store.
#include <memory>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/runs.hpp"
#include "run_output.hpp"
#include "run_plot.hpp"

namespace infergy::cli {

namespace {

struct RunsArgs {
  int64_t run_id = 0;
  bool all = false;
  bool samples = false;
};

Table runs_table(measure::RunRepository& runs) {
  Table t;
  t.columns = {{"run_id", "run"},
               {"kind"},
               {"workload"},
               {"sensor"},
               {"status"},
               {"started_at", "started"},
               {"batches_done", "batches"},
               {"best_batch_size", "best batch"},
               {"best_energy_per_item_j", "best J/item"},
               {"status_reason", "reason"}};
  for (const auto& r : runs.list()) {
    auto batches = runs.batches(r.id);
    int best = measure::most_efficient_batch(batches);
    nlohmann::json best_energy;
    for (const auto& b : batches) {
      if (b.batch_size == best) best_energy = b.energy_per_item_j;
    }
    t.rows.push_back({r.id, r.kind, r.workload, r.sensor, r.status, r.started_at, batches.size(),
                      best ? nlohmann::json(best) : nlohmann::json(), best_energy,
                      r.status_reason});
  }
  return t;
}

RunWithBatches load_run(measure::RunRepository& runs, int64_t run_id) {
  return {runs.get(run_id), runs.batches(run_id)};
}

void show_run(Context& ctx, int64_t run_id) {
  auto& runs = ctx.store().runs();
  emit(ctx, run_output(load_run(runs, run_id), RunText::fields_and_batches));
}

Table samples_table(measure::RunRepository& runs, const std::vector<measure::RunRecord>& selected) {
  Table t;
  t.columns = {{"run_id"}, {"batch_size"}, {"time_s"}, {"power_w"}, {"energy_j"}};
  for (const auto& r : selected) {
    for (const auto& s : runs.samples(r.id)) {
      t.rows.push_back({r.id, s.batch_size, s.time_s, s.power_w,
                        s.energy_j ? nlohmann::json(*s.energy_j) : nlohmann::json()});
    }
  }
  return t;
}

// One CSV row per batch size with the run's identity, or every run's record as JSON.
void export_runs(Context& ctx, const RunsArgs& a) {
  auto& runs = ctx.store().runs();
  std::vector<measure::RunRecord> selected;
  if (a.all) {
    selected = runs.list();
  } else {
    selected.push_back(runs.get(a.run_id));
  }
  if (a.samples) return emit(ctx, {samples_table(runs, selected)});
  std::vector<RunWithBatches> all;
  Record records = Record::array();
  for (const auto& r : selected) {
    all.push_back({r, runs.batches(r.id)});
    records.push_back(run_record(all.back()));
  }
  emit(ctx, {std::move(records), run_rows(all)});
}

}  // namespace

void register_runs_commands(CLI::App& app, Context& ctx) {
  auto* runs = app.add_subcommand("runs", "measured runs in the store: list, show, export, plot");
  runs->require_subcommand(1);
  auto a = std::make_shared<RunsArgs>();

  auto* list = runs->add_subcommand("list", "every run with its status and best batch size");
  add_format_option(*list, ctx);
  list->callback([&ctx] { emit(ctx, {runs_table(ctx.store().runs())}); });

  auto* show = runs->add_subcommand("show", "one run: settings, provenance and per-batch results");
  show->add_option("run_id", a->run_id, "run id (see runs list)")->required();
  add_format_option(*show, ctx);
  show->callback([&ctx, a] { show_run(ctx, a->run_id); });

  auto* exp = runs->add_subcommand("export", "runs as CSV (one row per batch size) or JSON");
  auto* id = exp->add_option("run_id", a->run_id, "run id");
  auto* all = exp->add_flag("--all", a->all, "every run");
  id->excludes(all);
  exp->add_flag("--samples", a->samples,
                "the kept raw samples instead (runs measured with --keep-samples)");
  add_format_option(*exp, ctx);
  auto plot = std::make_shared<PlotArgs>();
  auto* plt = runs->add_subcommand(
      "plot",
      "a run's figures as SVG and PNG (gnuplot): J/item with its CI, throughput and latency, "
      "average power with the TDP, and the power trace of runs measured with --keep-samples");
  plt->add_option("run_id", a->run_id, "run id")->required();
  plt->add_option("--out", plot->out_dir, "folder for the figures (created if missing)")
      ->required();
  plt->add_option("--tdp", plot->tdp_w,
                  "the TDP line in watts (default: from --gpu or the "
                  "run's NVML device, via the catalog)")
      ->check(CLI::PositiveNumber);
  plt->add_option("--gpu", plot->gpu, "catalog GPU whose TDP to draw");
  add_format_option(*plt, ctx);
  plt->callback([&ctx, a, plot] { emit(ctx, {plot_run(ctx, a->run_id, *plot)}); });
  exp->callback([&ctx, a, id] {
    if (!a->all && id->count() == 0) throw InputError("runs export: give a run id or --all");
    if (ctx.format == OutputFormat::text) ctx.format = OutputFormat::csv;
    export_runs(ctx, *a);
  });
}

}  // namespace infergy::cli
