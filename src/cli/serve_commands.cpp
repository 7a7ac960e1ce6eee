// serve: the web explorer (page + read-only JSON API) on 127.0.0.1 by default.
#include <csignal>
#include <memory>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/server.hpp"

namespace infergy::cli {
namespace {

struct ServeArgs {
  server::ServeOptions options;
  std::string web_dir;
  std::string report_dir;
};

server::Server* running_server = nullptr;

// SIGINT/SIGTERM stop the server cleanly (stop() only writes to a pipe).
void stop_on_signal(int) {
  if (running_server) running_server->stop();
}

}  // namespace

void register_serve_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  auto* serve = app.add_subcommand(
      "serve", "serve the web explorer and its read-only JSON API (see docs/api.md)");
  auto& o = args->options;
  serve->add_option("--host", o.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", o.port, "port (0 = any free port; the URL is printed on stderr)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve
      ->add_option("--web-dir", args->web_dir,
                   "folder of the built page (default: web/ next to the binary)")
      ->check(CLI::ExistingDirectory);
  serve
      ->add_option("--report-dir", args->report_dir,
                   "folder written by `infergy report --out DIR`; its figures/*.svg "
                   "appear on the Trends page")
      ->check(CLI::ExistingDirectory);
  serve
      ->add_option("--rate-limit", o.rate_limit_per_s,
                   "requests per second per client (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--burst", o.rate_burst, "requests a client may send at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve->add_option("--threads", o.threads, "event-loop threads (connections hold none)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  serve->callback([&ctx, args] {
    auto options = args->options;
    options.web_dir =
        args->web_dir.empty() ? server::default_web_dir() : std::filesystem::path(args->web_dir);
    options.report_dir = args->report_dir;
    if (options.web_dir.empty()) {
      *ctx.err << "infergy: no built page found next to the binary; serving the API only\n";
    }
    // Follows the store: a write by any process (an import, a campaign worker, a new
    // calibration) shows within about a second, without a restart.
    auto& store = ctx.store();
    server::DataSource source{[&store] { return store.revision(); },
                              [&store] {
                                auto catalog = store.catalog();
                                auto data = server::load_explorer_data(store.setups(), catalog);
                                server::add_calibrated_setups(data, store.calibrations(), catalog);
                                server::add_runs(data, store.runs(), catalog);
                                return data;
                              }};
    server::Server server(std::move(source), options);
    int port = server.bind();
    *ctx.err << "infergy: serving http://" << options.host << ':' << port << "/ (Ctrl-C stops)"
             << std::endl;
    running_server = &server;
    std::signal(SIGINT, stop_on_signal);
    std::signal(SIGTERM, stop_on_signal);
    server.run();
    running_server = nullptr;
  });
}

}  // namespace infergy::cli
