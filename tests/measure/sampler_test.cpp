#include <gtest/gtest.h>

#include "fake_platform.hpp"
#include "infergy/measure.hpp"

using namespace infergy;
using infergy::testing::FakePlatform;

TEST(Sampler, RecordsMonotonicTimestampsAndReadings) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:ramp:0:100:1", platform);
  measure::Sampler sampler(*sensor, platform, {100});
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(sampler.poll_once());
    platform.advance(0.1);
  }
  auto samples = sampler.samples();
  ASSERT_EQ(samples.size(), 5u);
  EXPECT_NEAR(samples[3].time_s - samples[2].time_s, 0.1, 1e-9);
  EXPECT_NEAR(samples[3].power_w, 30, 1e-9);
}

TEST(Sampler, MemoryIsBounded) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:10", platform);
  measure::Sampler sampler(*sensor, platform, {100, 5});
  for (int i = 0; i < 12; ++i) {
    sampler.poll_once();
    platform.advance(0.01);
  }
  EXPECT_EQ(sampler.samples().size(), 5u);
  EXPECT_EQ(sampler.dropped(), 7u);
}

TEST(Sampler, KeepsSensorFailureInsteadOfThrowing) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:10,fail_after=0.5", platform);
  measure::Sampler sampler(*sensor, platform, {100});
  int ok = 0;
  for (int i = 0; i < 10; ++i) {
    ok += sampler.poll_once();
    platform.advance(0.1);
  }
  EXPECT_EQ(ok, 5);
  ASSERT_TRUE(sampler.failure());
  EXPECT_NE(sampler.failure()->find("simulated sensor failure"), std::string::npos);
  EXPECT_EQ(sampler.samples().size(), 5u);  // what was measured before stays
}

TEST(Sampler, WindowsIncludeOneSampleEachSideAndDiscardKeepsTheEdge) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:10", platform);
  measure::Sampler sampler(*sensor, platform, {100});
  double t0 = platform.now_s();
  for (int i = 0; i < 10; ++i) {
    sampler.poll_once();
    platform.advance(1);
  }
  auto window = sampler.samples_between(t0 + 2.5, t0 + 4.5);
  ASSERT_EQ(window.size(), 4u);  // 2, 3, 4, 5
  EXPECT_DOUBLE_EQ(window.front().time_s, t0 + 2);
  EXPECT_DOUBLE_EQ(window.back().time_s, t0 + 5);
  sampler.discard_before(t0 + 4.5);
  EXPECT_DOUBLE_EQ(sampler.samples().front().time_s, t0 + 4);
}

TEST(Sampler, ThreadPollsAtTheConfiguredRate) {
  auto machine = power::make_system_platform();
  auto& platform = *machine;
  auto sensor = power::open_sensor("sim:10", platform);
  measure::Sampler sampler(*sensor, platform, {200});
  double start = platform.now_s();
  sampler.start();
  platform.sleep_until(start + 0.25);
  sampler.stop();
  double elapsed = platform.now_s() - start;
  // At most one per period plus the first and last; at least a few even on a busy machine.
  EXPECT_LE(sampler.polls(), static_cast<size_t>(elapsed * 200) + 3);
  EXPECT_GE(sampler.polls(), 10u);
  EXPECT_FALSE(sampler.failure());
}

TEST(Sampler, RejectsNonPositiveRate) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:10", platform);
  EXPECT_THROW(measure::Sampler(*sensor, platform, {0}), InputError);
}
