#include "progress.hpp"

#include <cmath>

#include <fmt/format.h>

#include "infergy/output.hpp"

namespace infergy::cli {
namespace {

constexpr double kPlainPeriod_s = 5;  // plain lines (logs, pipes) at most this often

std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto s = static_cast<long long>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string ProgressDisplay::line(const measure::Progress& p, double eta_s) {
  std::string text =
      fmt::format("batch {}/{} (size {}): {:.1f} s, ETA {}, {} reps", p.batch_index, p.batch_count,
                  p.batch_size, p.elapsed_s, clock_text(eta_s), p.reps);
  if (p.energy_per_item_j) text += fmt::format(", {} J/item", format_number(*p.energy_per_item_j));
  if (p.ci_fraction) text += fmt::format(" +-{:.1f}%", *p.ci_fraction * 100);
  return text;
}

// This batch size's remaining time, plus the batch sizes still to come at the mean time
// of those finished (or of this one, as it now looks).
double ProgressDisplay::eta_s(const measure::Progress& p) const {
  double per_batch_s = done_ ? done_s_ / done_ : p.elapsed_s + p.batch_remaining_s;
  return p.batch_remaining_s + per_batch_s * (p.batch_count - p.batch_index);
}

void ProgressDisplay::update(const measure::Progress& p) {
  if (p.batch_size != last_batch_) {
    last_batch_ = p.batch_size;
    last_plain_s_ = -1e9;
  }
  auto text = line(p, eta_s(p));
  if (terminal_) {
    err_ << "\r\033[K" << text << std::flush;
    live_ = true;
  } else if (p.elapsed_s - last_plain_s_ >= kPlainPeriod_s) {
    last_plain_s_ = p.elapsed_s;
    err_ << "  " << text << '\n';
  }
}

void ProgressDisplay::clear() {
  if (live_) err_ << "\r\033[K" << std::flush;
  live_ = false;
}

void ProgressDisplay::batch_done(const measure::BatchResult& b) {
  clear();
  done_s_ += b.duration_s;
  ++done_;
  err_ << fmt::format("batch {:>4} done: {} items/s, {} J/item", b.batch_size,
                      format_number(b.throughput_items_per_s), format_number(b.energy_per_item_j));
  if (b.energy_per_item_ci95_j) err_ << " +- " << format_number(*b.energy_per_item_ci95_j);
  err_ << fmt::format(" ({}), {} W average; {}\n", b.energy_method, format_number(b.avg_power_w),
                      b.stop_reason);
  for (const auto& w : b.warnings) err_ << "  warning: " << w << '\n';
}

}  // namespace infergy::cli
