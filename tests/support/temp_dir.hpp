// A temporary folder for tests: made unique by mkdtemp (tests run in parallel
// processes), removed with everything in it when the owner goes away.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace infergy::test_support {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "infergy_test") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "_XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed: " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string (the file need not exist).
  std::string path(std::string_view name) const { return (path_ / name).string(); }
  // Writes `text` to path()/name, making parent folders; returns the file's path.
  std::string write_file(std::string_view name, std::string_view text) const {
    auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

// A fresh TempDir per test: dir_, path(name) and write_file(name, text).
class TempDirTest : public ::testing::Test {
 protected:
  std::string path(std::string_view name) const { return dir_.path(name); }
  std::string write_file(std::string_view name, std::string_view text) const {
    return dir_.write_file(name, text);
  }

  TempDir dir_;
};

}  // namespace infergy::test_support
