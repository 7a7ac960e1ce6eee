// The web explorer's HTTP server: a read-only JSON API over the compared setups
// (docs/api.md) and the static page built from web/.
// Usage:
//   Server server(load_explorer_data(store.setups(), store.catalog()), options);
//   int port = server.bind();   // port 0 picks a free one
//   server.run();               // blocks until stop()
// Or, to follow the store (issue 13): Server server(DataSource{revision, load}, options);
// the server polls revision() (at most once per reload_interval_s) and, when it changed,
// loads the data afresh and swaps it in whole; a request sees one snapshot or the other.
// The HTTP layer is GNU libmicrohttpd, event driven (src/server/http_daemon.hpp).
// Thread safety: requests run on the daemon's threads and only read a snapshot; the
// source's functions run on one reloader thread (after the first load, which runs in
// the constructor); stop() is async-signal-safe.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "infergy/calibration_repository.hpp"
#include "infergy/compare.hpp"
#include "infergy/runs.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy::server {

// A stored run as the Runs page draws it (GET /api/runs and /api/run, docs/api.md).
struct RunView {
  measure::RunRecord run;
  std::vector<measure::BatchResult> batches;   // by batch size
  std::vector<measure::StoredSample> samples;  // empty unless measured with --keep-samples
  int best_batch_size = 0;                     // measure::most_efficient_batch; 0 = none
  std::optional<double> tdp_w;                 // the run's GPU (its NVML device) in the catalog
  std::string gpu;                             // that GPU's catalog name, or empty
};

// A catalog GPU whose TDP line the Runs page can draw over any run (?gpu=NAME).
struct GpuTdp {
  std::string name;
  double tdp_w = 0;
};

// The setups the explorer serves, each with its models (compare's view of the store),
// and the stored runs (by id) with the catalog's GPU TDPs.
struct ExplorerData {
  std::vector<compare::SetupView> setups;
  std::vector<RunView> runs;
  std::vector<GpuTdp> gpus;
};

// Every stored setup (and the catalog estimate), as the API serves them.
ExplorerData load_explorer_data(compare::SetupRepository& setups, const catalog::Catalog& catalog);

// Adds, when the store holds a fitted calibration, one setup of calibrated estimates per
// measured setup ("<setup>_CALIBRATED", estimated = true) for the catalog's models, which
// have no measurement. Returns how many were added (0 without a calibration).
size_t add_calibrated_setups(ExplorerData& data, calibrate::CalibrationRepository& calibrations,
                             const catalog::Catalog& catalog);

// Adds every stored run (its batches and kept samples) and the catalog's GPU TDPs.
void add_runs(ExplorerData& data, measure::RunRepository& runs, const catalog::Catalog& catalog);

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0 = any free port
  std::filesystem::path web_dir;        // index.html, app.js, ...; empty = no page
  std::filesystem::path report_dir;     // `infergy report --out DIR`; empty = no figures
  double rate_limit_per_s = 50;         // sustained requests per second per client; 0 = off
  double rate_burst = 200;              // requests a client may send at once
  std::size_t max_target_bytes = 2048;  // request path + query; longer -> 414
  std::size_t max_body_bytes = 0;       // the API is read-only: GET/HEAD carry no body
  int threads = 2;                      // event loops (a connection holds no thread)
  unsigned max_connections = 2000;      // open connections in all
  unsigned max_connections_per_client = 512;
  unsigned idle_timeout_s = 10;              // a connection silent this long is closed
  std::size_t max_header_count = 100;        // more -> 431
  std::size_t max_header_bytes = 32 * 1024;  // request line + headers; more -> 431
  double reload_interval_s = 1;              // how often the store's revision is polled; 0 = never
  std::size_t cache_entries = 4096;          // API replies kept by normalized query; 0 = off
  std::size_t cache_bytes = 64 << 20;
};

// Where the served data come from: revision() is Store::revision() (a token that
// changes with every write), load() reads the data (load_explorer_data). A source
// without revision is loaded once.
struct DataSource {
  std::function<std::string()> revision;
  std::function<ExplorerData()> load;
};

// The folder holding the built page next to the running binary (<exe dir>/web),
// or empty when there is none.
std::filesystem::path default_web_dir();

class Server {
 public:
  Server(ExplorerData data, ServeOptions options);  // fixed data, never reloaded
  Server(DataSource source, ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port and returns the port bound. Throws Failure if it cannot.
  int bind();
  // Serves (and reloads) until stop(). REQUIRES: bind() succeeded.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace infergy::server
