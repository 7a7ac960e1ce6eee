#include <gtest/gtest.h>

#include <cmath>

#include "fake_platform.hpp"
#include "infergy/measure.hpp"
#include "measure/window_estimate.hpp"  // private: the CI the stopping rule uses

using namespace infergy;
using infergy::testing::FakePlatform;

namespace {

// Samples a simulated sensor with a fake clock: `rate_hz` from t=0 to `until_s`,
// the first sample `offset_s` after the sensor's origin so edges fall between samples.
std::vector<measure::Sample> sample_trace(const std::string& spec, double rate_hz, double until_s,
                                          double offset_s, double* origin_s) {
  FakePlatform platform;
  auto sensor = power::open_sensor(spec, platform);
  measure::Sampler sampler(*sensor, platform, {rate_hz});
  *origin_s = platform.now_s();
  platform.advance(offset_s);
  for (double t = 0; t <= until_s; t += 1 / rate_hz) {
    sampler.poll_once();
    platform.advance(1 / rate_hz);
  }
  return sampler.samples();
}

}  // namespace

TEST(WindowEnergy, TrapezoidInterpolatesAtWindowEdges) {
  std::vector<measure::Sample> s = {{0, 0, 0.0, {}}, {1, 10, 5.0, {}}, {2, 10, 15.0, {}}};
  // p(0.5) = 5: [0.5,1] (5+10)/2*0.5 = 3.75, [1,1.5] 10*0.5 = 5.
  EXPECT_NEAR(measure::trapezoid_energy_j(s, 0.5, 1.5), 8.75, 1e-12);
  EXPECT_NEAR(*measure::counter_energy_j(s, 0.5, 1.5), 10 - 2.5, 1e-12);
  EXPECT_NEAR(measure::trapezoid_energy_j(s, 0.25, 0.75), 2.5, 1e-12);  // inside one interval
  EXPECT_NEAR(measure::trapezoid_energy_j(s, 2, 3), 10, 1e-12);         // the last value holds
}

TEST(WindowEnergy, PrefersCounterAndReportsDisagreement) {
  std::vector<measure::Sample> s = {{0, 10, 0.0, {}}, {1, 10, 11.0, {}}};
  power::Capabilities caps;
  caps.energy_counter = true;
  caps.update_period_s = 0.01;
  auto w = measure::window_energy(s, 0, 1, caps);
  EXPECT_EQ(w.method, "counter");
  EXPECT_NEAR(w.energy_j, 11, 1e-12);
  EXPECT_NEAR(w.trapezoid_j, 10, 1e-12);
  EXPECT_NEAR(*w.disagreement, -1.0 / 11, 1e-12);
  EXPECT_TRUE(w.warnings.empty());
  s[1].energy_j.reset();  // a sample without a counter: trapezoid
  w = measure::window_energy(s, 0, 1, caps);
  EXPECT_EQ(w.method, "trapezoid");
  EXPECT_FALSE(w.disagreement);
}

TEST(WindowEnergy, WarnsWhenWindowSpansFewSensorUpdates) {
  std::vector<measure::Sample> s = {{0, 10, 0.0, {}}, {1, 10, 10.0, {}}};
  power::Capabilities caps;
  caps.update_period_s = 0.1;
  auto w = measure::window_energy(s, 0, 0.5, caps);
  EXPECT_NEAR(w.sensor_updates, 5, 1e-12);
  ASSERT_EQ(w.warnings.size(), 1u);
  EXPECT_NE(w.warnings[0].find("5.0 sensor updates"), std::string::npos);
}

// Done-when (i): square wave and ramp within 0.5% of the analytic integral, windows
// cutting between samples, by both the trapezoid and the counter.
TEST(Issue5, SquareWaveAndRampEnergyWithinHalfPercentOfAnalytic) {
  for (const char* spec : {"sim:square:50:150:0.25", "sim:ramp:20:220:1"}) {
    auto function = power::parse_simulated_spec(spec).function;
    double origin = 0;
    auto samples = sample_trace(spec, 1000, 3.1, 0.0003, &origin);
    power::Capabilities caps;
    caps.energy_counter = true;
    for (auto [a, b] : {std::pair{0.1234567, 2.9876543}, {0.5001, 1.7777}, {1.06251, 3.0}}) {
      double exact = function->energy_j(a, b);
      auto w = measure::window_energy(samples, origin + a, origin + b, caps);
      EXPECT_NEAR(w.trapezoid_j, exact, 0.005 * exact) << spec << " [" << a << ", " << b << "]";
      EXPECT_NEAR(*w.counter_j, exact, 0.005 * exact) << spec << " [" << a << ", " << b << "]";
      EXPECT_LT(std::abs(*w.disagreement), 0.005);
    }
  }
}

// The pitfall the counter avoids: a sensor updating every 100 ms and averaging 25 ms aliases a
// load with a 100 ms period (it always sees the low half); the counter integrates everything.
TEST(WindowEnergy, SlowInstantPowerMisleadsTrapezoidButNotCounter) {
  const char* spec = "sim:square:50:450:0.1,update=0.1,window=0.025";
  double origin = 0;
  auto samples = sample_trace(spec, 100, 10.0, 0.0003, &origin);
  power::Capabilities caps;
  caps.energy_counter = true;
  caps.update_period_s = 0.1;
  double exact = power::parse_simulated_spec(spec).function->energy_j(0.0, 10.0);
  auto w = measure::window_energy(samples, origin + 0.0, origin + 10.0, caps);
  EXPECT_NEAR(*w.counter_j, exact, 0.01 * exact);
  EXPECT_GT(std::abs(w.trapezoid_j - exact), 0.2 * exact);  // reads 50 W, not 250 W
}

TEST(Stats, MeanAndStudentTConfidenceInterval) {
  auto ci = measure::mean_ci95({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(ci.mean, 3);
  EXPECT_NEAR(ci.half_width, 2.7764451 * std::sqrt(2.5) / std::sqrt(5.0), 1e-6);
  EXPECT_TRUE(std::isinf(measure::mean_ci95({7}).half_width));
  EXPECT_DOUBLE_EQ(measure::percentile({1, 2, 3, 4}, 50), 2.5);
  // Ratio: 12 J over 6 items = 2 J/item; residuals 2-2*1=0, 4-2*2=0, 6-2*3=0 -> no spread.
  auto exact = measure::ratio_ci95({2, 4, 6}, {1, 2, 3});
  EXPECT_DOUBLE_EQ(exact.mean, 2);
  EXPECT_DOUBLE_EQ(exact.half_width, 0);
  // Residuals 1 - 1.5 = -0.5 and 2 - 1.5 = 0.5: se = sqrt(0.5 / 1 / 2) / 1 = 0.5, t(1) = 12.706.
  auto spread = measure::ratio_ci95({1, 2}, {1, 1});
  EXPECT_DOUBLE_EQ(spread.mean, 1.5);
  EXPECT_NEAR(spread.half_width, 12.7062047 * 0.5, 1e-6);
  // A block with few items weighs little: the estimate is total energy / total items.
  EXPECT_NEAR(measure::ratio_ci95({100, 1}, {100, 0.01}).mean, 101 / 100.01, 1e-12);
  EXPECT_DOUBLE_EQ(measure::percentile({5, 1, 3}, 100), 5);
}

// Issue 11: the CI of a ratio over chained blocks. Independent block errors keep the
// plain ratio estimator's width; errors that telescope (each block's end is the next
// one's start) cancel in the total and are counted once, not once per block.
TEST(Issue11, TelescopingBlockErrorsAreCountedOnce) {
  std::vector<double> items(32, 10.0), independent, telescoping;
  for (int i = 0; i < 32; ++i) {
    independent.push_back(100 + ((i * 7919) % 13 - 6));       // scattered, no pattern
    double edge = (i % 3) * 4.0, next = ((i + 1) % 3) * 4.0;  // a periodic load's phase
    telescoping.push_back(100 + next - edge);
  }
  auto plain = measure::ratio_ci95(independent, items);
  auto same = measure::telescoping_ratio_ci95(independent, items);
  EXPECT_NEAR(same.half_width, plain.half_width, plain.half_width * 0.35);
  auto chained = measure::telescoping_ratio_ci95(telescoping, items);
  auto naive = measure::ratio_ci95(telescoping, items);
  EXPECT_LT(chained.half_width, naive.half_width / 3);
  EXPECT_GT(chained.half_width, 0);
  EXPECT_NEAR(chained.mean, 3208.0 / 320, 1e-9);  // only the outer edges remain
}
