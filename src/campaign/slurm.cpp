// The sbatch script of a campaign's job array, and the store location its workers get.
#include <algorithm>
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "infergy/campaign.hpp"
#include "infergy/error.hpp"

namespace infergy::campaign {
namespace {

constexpr int kMaxArraySize = 1000;  // Slurm's default MaxArraySize is 1001 (0..1000)

// A value safe on an #SBATCH line: sbatch splits those lines at whitespace and knows no quoting.
std::string sbatch_value(const std::string& option, const std::string& value) {
  bool ok = !value.empty() && std::none_of(value.begin(), value.end(), [](unsigned char c) {
    return std::isspace(c) || std::iscntrl(c) || c == '\'' || c == '"' || c == '#';
  });
  if (!ok) throw InputError(fmt::format("sbatch option {}: '{}' must be one word", option, value));
  return value;
}

// Single-quoted for bash.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

int array_size(const SlurmOptions& options, size_t unfinished) {
  if (options.tasks > 0) return std::min(options.tasks, kMaxArraySize);
  return static_cast<int>(std::clamp<size_t>(unfinished, 1, kMaxArraySize));
}

std::string sbatch_script(const std::string& campaign, const SlurmOptions& o, int tasks,
                          const WorkerCommand& worker) {
  if (tasks < 1) throw InputError("a job array needs at least one task");
  std::string array = fmt::format("0-{}", tasks - 1);
  if (o.array_parallel > 0) array += fmt::format("%{}", o.array_parallel);
  std::string s = fmt::format(
      "#!/bin/bash\n"
      "# infergy campaign {0}: one job array; each task runs a worker that claims items\n"
      "# until none is left (docs/scale-out.md). Written by `infergy campaign submit`.\n"
      "#SBATCH --job-name={1}\n"
      "#SBATCH --array={2}\n",
      campaign, sbatch_value("--job-name", "infergy-" + campaign), array);
  auto line = [&s](const std::string& option, const std::string& value) {
    if (!value.empty()) s += fmt::format("#SBATCH {}={}\n", option, sbatch_value(option, value));
  };
  line("--partition", o.partition);
  line("--gres", o.gres);
  line("--time", o.time);
  if (o.cpus_per_task > 0) line("--cpus-per-task", std::to_string(o.cpus_per_task));
  line("--output", o.output.empty() ? "infergy-" + campaign + "-%A_%a.out" : o.output);
  for (const auto& extra : o.extra) {
    if (extra.rfind("--", 0) != 0) {
      throw InputError(fmt::format("sbatch option '{}' must start with --", extra));
    }
    s += fmt::format("#SBATCH {}\n", sbatch_value(extra, extra));
  }
  s += "set -euo pipefail\n";
  s += fmt::format("exec {} campaign work {} --db {}", quoted(worker.infergy), quoted(campaign),
                   quoted(worker.location));
  if (worker.lease_s > 0) s += fmt::format(" --lease-seconds {}", worker.lease_s);
  if (worker.max_attempts > 0) s += fmt::format(" --max-attempts {}", worker.max_attempts);
  return s + "\n";
}

WorkerLocation worker_location(const std::string& location) {
  if (location.find("://") == std::string::npos) {
    return {std::filesystem::absolute(location).lexically_normal().string(), ""};
  }
  // scheme://user:password@host... and ?password=... / &password=...
  static const std::regex userinfo(R"(^([a-z]+://[^:/@]*):([^@/]*)@)");
  static const std::regex query(R"(([?&])password=([^&]*)&?)");
  WorkerLocation out{location, ""};
  std::smatch m;
  if (std::regex_search(out.location, m, userinfo)) {
    out.password = percent_decoded(m[2].str());
    out.location = m[1].str() + "@" + m.suffix().str();
  }
  if (std::regex_search(out.location, m, query)) {
    if (out.password.empty()) out.password = percent_decoded(m[2].str());
    out.location =
        m.prefix().str() + (m.suffix().str().empty() ? "" : m[1].str()) + m.suffix().str();
  }
  return out;
}

}  // namespace infergy::campaign
