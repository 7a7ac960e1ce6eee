// The web explorer's HTTP server: a read-only JSON API over the compared setups
// (docs/api.md) and the static page built from web/.
// Usage:
//   Server server(load_explorer_data(store.setups(), store.catalog()), options);
//   int port = server.bind();   // port 0 picks a free one
//   server.run();               // blocks until stop()
// Thread safety: handlers run on a pool of threads and only read the data, which is
// prepared once before serving; stop() may be called from any thread.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "infergy/calibration_repository.hpp"
#include "infergy/compare.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy::server {

// The setups the explorer serves, each with its models (compare's view of the store).
struct ExplorerData {
  std::vector<compare::SetupView> setups;
};

// Every stored setup (and the catalog estimate), read once: the API is read-only,
// so a running server shows what was imported before it started.
ExplorerData load_explorer_data(compare::SetupRepository& setups, const catalog::Catalog& catalog);

// Adds, when the store holds a fitted calibration, one setup of calibrated estimates per
// measured setup ("<setup>_CALIBRATED", estimated = true) for the catalog's models, which
// have no measurement. Returns how many were added (0 without a calibration).
size_t add_calibrated_setups(ExplorerData& data, calibrate::CalibrationRepository& calibrations,
                             const catalog::Catalog& catalog);

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

}  // namespace infergy::server
