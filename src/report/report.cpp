// write_report: computes the study, writes report.md and the CSVs, runs gnuplot once.
#include <filesystem>
#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "gnuplot.hpp"
#include "infergy/error.hpp"
#include "infergy/report.hpp"
#include "study.hpp"
#include "yang_study.hpp"

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

// figures/index.json: what the explorer's Trends page shows of each figure drawn.
std::string figure_index(const std::vector<FigureInfo>& drawn) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : drawn) {
    list.push_back({{"study", f.study},
                    {"number", f.number},
                    {"stem", f.stem},
                    {"title", f.title},
                    {"caption", f.caption},
                    {"svg", "figures/" + f.stem + ".svg"},
                    {"png", "figures/" + f.stem + ".png"},
                    {"data", "data/" + (f.data_file.empty() ? f.stem + ".csv" : f.data_file)}});
  }
  return nlohmann::json{{"figures", list}}.dump(1) + "\n";
}

}  // namespace

const std::vector<FigureInfo>& measured_figures() { return detail::yang_figure_catalog(); }

ReportFiles write_report(const ReportInputs& inputs, const std::string& out_dir,
                         const ReportOptions& options) {
  const fs::path root(out_dir);
  make_dir(root / "data");
  make_dir(root / "figures");
  auto study = detail::compute_study(inputs.catalog, options.gpus);
  const auto figures_dir = root / "figures";
  std::optional<detail::YangStudy> yang;
  if (!inputs.measured.empty())
    yang = detail::compute_yang_study(inputs.measured, inputs.sweeps, inputs.catalog);
  const auto calibration =
      inputs.measured.empty()
          ? detail::CalibrationSection{}
          : detail::calibration_section(inputs.measured, inputs.catalog, figures_dir.string());
  auto data = detail::data_files(study);
  std::vector<FigureInfo> drawn = figures();
  if (yang) {
    for (auto& file : detail::yang_data_files(*yang)) data.push_back(std::move(file));
    for (const auto& f : yang->figures()) drawn.push_back(f);
  }
  data.insert(data.end(), calibration.data_files.begin(), calibration.data_files.end());
  drawn.insert(drawn.end(), calibration.figures.begin(), calibration.figures.end());
  ReportFiles files;
  for (const auto& [name, text] : data) {
    write_file(root / "data" / name, text);
    files.data_files.push_back((root / "data" / name).string());
  }
  files.report_md = (root / "report.md").string();
  write_file(files.report_md, detail::markdown(study) + "\n" +
                                  detail::measured_study_markdown(yang ? &*yang : nullptr) +
                                  calibration.markdown);
  if (!options.draw_figures) return files;
  const auto script = figures_dir / "figures.gp";
  std::string text = detail::figure_script(study, figures_dir.string());
  if (yang) text += detail::yang_figure_script(*yang, figures_dir.string());
  write_file(script, text + calibration.figure_script);
  detail::run_gnuplot(options.gnuplot, script, figures_dir / "gnuplot.log");
  for (const auto& f : drawn) {
    const auto& stem = f.stem;
    for (const char* ext : {".svg", ".png"}) {
      auto path = figures_dir / (stem + ext);
      if (!fs::exists(path)) throw Failure("gnuplot did not write " + path.string());
      files.figure_files.push_back(path.string());
    }
  }
  files.figure_index = (figures_dir / "index.json").string();
  write_file(files.figure_index, figure_index(drawn));
  return files;
}

}  // namespace infergy::report
