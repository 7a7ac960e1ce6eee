// report: both studies written to a directory (report.md, data/*.csv, figures/*).
#include <memory>

#include <fmt/format.h>

#include "context.hpp"
#include "infergy/importers.hpp"
#include "infergy/report.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy::cli {
namespace {

struct ReportArgs {
  std::string out = "report";
  bool all_gpus = false;
  bool no_figures = false;
  std::string gnuplot = "gnuplot";
};

}  // namespace

void register_report_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "reproduce both studies: report.md, data/*.csv, the trend study's Figs 1-14 and Yang et "
      "al.'s Figs 2-9 (SVG, PNG)");
  cmd->add_option("--out", a->out, "directory to write (created if missing)")
      ->capture_default_str();
  cmd->add_flag("--all-gpus", a->all_gpus, "include GPUs added after the paper (H100, ...)");
  cmd->add_flag("--no-figures", a->no_figures, "write report.md and CSVs only (no gnuplot)");
  cmd->add_option("--gnuplot", a->gnuplot, "gnuplot executable")->capture_default_str();
  cmd->callback([&ctx, a] {
    report::ReportInputs inputs;
    inputs.catalog = ctx.store().catalog();
    inputs.measured = compare::load_measured_setups(ctx.store().setups());
    inputs.sweeps = importers::batch_sweeps(ctx.store().runs());
    report::ReportOptions options;
    options.gpus.paper_only = !a->all_gpus;
    options.draw_figures = !a->no_figures;
    options.gnuplot = a->gnuplot;
    *ctx.err << "writing the report to " << a->out << " ...\n";
    auto files = report::write_report(inputs, a->out, options);
    Record written = {{"report_md", files.report_md},
                      {"figure_files", files.figure_files},
                      {"data_files", files.data_files}};
    emit(ctx, {written, std::nullopt, [&files](std::ostream& out) {
                 out << fmt::format("report written: {} ({} figure files, {} data files)\n",
                                    files.report_md, files.figure_files.size(),
                                    files.data_files.size());
               }});
  });
}

}  // namespace infergy::cli
