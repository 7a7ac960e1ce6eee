// Speed of the calibrated estimator (issue 10 targets: fitting 4 setups x ~1,000 models
// under a second; one prediction under a millisecond), on Yang et al.'s published
// sample imported into an in-memory store. Figures: `build/bench/bench_calibrate`.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "infergy/calibrate.hpp"
#include "infergy/importers.hpp"
#include "infergy/setup_repository.hpp"
#include "infergy/store.hpp"

namespace {

using namespace infergy;

struct Fixture {
  catalog::Catalog catalog;
  calibrate::TrainingData data;
};

// nullptr when the reference data are missing.
const Fixture* fixture() {
  static const auto f = []() -> std::unique_ptr<Fixture> {
    const char* shared = std::getenv("INFERGY_SHARED_DIR");
    const auto dir =
        std::filesystem::path(shared ? shared : INFERGY_SHARED_DIR) / "reference-data" / "yang2024";
    if (!std::filesystem::exists(dir)) return nullptr;
    auto store = Store::open_in_memory();
    importers::import_yang(store->setups(), dir.string());
    auto out = std::make_unique<Fixture>();
    out->catalog = store->catalog();
    out->data = calibrate::training_data(compare::load_measured_setups(store->setups()));
    return out;
  }();
  return f.get();
}

// The whole fit `calibrate fit` runs: per setup, both feature sets and their
// cross-conformal quantiles (2 x 10-fold refits each), and the transfer spreads.
void BM_FitFourSetups(benchmark::State& state) {
  const auto* f = fixture();
  if (!f) return state.SkipWithError("reference data not found; set INFERGY_SHARED_DIR");
  for (auto _ : state) benchmark::DoNotOptimize(calibrate::fit(f->data, f->catalog));
  state.counters["points"] = static_cast<double>(f->data.points.size());
  state.counters["setups"] = static_cast<double>(f->data.setups.size());
}
BENCHMARK(BM_FitFourSetups)->Unit(benchmark::kMillisecond);

// One estimate on a measured GPU (0) and by transfer to an unmeasured one (1).
void BM_PredictOne(benchmark::State& state) {
  const auto* f = fixture();
  if (!f) return state.SkipWithError("reference data not found; set INFERGY_SHARED_DIR");
  static const auto estimator = calibrate::fit(f->data, f->catalog);
  calibrate::Query q;
  q.model = "resnet50.a1_in1k";
  q.counts = {4.1e9, 25.6e6, 11.1e6, 224};
  q.gpu = state.range(0) ? "H100 SXM 80GB" : "A100 PCIe 40GB";  // 1: a transfer
  q.runtime = "pytorch";
  for (auto _ : state) benchmark::DoNotOptimize(calibrate::predict(estimator, f->catalog, q));
}
BENCHMARK(BM_PredictOne)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Evaluate(benchmark::State& state) {
  const auto* f = fixture();
  if (!f) return state.SkipWithError("reference data not found; set INFERGY_SHARED_DIR");
  for (auto _ : state) benchmark::DoNotOptimize(calibrate::evaluate(f->data, f->catalog));
}
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
