// How long opening the store and building the catalog takes (every CLI call pays it).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "infergy/estimate.hpp"
#include "infergy/store.hpp"

namespace {

std::string bench_db() {
  static const std::string path =
      (std::filesystem::temp_directory_path() / "infergy_bench_catalog.db").string();
  return path;
}

void BM_OpenExistingStore(benchmark::State& state) {
  infergy::Store::open(bench_db());
  for (auto _ : state) benchmark::DoNotOptimize(infergy::Store::open(bench_db()));
}

void BM_LoadCatalog(benchmark::State& state) {
  auto store = infergy::Store::open(bench_db());
  for (auto _ : state) benchmark::DoNotOptimize(store->catalog());
}

void BM_FirstOpenLoadsBuiltinCatalog(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove(bench_db() + ".first");
    state.ResumeTiming();
    benchmark::DoNotOptimize(infergy::Store::open(bench_db() + ".first"));
  }
}

void BM_AdaptedEfficiencies(benchmark::State& state) {
  auto catalog = infergy::Store::open(bench_db())->catalog();
  for (auto _ : state) benchmark::DoNotOptimize(infergy::estimate::adapted_efficiencies(catalog));
}

}  // namespace

BENCHMARK(BM_OpenExistingStore);
BENCHMARK(BM_LoadCatalog);
BENCHMARK(BM_FirstOpenLoadsBuiltinCatalog)->Iterations(20);
BENCHMARK(BM_AdaptedEfficiencies);
BENCHMARK_MAIN();
