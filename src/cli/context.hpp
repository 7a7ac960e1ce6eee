// What every subcommand shares: global options, the lazily opened store, output streams.
#pragma once
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "infergy/output.hpp"
#include "infergy/power.hpp"
#include "infergy/store.hpp"

namespace infergy::cli {

struct Context {
  // The machine (clock, files, shared libraries), made once by main and handed down.
  explicit Context(power::Platform& platform) : platform_(&platform) {}

  std::string db_path;                       // --db (when db_path_given)
  bool db_path_given = false;                // else Store::default_location()
  OutputFormat format = OutputFormat::text;  // --format, parsed once by CLI11
  std::ostream* out = &std::cout;            // results
  std::ostream* err = &std::cerr;            // progress and diagnostics

  // Opens the store on first use (applying migrations, loading the catalog).
  Store& store();
  power::Platform& platform() { return *platform_; }

 private:
  power::Platform* platform_;
  std::unique_ptr<Store> store_;
};

// Each module's commands register themselves here (one function per file).
void register_catalog_commands(CLI::App& app, Context& ctx);
void register_db_commands(CLI::App& app, Context& ctx);
void register_estimate_commands(CLI::App& app, Context& ctx);
void register_trends_commands(CLI::App& app, Context& ctx);
void register_report_commands(CLI::App& app, Context& ctx);
void register_compare_commands(CLI::App& app, Context& ctx);
// REQUIRES: register_catalog_commands ran first (it adds `models add`).
void register_profile_commands(CLI::App& app, Context& ctx);
void register_serve_commands(CLI::App& app, Context& ctx);
void register_measure_commands(CLI::App& app, Context& ctx);
void register_runs_commands(CLI::App& app, Context& ctx);
void register_campaign_commands(CLI::App& app, Context& ctx);
void register_calibrate_commands(CLI::App& app, Context& ctx);

// Adds --format text|csv|json|markdown to a command (it is also accepted globally).
void add_format_option(CLI::App& command, Context& ctx);

// Prints a command's result to ctx.out in ctx.format.
void emit(Context& ctx, const Output& output);

}  // namespace infergy::cli
