// Error types shared by every module. The CLI maps them to exit codes:
// InputError -> 2 (the user's input is wrong), Failure -> 1 (the system failed).
#pragma once
#include <stdexcept>
#include <string>

namespace infergy {

// Where in a text file something is wrong. line and column are 1-based; 0 = unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  // "file:line:column" (parts that are unknown are left out).
  std::string str() const;
};

// Bad input: malformed file, unknown name, invalid flag value. Exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
  InputError(const SourceLocation& where, const std::string& what)
      : std::runtime_error(where.str() + ": " + what), where_(where) {}
  const SourceLocation& where() const { return where_; }

 private:
  SourceLocation where_;
};

// The system failed (I/O error, database error, sensor failure). Exit code 1.
class Failure : public std::runtime_error {
 public:
  explicit Failure(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace infergy
