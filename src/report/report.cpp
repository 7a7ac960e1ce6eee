// write_report: computes the study, writes report.md and the CSVs, runs gnuplot once.
#include <filesystem>
#include <fstream>

#include "gnuplot.hpp"
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

}  // namespace

ReportFiles write_report(const ReportInputs& inputs, const std::string& out_dir,
                         const ReportOptions& options) {
  const fs::path root(out_dir);
  make_dir(root / "data");
  make_dir(root / "figures");
  auto study = detail::compute_study(inputs.catalog, options.gpus);
  ReportFiles files;
  for (const auto& [name, text] : detail::data_files(study)) {
    write_file(root / "data" / name, text);
    files.data_files.push_back((root / "data" / name).string());
  }
  files.report_md = (root / "report.md").string();
  write_file(files.report_md, detail::markdown(study) + "\n" +
                                  detail::measured_study_markdown(inputs.measured, inputs.catalog));
  if (!options.draw_figures) return files;
  const auto figures_dir = root / "figures";
  const auto script = figures_dir / "figures.gp";
  write_file(script, detail::figure_script(study, figures_dir.string()));
  detail::run_gnuplot(options.gnuplot, script, figures_dir / "gnuplot.log");
  for (const auto& f : figures()) {
    for (const char* ext : {".svg", ".png"}) {
      auto path = figures_dir / (f.stem + ext);
      if (!fs::exists(path)) throw Failure("gnuplot did not write " + path.string());
      files.figure_files.push_back(path.string());
    }
  }
  return files;
}

}  // namespace infergy::report
