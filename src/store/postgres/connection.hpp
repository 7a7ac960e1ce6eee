// A thin layer over libpqxx for the PostgreSQL backend: parameters as optional text
// (PostgreSQL casts them to the column types), results read by column, and every
// library error turned into infergy's Failure. Private to src/store.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace infergy::store::postgres {

// Statement parameters, $1, $2, ... in order; nullopt binds NULL.
class Params {
 public:
  Params& text(std::string_view value);
  Params& real(double value);
  Params& integer(int64_t value);
  Params& null();
  Params& json(const nlohmann::json& value);  // null, number, string; other JSON as its text
  template <typename T>
  Params& maybe(const std::optional<T>& value) {
    if (!value) return null();
    if constexpr (std::is_floating_point_v<T>)
      return real(*value);
    else if constexpr (std::is_integral_v<T>)
      return integer(*value);
    else
      return text(*value);
  }
  std::vector<const char*> pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// One column of a result row.
std::string text(const pqxx::field& f);  // NULL -> ""
double real(const pqxx::field& f);
int64_t integer(const pqxx::field& f);
std::optional<double> optional_real(const pqxx::field& f);

// The URL without its password, for messages and Store::location().
std::string redact(const std::string& url);

// One connection. Not thread-safe: use one per thread.
class Connection {
 public:
  // Connects (credentials from the URL, PGPASSWORD or ~/.pgpass, as libpq reads them).
  // Throws Failure naming the redacted URL.
  explicit Connection(const std::string& url);
  const std::string& location() const { return location_; }
  std::string server_version();
  pqxx::connection& raw() { return *connection_; }

 private:
  std::string location_;
  std::unique_ptr<pqxx::connection> connection_;
};

// Runs a statement in the transaction (errors propagate; in_transaction turns them into
// Failure).
pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql, const Params& params = {});

// A libpqxx error as infergy's Failure: "database error: WHAT: message".
[[noreturn]] void fail(const std::string& what, const pqxx::pqxx_exception& e);

// Runs `body(tx)` in one transaction and commits it; rolls back on any exception.
template <typename Body>
auto in_transaction(Connection& c, const std::string& what, Body&& body) {
  try {
    pqxx::work tx(c.raw());
    if constexpr (std::is_void_v<decltype(body(tx))>) {
      body(tx);
      tx.commit();
    } else {
      auto result = body(tx);
      tx.commit();
      return result;
    }
  } catch (const pqxx::pqxx_exception& e) {
    fail(what, e);
  }
}

}  // namespace infergy::store::postgres
