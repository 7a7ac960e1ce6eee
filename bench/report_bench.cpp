// How long the trend study takes: one fit, the whole report without figures, and
// with figures (gnuplot). Target: `infergy report` well under 10 s once built.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "infergy/analysis.hpp"
#include "infergy/report.hpp"
#include "infergy/store.hpp"

namespace {

namespace fs = std::filesystem;

const infergy::catalog::Catalog& bench_catalog() {
  static const infergy::catalog::Catalog c = [] {
    auto path = fs::temp_directory_path() / "infergy_bench_report.db";
    return infergy::Store::open(path.string())->catalog();
  }();
  return c;
}

std::string out_dir() { return (fs::temp_directory_path() / "infergy_bench_report").string(); }

void BM_TrendSeriesCvBestEnergy(benchmark::State& state) {
  const auto& c = bench_catalog();
  for (auto _ : state)
    benchmark::DoNotOptimize(infergy::analysis::trend_series(c, "cv-best-energy"));
}

void BM_WriteReportWithoutFigures(benchmark::State& state) {
  infergy::report::ReportOptions options;
  options.draw_figures = false;
  for (auto _ : state) infergy::report::write_report({bench_catalog(), {}, {}}, out_dir(), options);
}

void BM_WriteReportWithFigures(benchmark::State& state) {
  for (auto _ : state) infergy::report::write_report({bench_catalog(), {}, {}}, out_dir());
  fs::remove_all(out_dir());
}

}  // namespace

BENCHMARK(BM_TrendSeriesCvBestEnergy)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WriteReportWithoutFigures)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteReportWithFigures)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_MAIN();
