// Runs gnuplot on a script (the report's figures and a run's figures). Private to report.
#pragma once
#include <filesystem>
#include <string>

namespace infergy::report::detail {

// Runs `gnuplot script` with its stderr in a log file. Throws Failure when gnuplot is
// missing or exits non-zero (quoting the log's tail).
void run_gnuplot(const std::string& gnuplot, const std::filesystem::path& script,
                 const std::filesystem::path& log);

}  // namespace infergy::report::detail
