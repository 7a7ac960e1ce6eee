// infergy: what one inference costs in energy, and what accuracy it buys.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/power.hpp"
#include "infergy/version.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

}  // namespace

int main(int argc, char** argv) {
  using namespace infergy;
  auto platform = power::make_system_platform();
  cli::Context ctx(*platform);
  CLI::App app{
      "infergy: energy per inference of neural networks, estimated, measured and "
      "analysed.\nResults go to stdout, progress and diagnostics to stderr.\n"
      "Exit codes: 0 ok, 1 failure, 2 bad input.",
      "infergy"};
  app.set_version_flag("--version", std::string("infergy ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", ctx.db_path,
                 "database file (default: $INFERGY_DB, else ~/.local/share/infergy/infergy.db)");
  cli::add_format_option(app, ctx);

  cli::register_catalog_commands(app, ctx);
  cli::register_db_commands(app, ctx);
  cli::register_estimate_commands(app, ctx);
  cli::register_trends_commands(app, ctx);
  cli::register_report_commands(app, ctx);
  cli::register_compare_commands(app, ctx);
  cli::register_profile_commands(app, ctx);
  cli::register_serve_commands(app, ctx);
  cli::register_measure_commands(app, ctx);
  cli::register_runs_commands(app, ctx);
  cli::register_calibrate_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  } catch (const InputError& e) {
    std::cerr << "infergy: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const Failure& e) {
    std::cerr << "infergy: " << e.what() << '\n';
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "infergy: unexpected error: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}
