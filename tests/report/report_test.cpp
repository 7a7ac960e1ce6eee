// write_report as a library call: files, stable names, numbers in report.md, failures.
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "infergy/importers.hpp"
#include "infergy/report.hpp"
#include "infergy/setup_repository.hpp"
#include "infergy/store.hpp"
#include "support/builtin_catalog.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;
using test_support::builtin_catalog;
using test_support::TempDir;

namespace {

report::ReportInputs trend_study_only() {
  report::ReportInputs inputs;
  inputs.catalog = builtin_catalog();
  return inputs;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The report's inputs with Yang et al.'s shared sample imported into an in-memory store.
report::ReportInputs yang_sample_inputs() {
  auto store = Store::open_in_memory();
  importers::import_yang(
      store->setups(),
      (std::filesystem::path(INFERGY_SHARED_DIR) / "reference-data" / "yang2024").string());
  report::ReportInputs inputs;
  inputs.catalog = store->catalog();
  inputs.measured = compare::load_measured_setups(store->setups());
  return inputs;
}

}  // namespace

TEST(Report, FigureNamesAreStable) {
  const auto& f = report::figures();
  ASSERT_EQ(f.size(), 14u);
  EXPECT_EQ(f.front().stem, "fig01_params_vs_flops");
  EXPECT_EQ(f[7].stem, "fig08_gpu_adapted_efficiency");
  EXPECT_EQ(f.back().stem, "fig14_nlp_energy_vs_human");
  for (size_t i = 0; i < f.size(); ++i) EXPECT_EQ(f[i].number, static_cast<int>(i) + 1);
}

TEST(Report, WritesMarkdownAndCsvWithoutFigures) {
  TempDir dir;
  report::ReportOptions options;
  options.draw_figures = false;
  auto files = report::write_report(trend_study_only(), (dir.path() / "out").string(), options);
  EXPECT_TRUE(files.figure_files.empty());
  EXPECT_GE(files.data_files.size(), 14u);
  auto md = slurp(files.report_md);
  // cv-best-gflops: factor, CI and doubling time as scripts/trend_reference_values.py prints them.
  EXPECT_NE(md.find("| `cv-best-gflops` | Fig. 3 | 10 | x2.35 per year [1.93, 2.86] | doubles "
                    "every 0.811 years [0.66, 1.05]"),
            std::string::npos);
  EXPECT_NE(md.find("| CNN | 72 | 60 | 0.772 | 0.772 |"), std::string::npos);
  EXPECT_NE(md.find("| Transformer | 20 | 18 | 0.995 | 0.994 |"), std::string::npos);
  auto trends = slurp((dir.path() / "out" / "data" / "trends.csv").string());
  EXPECT_EQ(trends.rfind("series,figure,n,factor_per_year", 0), 0u);
  EXPECT_NE(trends.find("nlp-demanding-energy,Fig. 10,6,"), std::string::npos);
}

TEST(Report, MissingGnuplotIsAFailure) {
  TempDir dir;
  report::ReportOptions options;
  options.gnuplot = "/nonexistent/gnuplot";
  EXPECT_THROW(report::write_report(trend_study_only(), dir.path().string(), options), Failure);
}

TEST(Report, UnwritableDirectoryIsAFailure) {
  TempDir dir;
  dir.write_file("file", "x");
  report::ReportOptions options;
  options.draw_figures = false;
  EXPECT_THROW(
      report::write_report(trend_study_only(), (dir.path() / "file" / "sub").string(), options),
      Failure);
}

TEST(Report, MeasuredStudySaysWhenNoSetupIsImported) {
  TempDir dir;
  report::ReportOptions options;
  options.draw_figures = false;
  auto md = slurp(report::write_report(trend_study_only(), dir.path().string(), options).report_md);
  EXPECT_NE(md.find("## Accuracy and energy of measured models (Yang et al.)\n\nNo measured setup"),
            std::string::npos);
}

TEST(Report, WritesBothStudiesWithThePaperFigures) {
  TempDir dir;
  auto inputs = yang_sample_inputs();
  report::ReportOptions options;
  options.draw_figures = false;
  auto files = report::write_report(inputs, dir.path().string(), options);
  auto md = slurp(files.report_md);
  EXPECT_NE(md.find("| `cv-best-gflops` | Fig. 3 |"), std::string::npos);  // the trend study
  EXPECT_NE(md.find("Setups: A100_PT, A100_TRT, H100_PT, H100_TRT."), std::string::npos);
  EXPECT_NE(md.find("| A100_TRT | H100_TRT | 985 | 0.9876 | 0.9946 |"), std::string::npos) << md;
  // Yang et al.'s figures: linked, with the paper's values beside ours; no seed file names.
  EXPECT_NE(md.find("![Yang et al. Fig. 6](figures/yang_fig06_naive_error.png)"),
            std::string::npos);
  EXPECT_NE(md.find("| A100_PT | 1005 | 1.77× | 3.13× |"), std::string::npos);
  EXPECT_NE(md.find("| A100_TRT | params | 985 | 0.7063 | 0.6572 |"), std::string::npos);
  EXPECT_NE(md.find("Fig. 7 (energy against batch size) needs per-batch data"), std::string::npos);
  EXPECT_EQ(md.find("seed 003"), std::string::npos);
  EXPECT_EQ(md.find("Seed 003"), std::string::npos);
  size_t yang_csvs = 0;
  for (const auto& f : files.data_files) yang_csvs += f.find("/yang_fig") != std::string::npos;
  EXPECT_EQ(yang_csvs, 7u);  // Figs 2-6, 8, 9: no runs, so no Fig. 7
}

TEST(Report, MeasuredFigureNamesAreStable) {
  const auto& f = report::measured_figures();
  ASSERT_EQ(f.size(), 8u);
  EXPECT_EQ(f.front().stem, "yang_fig02_energy_per_setup");
  EXPECT_EQ(f.back().stem, "yang_fig09_tensorrt_reduction");
  for (const auto& figure : f) EXPECT_EQ(figure.study, "Yang et al. 2024");
  EXPECT_EQ(report::figures().front().study, "Desislavov et al. 2023");
}

TEST(Report, DrawsYangFiguresAndIndexThemWithSweeps) {
  TempDir dir;
  auto inputs = yang_sample_inputs();
  compare::BatchSweep sweep;
  sweep.label = "run 1: tiny.pt (sim)";
  sweep.tdp_w = 250;
  for (int b : {1, 2, 4, 8}) sweep.points.push_back({b, 1.0 / b, 250.0 * b, 0.01, 250});
  inputs.sweeps = {sweep};
  auto files = report::write_report(inputs, dir.path().string());
  // the trend study 14, Yang et al. 8, the calibrated estimator 1
  EXPECT_EQ(files.figure_files.size(), 2 * (14u + 8u + 1u));
  auto index = nlohmann::json::parse(slurp(files.figure_index));
  ASSERT_EQ(index["figures"].size(), 23u);
  EXPECT_EQ(index["figures"][22]["stem"], "calibration_predicted_vs_measured");
  EXPECT_EQ(index["figures"][22]["data"], "data/calibration_points.csv");
  EXPECT_EQ(index["figures"][22]["study"], "Calibrated estimate");
  EXPECT_EQ(index["figures"][14]["stem"], "yang_fig02_energy_per_setup");
  EXPECT_EQ(index["figures"][14]["data"], "data/yang_fig02_energy_per_setup.csv");
  EXPECT_EQ(index["figures"][0]["study"], "Desislavov et al. 2023");
  auto md = slurp(files.report_md);
  EXPECT_NE(md.find("| run 1: tiny.pt (sim) | 4 | 8 | 0.125 |"), std::string::npos);
}
