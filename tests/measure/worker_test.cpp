// The runtime worker workload against a fake worker (tests/support/fake_worker.py): the
// protocol's replies, and a worker that hangs, exits, crashes or babbles, on its own and
// inside a session that must stay resumable.
#include "infergy/worker.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "fake_platform.hpp"
#include "infergy/error.hpp"
#include "infergy/session.hpp"
#include "infergy/store.hpp"

using namespace infergy;

namespace {

const std::string kFakeWorker = std::string(INFERGY_SOURCE_DIR) + "/tests/support/fake_worker.py";

// Sets FAKE_WORKER for one test.
struct FakeMode {
  explicit FakeMode(const char* mode) { setenv("FAKE_WORKER", mode, 1); }
  ~FakeMode() { unsetenv("FAKE_WORKER"); }
};

measure::WorkerOptions fake_options(double batch_timeout_s = 20) {
  measure::WorkerOptions o;
  o.command = {"/usr/bin/python3", kFakeWorker};
  o.load = {{"runtime", "torch"}, {"model", "fake:net"}};
  o.batch_timeout_s = batch_timeout_s;
  return o;
}

// Runs prepare + run at batch sizes 1, 2, 4, ... and returns the message it fails with.
std::string failure_of(measure::Workload& w) {
  try {
    for (int b = 1; b <= 64; b *= 2) {
      w.prepare(b);
      w.run_batch();
    }
  } catch (const measure::WorkerFailed& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Worker, LoadsDescribesAndRunsBatches) {
  FakeMode mode("");
  auto w = measure::make_worker_workload(fake_options());
  EXPECT_EQ(w->name(), "fake:net");
  EXPECT_EQ(w->describe()["kind"], "fake");
  EXPECT_EQ(w->describe()["input_shape"], nlohmann::json({3, 8, 8}));
  EXPECT_NE(w->describe()["worker"].get<std::string>().find("fake_worker.py"), std::string::npos);
  EXPECT_DOUBLE_EQ(*w->memory_bytes(4), 4 * 768.0);
  w->prepare(2);
  w->run_batch();
  w->run_batch();
}

TEST(Worker, OutOfMemoryAndRejectedModelsAreNotWorkerFailures) {
  {
    FakeMode mode("oom-at:4");
    auto w = measure::make_worker_workload(fake_options());
    w->prepare(2);
    EXPECT_THROW(w->prepare(4), measure::OutOfMemory);
  }
  FakeMode mode("reject");
  EXPECT_THROW(measure::make_worker_workload(fake_options()), InputError);
}

TEST(Worker, AHangingWorkerIsKilledAfterItsTimeout) {
  FakeMode mode("hang-at:4");
  auto w = measure::make_worker_workload(fake_options(2.0));
  auto started = std::chrono::steady_clock::now();
  auto message = failure_of(*w);
  double waited_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_NE(message.find("hung: no reply to 'run' within 2 s"), std::string::npos) << message;
  EXPECT_NE(message.find("at batch size 4"), std::string::npos) << message;
  EXPECT_NE(message.find("fake worker: hang-at batch size 4"), std::string::npos) << message;
  EXPECT_GE(waited_s, 2.0);
  EXPECT_THROW(w->run_batch(), measure::WorkerFailed);  // stays failed
}

TEST(Worker, AWorkerThatExitsOrCrashesSaysHow) {
  {
    FakeMode mode("exit-at:2");
    auto w = measure::make_worker_workload(fake_options());
    auto message = failure_of(*w);
    EXPECT_NE(message.find("exited with status 3 before replying to 'run' at batch size 2"),
              std::string::npos)
        << message;
  }
  FakeMode mode("crash-at:8");
  auto w = measure::make_worker_workload(fake_options());
  auto message = failure_of(*w);
  EXPECT_NE(message.find("killed by signal 11"), std::string::npos) << message;
  EXPECT_NE(message.find("at batch size 8"), std::string::npos) << message;
}

TEST(Worker, ALineThatIsNotAReplyBreaksTheProtocol) {
  FakeMode mode("garbage");
  try {
    measure::make_worker_workload(fake_options());
    FAIL() << "no error";
  } catch (const measure::WorkerFailed& e) {
    EXPECT_NE(std::string(e.what()).find("broke the protocol: 'this is not json'"),
              std::string::npos)
        << e.what();
  }
}

TEST(Worker, AMissingWorkerProgramIsAClearFailure) {
  auto o = fake_options();
  o.command = {"/nonexistent/infergy-worker"};
  EXPECT_THROW(measure::make_worker_workload(o), measure::WorkerFailed);
}

// Done-when: a worker that hangs or crashes ends the batch size with a message, the
// completed batch sizes stay stored, and --resume (a fresh worker) completes the run.
TEST(Worker, ASessionStoppedByAWorkerResumes) {
  infergy::testing::FastClockPlatform platform(1);
  auto store = Store::open_in_memory();
  measure::SessionRequest request;
  request.workload = "fake:net";
  request.settings = {{"model", "fake:net"}};
  request.protocol.adaptive = false;
  request.protocol.min_reps = 3;
  request.protocol.min_seconds = 0.05;
  request.protocol.max_batch = 8;
  request.protocol.idle_seconds = 0;
  request.resume = true;
  auto sensor = power::open_sensor("sim:60", platform);
  int64_t run_id = 0;
  {
    FakeMode mode("crash-at:4");
    auto w = measure::make_worker_workload(fake_options());
    auto result = measure::run_session(request, *w, *sensor, platform, store->runs());
    ASSERT_TRUE(result.invalid_reason.has_value());
    EXPECT_NE(result.invalid_reason->find("batch size 4 stopped: worker for fake:net was killed"),
              std::string::npos)
        << *result.invalid_reason;
    EXPECT_EQ(result.run.status, "invalid");
    ASSERT_EQ(result.batches.size(), 2u);
    run_id = result.run.id;
  }
  FakeMode mode("");
  auto w = measure::make_worker_workload(fake_options());
  auto resumed = measure::run_session(request, *w, *sensor, platform, store->runs());
  EXPECT_EQ(resumed.run.id, run_id);
  EXPECT_EQ(resumed.run.status, "complete");
  ASSERT_EQ(resumed.batches.size(), 4u);
  EXPECT_EQ(resumed.batches.back().batch_size, 8);
}
