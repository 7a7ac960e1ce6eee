#include <algorithm>
#include <cmath>

#include "infergy/measure.hpp"

namespace infergy::measure {

Sampler::Sampler(power::Sensor& sensor, power::Platform& platform, SamplerOptions options)
    : sensor_(sensor), platform_(platform), options_(options) {
  if (!(options_.rate_hz > 0)) throw InputError("sampling rate must be > 0 Hz");
  options_.max_samples = std::max<size_t>(options_.max_samples, 2);
}

Sampler::~Sampler() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

void Sampler::start() {
  poll_once();
  running_ = true;
  thread_ = std::thread([this] { loop(); });
}

void Sampler::stop() {
  bool was_running = running_.exchange(false);
  if (thread_.joinable()) thread_.join();
  if (was_running) poll_once();
}

// Ticks on an absolute schedule; a late tick is skipped rather than bunched up.
void Sampler::loop() {
  const double period = 1.0 / options_.rate_hz;
  double next = platform_.now_s() + period;
  while (running_) {
    platform_.sleep_until(next);
    if (!running_ || !poll_once()) return;
    double now = platform_.now_s();
    next += period;
    if (next < now) next = now + period - std::fmod(now - next, period);
  }
}

bool Sampler::poll_once() {
  {
    std::lock_guard lock(mutex_);
    if (failure_) return false;
  }
  Sample sample;
  try {
    // Stamped at the middle of the call: NVML reads take a millisecond or so.
    double before = platform_.now_s();
    auto reading = sensor_.read();
    double stamp = (before + platform_.now_s()) / 2;
    sample = {stamp, reading.power_w, reading.energy_j, reading.telemetry};
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    failure_ = std::string(e.what());
    return false;
  }
  std::lock_guard lock(mutex_);
  ++polls_;
  if (samples_.size() >= options_.max_samples) {
    samples_.pop_front();
    ++dropped_;
  }
  samples_.push_back(std::move(sample));
  return true;
}

std::vector<Sample> Sampler::samples() const {
  std::lock_guard lock(mutex_);
  return {samples_.begin(), samples_.end()};
}

std::vector<Sample> Sampler::samples_between(double from_s, double to_s) const {
  std::lock_guard lock(mutex_);
  auto by_time = [](const Sample& s, double t) { return s.time_s < t; };
  auto first = std::lower_bound(samples_.begin(), samples_.end(), from_s, by_time);
  if (first != samples_.begin()) --first;
  auto last = std::lower_bound(first, samples_.end(), to_s, by_time);
  if (last != samples_.end()) ++last;
  return {first, last};
}

void Sampler::discard_before(double time_s) {
  std::lock_guard lock(mutex_);
  // Keep the last sample before time_s: the next window interpolates from it.
  while (samples_.size() > 1 && samples_[1].time_s <= time_s) samples_.pop_front();
}

std::optional<std::string> Sampler::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

size_t Sampler::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

size_t Sampler::polls() const {
  std::lock_guard lock(mutex_);
  return polls_;
}

}  // namespace infergy::measure
