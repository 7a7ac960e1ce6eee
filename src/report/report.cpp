// write_report: computes the study, writes report.md and the CSVs, runs gnuplot once.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "infergy/error.hpp"
#include "infergy/report.hpp"
#include "study.hpp"

namespace infergy::report {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Failure("cannot write " + path.string());
}

void make_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Failure("cannot create directory " + dir.string() + ": " + ec.message());
}

std::string read_tail(const fs::path& path, size_t max_chars) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > max_chars ? text.substr(text.size() - max_chars) : text;
}

// Runs `gnuplot script` with its stderr in a log file; Failure on a non-zero exit.
void run_gnuplot(const std::string& gnuplot, const fs::path& script, const fs::path& log) {
  pid_t pid = fork();
  if (pid < 0) throw Failure(std::string("cannot start gnuplot: ") + std::strerror(errno));
  if (pid == 0) {
    FILE* err = std::fopen(log.c_str(), "w");
    if (err) dup2(fileno(err), STDERR_FILENO);
    execlp(gnuplot.c_str(), gnuplot.c_str(), script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Failure("waiting for gnuplot failed");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw Failure("cannot run '" + gnuplot + "' (install gnuplot-nox, or skip figures)");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw Failure("gnuplot failed on " + script.string() + ":\n" + read_tail(log, 2000));
  }
}

}  // namespace

ReportFiles write_report(const ReportInputs& inputs, const std::string& out_dir,
                         const ReportOptions& options) {
  const fs::path root(out_dir);
  make_dir(root / "data");
  make_dir(root / "figures");
  auto study = detail::compute_study(inputs.catalog, options.gpus);
  const auto figures_dir = root / "figures";
  const auto calibration =
      inputs.measured.empty()
          ? detail::CalibrationSection{}
          : detail::calibration_section(inputs.measured, inputs.catalog, figures_dir.string());
  auto data = detail::data_files(study);
  data.insert(data.end(), calibration.data_files.begin(), calibration.data_files.end());
  ReportFiles files;
  for (const auto& [name, text] : data) {
    write_file(root / "data" / name, text);
    files.data_files.push_back((root / "data" / name).string());
  }
  files.report_md = (root / "report.md").string();
  write_file(files.report_md, detail::markdown(study) + "\n" +
                                  detail::measured_study_markdown(inputs.measured, inputs.catalog) +
                                  calibration.markdown);
  if (!options.draw_figures) return files;
  const auto script = figures_dir / "figures.gp";
  write_file(script,
             detail::figure_script(study, figures_dir.string()) + calibration.figure_script);
  run_gnuplot(options.gnuplot, script, figures_dir / "gnuplot.log");
  auto stems = calibration.figure_stems;
  for (const auto& f : figures()) stems.push_back(f.stem);
  for (const auto& stem : stems) {
    for (const char* ext : {".svg", ".png"}) {
      auto path = figures_dir / (stem + ext);
      if (!fs::exists(path)) throw Failure("gnuplot did not write " + path.string());
      files.figure_files.push_back(path.string());
    }
  }
  return files;
}

}  // namespace infergy::report
