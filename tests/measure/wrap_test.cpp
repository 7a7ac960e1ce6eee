#include <gtest/gtest.h>

#include "infergy/measure.hpp"

using namespace infergy;

namespace {

measure::WrapResult wrap(const std::vector<std::string>& argv,
                         const std::string& spec = "sim:100") {
  static auto machine = power::make_system_platform();  // outlives the sensors opened on it
  auto& platform = *machine;
  auto sensor = power::open_sensor(spec, platform);
  measure::Sampler sampler(*sensor, platform, {200});
  sampler.start();
  return measure::wrap_command(argv, sampler, platform, sensor->capabilities());
}

}  // namespace

TEST(Wrap, EnergyIsPowerTimesDurationAndPhasesAreTimed) {
  auto r = wrap(
      {"sh", "-c",
       "echo load > \"$INFERGY_PHASE_FIFO\"; sleep 0.2; "
       "echo compute > \"$INFERGY_PHASE_FIFO\"; sleep 0.3; echo end > \"$INFERGY_PHASE_FIFO\"; "
       "sleep 0.1"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NEAR(r.energy.energy_j, 100 * r.energy.duration_s(), 1e-3);
  EXPECT_GE(r.energy.duration_s(), 0.6);
  ASSERT_EQ(r.phases.size(), 2u);
  EXPECT_EQ(r.phases[0].name, "load");
  EXPECT_EQ(r.phases[1].name, "compute");
  EXPECT_NEAR(r.phases[0].energy.duration_s(), 0.2, 0.1);
  EXPECT_NEAR(r.phases[1].energy.duration_s(), 0.3, 0.1);
  EXPECT_NEAR(r.phases[1].energy.energy_j, 100 * r.phases[1].energy.duration_s(), 1e-3);
}

TEST(Wrap, ReportsTheCommandsExitStatus) { EXPECT_EQ(wrap({"sh", "-c", "exit 3"}).exit_code, 3); }

TEST(Wrap, MissingCommandIsInputError) {
  EXPECT_THROW(wrap({"infergy-no-such-command-xyz"}), InputError);
  EXPECT_THROW(wrap({}), InputError);
}

// Issue 13: a failing sensor lost the command's status (exit 1, no run).
TEST(Wrap, Issue13SensorFailureKeepsTheCommandsStatus) {
  auto r = wrap({"sh", "-c", "sleep 0.3; exit 4"}, "sim:100,fail_after=0.1");
  EXPECT_EQ(r.exit_code, 4);
  ASSERT_TRUE(r.invalid_reason);
  EXPECT_NE(r.invalid_reason->find("power sensor failed"), std::string::npos);
}
