// Scripted machines for power and measure tests: a manual clock (FakePlatform) or a
// fast real clock for code that runs its own threads (FastClockPlatform), files in a
// map, shared libraries as symbol tables.
#pragma once
#include <cerrno>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "infergy/power.hpp"

namespace infergy::testing {

class FakePlatform : public power::Platform {
 public:
  double now_s() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void sleep_until(double time_s) override {
    std::lock_guard lock(mutex_);
    if (time_s > now_) now_ = time_s;
  }
  void advance(double seconds) {
    std::lock_guard lock(mutex_);
    now_ += seconds;
  }
  std::string wall_time_iso() override { return "2026-01-01T00:00:00.000Z"; }

  FileRead read_file(const std::string& path) override {
    std::lock_guard lock(mutex_);
    auto it = files.find(path);
    return it == files.end() ? FileRead{"", ENOENT} : it->second;
  }
  void* open_library(const std::string& name, std::string& error) override {
    if (libraries.count(name)) return &libraries[name];
    error = name + ": cannot open shared object file";
    return nullptr;
  }
  void* find_symbol(void* library, const std::string& name) override {
    auto& symbols = *static_cast<std::map<std::string, void*>*>(library);
    auto it = symbols.find(name);
    return it == symbols.end() ? nullptr : it->second;
  }

  std::map<std::string, FileRead> files;
  std::map<std::string, std::map<std::string, void*>> libraries;

 private:
  std::mutex mutex_;
  double now_ = 1000;  // an arbitrary origin, like a real monotonic clock
};

// Time runs `speedup` times faster than the machine's steady clock, so code with its
// own threads (the sampler, a session) behaves as on a real clock, in less wall time.
class FastClockPlatform : public FakePlatform {
 public:
  explicit FastClockPlatform(double speedup) : speedup_(speedup) {}
  double now_s() override {
    std::chrono::duration<double> real = std::chrono::steady_clock::now() - start_;
    return 1000 + real.count() * speedup_;
  }
  void sleep_until(double time_s) override {
    double wait_s = (time_s - now_s()) / speedup_;
    if (wait_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
  }

 private:
  double speedup_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace infergy::testing
