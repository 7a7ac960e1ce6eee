// infergy: what one inference costs in energy, and what accuracy it buys.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/power.hpp"
#include "infergy/suggest.hpp"
#include "infergy/version.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// The first word that names no subcommand where one was expected, and the closest names:
// "infergy runs lst" -> "did you mean: list". Empty when every word matched.
std::string subcommand_hint(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.empty() || word[0] == '-') continue;  // options (their values are not words here)
    auto subcommands = current->get_subcommands([](CLI::App*) { return true; });
    if (subcommands.empty()) return "";
    std::vector<std::string> names;
    CLI::App* next = nullptr;
    for (auto* sub : subcommands) {
      names.push_back(sub->get_name());
      if (sub->check_name(word)) next = sub;
    }
    if (!next) {
      auto hint = infergy::did_you_mean(word, infergy::closest_names(word, names, 3));
      return "infergy: '" + word + "' is not a command of '" + current->get_name() + "'" + hint;
    }
    current = next;
  }
  return "";
}

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
  cli::register_campaign_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    if (auto hint = subcommand_hint(app, argc, argv); !hint.empty()) std::cerr << hint << '\n';
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
