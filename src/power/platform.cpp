#include <dlfcn.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "infergy/power.hpp"

namespace infergy::power {
namespace {

class SystemPlatform final : public Platform {
 public:
  double now_s() override {
    auto since = std::chrono::steady_clock::now().time_since_epoch();
    return std::chrono::duration<double>(since).count();
  }

  void sleep_until(double time_s) override {
    auto target = std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(time_s)));
    std::this_thread::sleep_until(target);
  }

  std::string wall_time_iso() override {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    return fmt::format("{}.{:03d}Z", buffer, static_cast<int>(ms.count()));
  }

  FileRead read_file(const std::string& path) override {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) return {"", errno ? errno : ENOENT};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return {"", errno ? errno : EIO};
    return {text.str(), 0};
  }

  void* open_library(const std::string& name, std::string& error) override {
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) error = dlerror();
    return handle;
  }

  void* find_symbol(void* library, const std::string& name) override {
    return dlsym(library, name.c_str());
  }
};

}  // namespace

std::unique_ptr<Platform> make_system_platform() { return std::make_unique<SystemPlatform>(); }

}  // namespace infergy::power
