#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include "infergy/measure.hpp"
#include "infergy/version.hpp"

namespace infergy::measure {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "";
}

}  // namespace

nlohmann::json collect_provenance(const power::Sensor& sensor, const Workload* workload) {
  nlohmann::json p;
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  p["host"] = host;
  utsname uts{};
  if (uname(&uts) == 0)
    p["kernel"] = std::string(uts.sysname) + " " + uts.release + " " + uts.machine;
  p["cpu"] = cpu_model();
  p["infergy_version"] = kVersion;
  p["compiler"] = __VERSION__;
  p["sensor"] = sensor.describe();
  if (workload) p["workload"] = workload->describe();
  return p;
}

}  // namespace infergy::measure
