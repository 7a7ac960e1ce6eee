// Built when libpqxx is absent: PostgreSQL locations get a clear error.
#include "../backends.hpp"
#include "infergy/error.hpp"

namespace infergy::store {

std::unique_ptr<Store> open_postgres(const std::string&) {
  throw Failure(
      "this infergy was built without PostgreSQL support (install libpqxx-dev and rebuild; "
      "scripts/bootstrap.sh does)");
}

}  // namespace infergy::store
