// The PostgreSQL test cluster, for C++ tests. Under ctest one cluster serves the whole
// run (fixture pg_cluster_start: tests/support/pg_cluster.sh, its folder in
// $INFERGY_TEST_PG_DIR); run by hand, a test binary starts its own with the same
// script and stops it at exit.
// Usage: auto* pg = PostgresCluster::shared(); if (!pg) GTEST_SKIP() << reason;
//        auto url = pg->create_database("t1");
#pragma once
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace infergy::testing {

class PostgresCluster {
 public:
  // The cluster, or nullptr when none can run here (reason() says why).
  static PostgresCluster* shared() {
    static std::unique_ptr<PostgresCluster> cluster = connect();
    return cluster.get();
  }
  static const std::string& reason() { return reason_text(); }

  ~PostgresCluster() {
    if (owned_) run(script() + " stop " + dir_.string());
  }

  // postgresql://infergy@127.0.0.1:PORT/DATABASE
  std::string url(const std::string& database) const { return base_ + database; }
  // A new, empty database; returns its URL.
  std::string create_database(const std::string& name) const {
    psql("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    psql("CREATE DATABASE \"" + name + "\"");
    return url(name);
  }
  void drop_database(const std::string& name) const {
    psql("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  }

 private:
  static std::string& reason_text() {
    static std::string text;
    return text;
  }
  static std::string script() {
    return std::string(INFERGY_SOURCE_DIR) + "/tests/support/pg_cluster.sh";
  }
  static int run(const std::string& command) { return std::system(command.c_str()); }
  static std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    auto text = s.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

  static std::unique_ptr<PostgresCluster> connect() {
    std::filesystem::path dir;
    bool owned = false;
    if (const char* shared = std::getenv("INFERGY_TEST_PG_DIR"); shared && *shared) {
      dir = shared;
    } else {
      dir = std::filesystem::temp_directory_path() / ("infergy_pg_" + std::to_string(::getpid()));
      run(script() + " start " + dir.string() + " > /dev/null");
      owned = true;
    }
    if (!std::filesystem::exists(dir / "url")) {
      reason_text() = std::filesystem::exists(dir / "unavailable")
                          ? slurp(dir / "unavailable")
                          : "no PostgreSQL test cluster in " + dir.string();
      if (owned) run(script() + " stop " + dir.string());
      return nullptr;
    }
    auto url = slurp(dir / "url");  // .../postgres
    return std::unique_ptr<PostgresCluster>(
        new PostgresCluster(dir, url.substr(0, url.rfind('/') + 1), slurp(dir / "port"), owned));
  }

  PostgresCluster(std::filesystem::path dir, std::string base, std::string port, bool owned)
      : dir_(std::move(dir)), base_(std::move(base)), port_(std::move(port)), owned_(owned) {}

  void psql(const std::string& sql) const {
    run("psql -q -h 127.0.0.1 -p " + port_ + " -U infergy -d postgres -v ON_ERROR_STOP=1 -c '" +
        sql + "' > /dev/null 2>&1");
  }

  std::filesystem::path dir_;
  std::string base_, port_;
  bool owned_ = false;
};

}  // namespace infergy::testing
