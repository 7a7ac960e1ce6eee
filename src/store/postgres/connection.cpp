#include "connection.hpp"

#include <charconv>
#include <regex>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/output.hpp"

namespace infergy::store::postgres {

Params& Params::text(std::string_view value) {
  values_.emplace_back(std::string(value));
  return *this;
}

Params& Params::real(double value) {
  values_.emplace_back(fmt::format("{}", value));  // shortest form that reads back exactly
  return *this;
}

Params& Params::integer(int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

Params& Params::null() {
  values_.emplace_back(std::nullopt);
  return *this;
}

Params& Params::json(const nlohmann::json& value) {
  if (value.is_null()) return null();
  if (value.is_number_integer()) return integer(value.get<int64_t>());
  if (value.is_number()) return real(value.get<double>());
  if (value.is_boolean()) return integer(value.get<bool>() ? 1 : 0);
  if (value.is_string()) return text(value.get_ref<const std::string&>());
  return text(dump_json(value));
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

double real(const pqxx::field& f) {
  double value = 0;
  std::string_view s(f.c_str());
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) {
    throw Failure(fmt::format("database error: '{}' in column {} is not a number", s, f.name()));
  }
  return value;
}

int64_t integer(const pqxx::field& f) {
  int64_t value = 0;
  std::string_view s(f.c_str());
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) {
    throw Failure(fmt::format("database error: '{}' in column {} is not an integer", s, f.name()));
  }
  return value;
}

std::optional<double> optional_real(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<double>(real(f));
}

std::string redact(const std::string& url) {
  // postgresql://user:secret@host -> postgresql://user:***@host; ?password=... likewise.
  static const std::regex userinfo(R"(^([a-z]+://[^:/@]*):[^@/]*@)");
  static const std::regex query(R"(([?&]password=)[^&]*)");
  return std::regex_replace(std::regex_replace(url, userinfo, "$1:***@"), query, "$1***");
}

Connection::Connection(const std::string& url) : location_(redact(url)) {
  try {
    connection_ = std::make_unique<pqxx::connection>(url);
  } catch (const pqxx::pqxx_exception& e) {
    throw Failure(fmt::format("cannot connect to {}: {}", location_, e.base().what()));
  }
}

std::string Connection::server_version() {
  int v = connection_->server_version();  // e.g. 150020
  return fmt::format("{}.{}", v / 10000, v % 10000);
}

pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql, const Params& params) {
  auto pointers = params.pointers();
  if (pointers.empty()) return tx.exec(sql);
  return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(pointers));
}

void fail(const std::string& what, const pqxx::pqxx_exception& e) {
  std::string message = e.base().what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw Failure(fmt::format("database error: {}: {}", what, message));
}

}  // namespace infergy::store::postgres
