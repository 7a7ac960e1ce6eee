#include "gnuplot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "infergy/error.hpp"

namespace infergy::report::detail {
namespace {

namespace fs = std::filesystem;

std::string read_tail(const fs::path& path, size_t max_chars) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > max_chars ? text.substr(text.size() - max_chars) : text;
}

}  // namespace

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

}  // namespace infergy::report::detail
