// A thin RAII layer over SQLite's C API. Private to the store's SQLite backend:
// no other module includes it (docs/architecture.md).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace infergy::sql {

class Statement;

// An optional value as a binding: empty -> NULL.
template <typename T>
nlohmann::json nullable(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// One connection. Not thread-safe: use one Database per thread.
class Database {
 public:
  // Opens or creates the file (read_only: opens an existing file for reading only);
  // throws Failure naming the path on error.
  explicit Database(const std::string& path, bool read_only = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;

  void exec(std::string_view sql);  // one or more statements, no results
  Statement prepare(std::string_view sql);
  int64_t last_insert_rowid() const;
  int64_t changes() const;        // rows changed by the last statement
  int64_t total_changes() const;  // rows changed by this connection since it opened
  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;

  // Binds parameter i: $i where the statement names it so (as PostgreSQL numbers them,
  // whatever their order), else the i-th ?. A JSON value binds as NULL, integer, real or text.
  Statement& bind(int i, const nlohmann::json& value);
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, double value);
  Statement& bind(int i, int64_t value);
  Statement& bind_null(int i);

  bool step();  // true while a row is available; throws Failure on error
  void run();   // step to completion, then reset for reuse
  void reset();

  int columns() const;
  std::string column_name(int i) const;
  nlohmann::json column(int i) const;  // NULL -> null, INTEGER, REAL, TEXT
  std::string text(int i) const;
  double real(int i) const;
  int64_t integer(int i) const;
  bool is_null(int i) const;
  std::optional<double> optional_real(int i) const;  // NULL -> nullopt
  // The current row as an object keyed by column name.
  nlohmann::json row() const;

 private:
  int slot(int i) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Begins IMMEDIATE on construction; rolls back in the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace infergy::sql
