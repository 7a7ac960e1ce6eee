#include "../backends.hpp"
#include "pg_store.hpp"

namespace infergy::store {

std::unique_ptr<Store> open_postgres(const std::string& url) {
  return std::make_unique<postgres::PostgresStore>(url);
}

}  // namespace infergy::store
