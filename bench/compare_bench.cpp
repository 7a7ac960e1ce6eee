// Speed of what the web explorer does per request: ranking and the Pareto front
// of 1,500 models (target: a response within 100 ms), and loading a setup.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "infergy/compare.hpp"
#include "infergy/importers.hpp"
#include "infergy/setup_repository.hpp"
#include "infergy/store.hpp"

namespace {

using namespace infergy::compare;

// 1,500 models with energies over four decades and accuracies rising with log energy.
SetupView synthetic_setup(size_t n) {
  SetupView v;
  v.setup.name = "SYNTH";
  for (size_t i = 0; i < n; ++i) {
    ModelPoint p;
    p.model = "model_" + std::to_string(i);
    p.input_px = 224;
    double log10_energy = -3 + 4.0 * static_cast<double>((i * 7919) % n) / static_cast<double>(n);
    p.energy_j = std::pow(10.0, log10_energy);
    double noise = static_cast<double>((i * 104729) % 1000) / 100.0;  // 0..10 points
    p.accuracy_pct_by_test_set[kDefaultTestSet] = 60 + 8 * (log10_energy + 3) - noise;
    p.accuracy_pct_by_test_set["sketch"] = 30 + 5 * (log10_energy + 3) - noise;
    v.models.push_back(std::move(p));
  }
  return v;
}

void BM_RankManhattan(benchmark::State& state) {
  auto view = synthetic_setup(static_cast<size_t>(state.range(0)));
  RankOptions o;
  o.metric = Metric::manhattan;
  o.min_accuracy_pct = 70;
  o.top_n = 20;
  for (auto _ : state) benchmark::DoNotOptimize(rank(view, o));
}
BENCHMARK(BM_RankManhattan)->Arg(1500)->Unit(benchmark::kMicrosecond);

void BM_RankTwoTestSetsAllEntriesToJson(benchmark::State& state) {
  auto view = synthetic_setup(static_cast<size_t>(state.range(0)));
  RankOptions o;
  o.metric = Metric::acc_per_joule;
  o.test_sets = {kDefaultTestSet, "sketch"};
  o.top_n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(to_json(rank(view, o), view).dump());
}
BENCHMARK(BM_RankTwoTestSetsAllEntriesToJson)->Arg(1500)->Unit(benchmark::kMicrosecond);

void BM_Pareto(benchmark::State& state) {
  auto view = synthetic_setup(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(pareto(view, {kDefaultTestSet}));
}
BENCHMARK(BM_Pareto)->Arg(1500)->Unit(benchmark::kMicrosecond);

// Loading a setup of the reference data from SQLite (the server caches the result).
void BM_LoadSetupReferenceData(benchmark::State& state) {
  const char* shared = std::getenv("INFERGY_SHARED_DIR");
  auto dir =
      std::filesystem::path(shared ? shared : INFERGY_SHARED_DIR) / "reference-data" / "yang2024";
  if (!std::filesystem::exists(dir)) {
    state.SkipWithError("reference data not found; set INFERGY_SHARED_DIR");
    return;
  }
  auto db = std::filesystem::temp_directory_path() / "infergy_bench_compare.db";
  std::filesystem::remove(db);
  auto store = infergy::Store::open(db.string());
  infergy::importers::import_yang(store->setups(), dir.string());
  auto catalog = store->catalog();
  for (auto _ : state) benchmark::DoNotOptimize(load_setup(store->setups(), catalog, "A100_PT"));
  std::filesystem::remove(db);
}
BENCHMARK(BM_LoadSetupReferenceData)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
