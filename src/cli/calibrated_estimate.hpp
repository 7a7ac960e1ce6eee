// `estimate --method calibrated`: the options it adds to `estimate` and its printing,
// kept apart from the naive estimates (estimate_commands.cpp). Private to src/cli.
#pragma once
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace infergy::cli {

struct CalibratedArgs {
  std::string onnx;  // counts from the profiler
  std::optional<double> params, activations;
  std::optional<int> input_size;
  std::string runtime = "pytorch";
  std::string name;    // with --gmacs: the model name, for its family and architecture
  std::string family;  // overrides the family rule
  std::string input;   // batch mode: a CSV of models
};

// Adds --onnx, --params, --activations, --input-size, --runtime, --family, --input.
void add_calibrated_options(CLI::App& estimate, CalibratedArgs& args);

// REQUIRES: --method calibrated. model/gmacs: estimate's --model and --gmacs.
void print_calibrated_estimate(Context& ctx, const CalibratedArgs& args, const std::string& model,
                               std::optional<double> gmacs, const std::string& gpu);

}  // namespace infergy::cli
