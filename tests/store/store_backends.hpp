// The store backends the contract suite runs on. A backend gives a fresh, empty store
// location per test and removes it afterwards.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace infergy::testing {

struct StoreBackend {
  std::string backend;  // Store::backend() of the stores it opens
  std::function<std::string(const std::string& test_name)> fresh_location;
  std::function<void(const std::string& location)> drop;
};

inline StoreBackend sqlite_backend() {
  auto folder = [](const std::string& test) {
    return std::filesystem::temp_directory_path() /
           ("infergy_contract_" + std::to_string(::getpid()) + "_" + test);
  };
  return {"sqlite",
          [folder](const std::string& test) {
            std::filesystem::remove_all(folder(test));
            return (folder(test) / "store.db").string();
          },
          [](const std::string& location) {
            std::filesystem::remove_all(std::filesystem::path(location).parent_path());
          }};
}

inline std::vector<StoreBackend> store_backends() { return {sqlite_backend()}; }

}  // namespace infergy::testing
