// infergy: what one inference costs in energy, and what accuracy it buys.
#include <cmath>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "infergy/error.hpp"
#include "infergy/power.hpp"
#include "infergy/suggest.hpp"
#include "infergy/text.hpp"
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

// The CLI's one rule for text and numbers (issue 13), before any command sees an
// argument: valid UTF-8, and no value a number parser would read as infinite or NaN
// ("inf", "nan", "1e999"), which CLI11 would take for a double. Arguments after "--"
// belong to a wrapped command and are left as they are.
void check_arguments(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return;
    infergy::text::require_utf8(arg, "argument " + std::to_string(i));
    auto value = arg.starts_with("--") && arg.find('=') != std::string_view::npos
                     ? arg.substr(arg.find('=') + 1)
                     : arg;
    std::string copy(value);
    char* end = nullptr;
    double number = std::strtod(copy.c_str(), &end);
    if (!copy.empty() && end == copy.c_str() + copy.size() && !std::isfinite(number)) {
      throw infergy::InputError("'" + copy + "' is not a finite number");
    }
  }
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
                 "database file or postgresql:// URL (default: $INFERGY_DB, else "
                 "~/.local/share/infergy/infergy.db)")
      ->each([&ctx](const std::string&) { ctx.db_path_given = true; });
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
  cli::register_calibrate_commands(app, ctx);

  try {
    check_arguments(argc, argv);
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
