// Runtime workers: a measure::Workload whose batches run in another process (Python's
// torch, torch.compile, onnxruntime, TorchScript files), driven over the line protocol of
// docs/workers.md through pipes. The engine keeps sampling, the protocol, the stopping
// rule and the store; the worker only loads the model, prepares inputs and runs batches.
// Usage:
//   measure::WorkerOptions o;
//   o.load = {{"runtime", "torch"}, {"model", "torchvision:resnet50"}, {"device", "cpu"}};
//   auto workload = measure::make_worker_workload(o);   // starts the worker, loads the model
// A worker that exits, hangs past its timeout or breaks the protocol is killed and
// the call throws WorkerFailed, naming the batch size and the worker's last stderr lines.
// Not thread-safe (like every Workload).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/measure.hpp"

namespace infergy::measure {

inline constexpr int kWorkerProtocol = 1;

// The worker process died, hung or spoke out of turn. The run stays resumable.
class WorkerFailed : public Failure {
 public:
  explicit WorkerFailed(const std::string& what) : Failure(what) {}
};

struct WorkerOptions {
  // argv of the worker process; empty: default_worker_command(). Tests put a fake here.
  std::vector<std::string> command;
  // The load request's fields (docs/workers.md): runtime, model, device, precision,
  // channels_last, input_shape. "op" and "protocol" are added.
  nlohmann::json load = nlohmann::json::object();
  double load_timeout_s = 900;   // starting Python, loading and compiling the model
  double batch_timeout_s = 300;  // one prepare or one run
};

// /usr/bin/python3 (or $INFERGY_PYTHON) and infergy_worker.py, found in $INFERGY_WORKER_DIR,
// next to the binary (workers/), in the install tree or the source tree. Throws Failure
// naming the places looked in when the script is nowhere.
std::vector<std::string> default_worker_command();

// Starts the worker and loads the model. Throws InputError when the worker rejects the
// model or its options (bad file, unknown model, bad shape), Failure when a runtime is
// not installed, WorkerFailed when the process fails.
std::unique_ptr<Workload> make_worker_workload(const WorkerOptions& options);

}  // namespace infergy::measure
