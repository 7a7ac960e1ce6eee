// Recorded power traces: infergy's own CSV (time_s,power_w) and nvidia-smi logs
// (--query-gpu=timestamp,power.draw --format=csv -lms N), replayed as a sensor.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/power.hpp"
#include "infergy/units.hpp"
#include "sensors.hpp"

namespace infergy::power {
namespace {

// nvidia-smi pads its cells (", 70.50 W"); infergy's own traces have nothing to trim.
std::string_view trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

int find_column(const csv::Document& doc, std::string_view prefix) {
  for (size_t i = 0; i < doc.header.size(); ++i) {
    if (trim(doc.header[i]).substr(0, prefix.size()) == prefix) return static_cast<int>(i);
  }
  return -1;
}

// The cell, trimmed, named by its (trimmed) column header.
csv::LocatedCell cell_at(const csv::Document& doc, const csv::Row& row, int column) {
  csv::LocatedCell cell(doc, row, column, trim(doc.header[column]));
  return cell.with_text(trim(cell.text()));
}

// "123.45" or "123.45 W".
double parse_watts(const csv::LocatedCell& cell) {
  std::string_view text = cell.text();
  if (text.size() > 1 && text.back() == 'W') text = trim(text.substr(0, text.size() - 1));
  return cell.with_text(text).nonneg_real();
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// A two-digit clock field in [0, max].
std::optional<long long> clock_field(std::string_view text, long long max) {
  auto value = try_parse_int(text);
  if (text.size() != 2 || !value || *value < 0 || *value > max) return std::nullopt;
  return value;
}

// nvidia-smi's "2024/01/15 10:23:45.123" (or 2024-01-15) as seconds since the epoch
// (the log's local time; only differences matter).
double parse_timestamp(const csv::LocatedCell& cell) {
  std::string_view text = cell.text();
  std::string day(text.substr(0, 10));
  if (day.size() == 10 && day[4] == '/' && day[7] == '/') day[4] = day[7] = '-';
  auto date = parse_date(day);
  bool clock = text.size() >= 19 && text[10] == ' ' && text[13] == ':' && text[16] == ':';
  auto hour = clock ? clock_field(text.substr(11, 2), 23) : std::nullopt;
  auto minute = clock ? clock_field(text.substr(14, 2), 59) : std::nullopt;
  auto second = clock ? try_parse_real(text.substr(17)) : std::nullopt;
  if (!date || !hour || !minute || !second || !(*second >= 0 && *second < 61)) {
    cell.fail("must look like 2024/01/15 10:23:45.123, got '" + std::string(text) + "'");
  }
  return days_from_civil(date->year, date->month, date->day) * units::kSecondsPerDay +
         *hour * units::kSecondsPerHour + *minute * units::kSecondsPerMinute + *second;
}

class TraceSensor final : public Sensor {
 public:
  TraceSensor(std::string name, std::vector<TracePoint> points, Platform& platform)
      : name_(std::move(name)),
        points_(std::move(points)),
        platform_(platform),
        origin_s_(platform.now_s()) {}

  std::string name() const override { return name_; }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.instant_power = true;
    if (points_.size() > 1) {
      caps.update_period_s =
          (points_.back().time_s - points_.front().time_s) / (points_.size() - 1);
    }
    return caps;
  }

  // Linear interpolation; the last value holds once the trace has ended.
  Reading read() override {
    double t = platform_.now_s() - origin_s_;
    auto after = std::upper_bound(points_.begin(), points_.end(), t,
                                  [](double time, const TracePoint& p) { return time < p.time_s; });
    Reading reading;
    if (after == points_.begin()) {
      reading.power_w = points_.front().power_w;
    } else if (after == points_.end()) {
      reading.power_w = points_.back().power_w;
    } else {
      auto before = after - 1;
      double f = (t - before->time_s) / (after->time_s - before->time_s);
      reading.power_w = before->power_w + f * (after->power_w - before->power_w);
    }
    return reading;
  }

  nlohmann::json describe() const override {
    return {{"sensor", name_}, {"device", "recorded trace"}, {"trace_points", points_.size()}};
  }

 private:
  std::string name_;
  std::vector<TracePoint> points_;
  Platform& platform_;
  double origin_s_;
};

}  // namespace

std::vector<TracePoint> parse_trace(const std::string& text, const std::string& file_name) {
  auto doc = csv::parse(text, file_name);
  int time_column = find_column(doc, "time_s");
  int stamp_column = find_column(doc, "timestamp");
  int power_column = find_column(doc, "power_w");
  if (power_column < 0) power_column = find_column(doc, "power.draw");
  if ((time_column < 0 && stamp_column < 0) || power_column < 0) {
    throw InputError(SourceLocation{file_name, 1, 1},
                     "a trace needs columns time_s,power_w or an nvidia-smi log with "
                     "timestamp, power.draw [W]");
  }
  int gpu_column = find_column(doc, "index");
  std::vector<TracePoint> points;
  for (const auto& row : doc.rows) {
    // Multi-GPU nvidia-smi logs interleave GPUs: keep the first one.
    if (gpu_column >= 0 && row.cells[gpu_column].text != doc.rows[0].cells[gpu_column].text) {
      continue;
    }
    auto time = cell_at(doc, row, time_column >= 0 ? time_column : stamp_column);
    double t = time_column >= 0 ? time.real() : parse_timestamp(time);
    if (!points.empty() && t < points.back().time_s) time.fail("times must not go backwards");
    points.push_back({t, parse_watts(cell_at(doc, row, power_column))});
  }
  if (points.empty()) throw InputError(SourceLocation{file_name, 1, 1}, "the trace has no rows");
  double origin = points.front().time_s;
  for (auto& p : points) p.time_s -= origin;
  return points;
}

std::unique_ptr<Sensor> make_trace_sensor(const std::string& name, const std::string& path,
                                          Platform& platform) {
  auto file = platform.read_file(path);
  if (file.error) {
    throw InputError(fmt::format("cannot read trace {}: {}", path, std::strerror(file.error)));
  }
  return std::make_unique<TraceSensor>(name, parse_trace(file.text, path), platform);
}

}  // namespace infergy::power
