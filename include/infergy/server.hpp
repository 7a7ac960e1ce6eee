// The web explorer's HTTP server: a read-only JSON API over the compared setups
// (docs/api.md) and the static page built from web/.
// Usage:
//   Server server(load_explorer_data(store), options);
//   int port = server.bind();   // port 0 picks a free one
//   server.run();               // blocks until stop()
// Thread safety: handlers run on a pool of threads and only read the data, which is
// prepared once before serving; stop() may be called from any thread.
#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace infergy {

class Store;

namespace server {

// One model measured (or estimated) in one setup, as the explorer shows it.
struct ExplorerModel {
  std::string name;                              // e.g. "resnet50.a1_in1k"
  int input_size_px = 0;                         // square input side; 0 = unknown
  std::string family;                            // architecture family, e.g. "resnet"
  std::map<std::string, double> accuracy_pct;    // test set -> top-1 accuracy in %
  double energy_j = 0;                           // per inference (one image), > 0
  std::optional<double> throughput_items_per_s;  // at the batch size measured
  std::optional<double> latency_s;               // per batch
  std::optional<int> batch_size;
  std::optional<double> flop_count;  // per inference (2 FLOPs per multiply-add)
  std::optional<double> parameter_count;
  std::string url;  // the model's page; empty = none
};

// A GPU x runtime (or an estimate method) with its models.
struct ExplorerSetup {
  std::string name;     // e.g. "A100_TRT"
  std::string gpu;      // e.g. "A100"
  std::string runtime;  // e.g. "TensorRT"
  std::string source;   // "imported", "measured" or "estimated"
  std::vector<ExplorerModel> models;
};

struct ExplorerData {
  std::vector<ExplorerSetup> setups;
};

// Everything the store holds for the explorer, read once.
ExplorerData load_explorer_data(Store& store);

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0 = any free port
  std::filesystem::path web_dir;        // index.html, app.js, ...; empty = no page
  std::filesystem::path report_dir;     // `infergy report --out DIR`; empty = no figures
  double rate_limit_per_s = 50;         // sustained requests per second per client; 0 = off
  double rate_burst = 200;              // requests a client may send at once
  std::size_t max_target_bytes = 2048;  // request path + query; longer -> 414
  std::size_t max_body_bytes = 0;       // the API is read-only: GET/HEAD carry no body
  int threads = 64;                     // worker threads (one per open connection)
};

// The folder holding the built page next to the running binary (<exe dir>/web),
// or empty when there is none.
std::filesystem::path default_web_dir();

class Server {
 public:
  Server(ExplorerData data, ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port and returns the port bound. Throws Failure if it cannot.
  int bind();
  // Serves until stop(). REQUIRES: bind() succeeded.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace server
}  // namespace infergy
