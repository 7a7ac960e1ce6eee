// The store backends the contract suite runs on. A backend gives a fresh, empty store
// location per test and removes it afterwards; `unavailable` says why it cannot run here
// (the suite then skips, printing the reason), or is empty.
#pragma once
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "support/postgres_cluster.hpp"

namespace infergy::testing {

struct StoreBackend {
  std::string backend;  // Store::backend() of the stores it opens
  std::function<std::string(const std::string& test_name)> fresh_location;
  std::function<void(const std::string& location)> drop;
  std::function<std::string()> unavailable;
};

// gtest prints a parameter in test names and messages; a backend prints as its name.
inline void PrintTo(const StoreBackend& backend, std::ostream* out) { *out << backend.backend; }

inline StoreBackend sqlite_backend() {
  auto folder = [](const std::string& test) {
    return std::filesystem::temp_directory_path() /
           ("infergy_contract_" + std::to_string(::getpid()) + "_" + test);
  };
  return {"sqlite",
          [folder](const std::string& test) {
            std::filesystem::remove_all(folder(test));
            std::filesystem::create_directories(folder(test));  // Store::open makes no folder
            return (folder(test) / "store.db").string();
          },
          [](const std::string& location) {
            std::filesystem::remove_all(std::filesystem::path(location).parent_path());
          },
          [] { return std::string(); }};
}

// One database per test in the shared test cluster (tests/support/pg_cluster.sh).
inline StoreBackend postgres_backend() {
  auto database = [](const std::string& test) {
    std::string name = "t_" + std::to_string(::getpid()) + "_" + test;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::isalnum(c) ? std::tolower(c) : '_'; });
    return name.substr(0, 63);
  };
  return {"postgresql",
          [database](const std::string& test) {
            return PostgresCluster::shared()->create_database(database(test));
          },
          [](const std::string& location) {
            if (auto* pg = PostgresCluster::shared()) {
              pg->drop_database(location.substr(location.rfind('/') + 1));
            }
          },
          [] { return PostgresCluster::shared() ? std::string() : PostgresCluster::reason(); }};
}

inline std::vector<StoreBackend> store_backends() {
#ifdef INFERGY_TEST_POSTGRES
  return {sqlite_backend(), postgres_backend()};
#else
  return {sqlite_backend()};
#endif
}

}  // namespace infergy::testing
