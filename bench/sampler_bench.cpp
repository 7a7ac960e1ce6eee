// What sampling costs: CPU time per sample and the share of one core the sampler thread
// takes at 100 Hz and 1 kHz (it must not disturb the workload), plus the energy arithmetic.
#include <benchmark/benchmark.h>

#include <ctime>

#include "infergy/measure.hpp"

namespace {

double process_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Runs the sampler thread for one second per iteration while this thread sleeps, so the
// process's CPU time is the sampler's.
void BM_SamplerOverhead(benchmark::State& state) {
  auto machine = infergy::power::make_system_platform();
  auto& platform = *machine;
  auto sensor =
      infergy::power::open_sensor("sim:square:50:150:0.2,update=0.1,window=0.025", platform);
  const double rate_hz = static_cast<double>(state.range(0));
  size_t samples = 0;
  double cpu_s = 0, wall_s = 0;
  for (auto _ : state) {
    infergy::measure::Sampler sampler(*sensor, platform, {rate_hz});
    double cpu0 = process_cpu_s(), t0 = platform.now_s();
    sampler.start();
    platform.sleep_until(t0 + 1.0);
    sampler.stop();
    cpu_s += process_cpu_s() - cpu0;
    wall_s += platform.now_s() - t0;
    samples += sampler.polls();
  }
  state.counters["samples"] = static_cast<double>(samples);
  state.counters["achieved_hz"] = samples / wall_s;
  state.counters["cpu_us_per_sample"] = cpu_s / samples * 1e6;
  state.counters["core_share_pct"] = cpu_s / wall_s * 100;
}

void BM_SimulatedSensorRead(benchmark::State& state) {
  auto platform = infergy::power::make_system_platform();
  auto sensor = infergy::power::open_sensor("sim:square:50:150:0.2", *platform);
  for (auto _ : state) benchmark::DoNotOptimize(sensor->read());
}

// Energy of a 10 s window sampled at 100 Hz (what each batch size's result costs).
void BM_WindowEnergy(benchmark::State& state) {
  std::vector<infergy::measure::Sample> samples;
  for (int i = 0; i <= state.range(0); ++i)
    samples.push_back({i * 0.01, 100.0 + i % 7, i * 1.0, {}});
  infergy::power::Capabilities caps;
  caps.energy_counter = true;
  caps.update_period_s = 0.1;
  double end = state.range(0) * 0.01;
  for (auto _ : state) {
    benchmark::DoNotOptimize(infergy::measure::window_energy(samples, 0.123, end - 0.456, caps));
  }
}

}  // namespace

BENCHMARK(BM_SamplerOverhead)
    ->Arg(100)
    ->Arg(1000)
    ->Iterations(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_SimulatedSensorRead);
BENCHMARK(BM_WindowEnergy)->Arg(1000)->Arg(100000);
BENCHMARK_MAIN();
