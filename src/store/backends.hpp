// The backends Store::open chooses from, by the location's form. Private to src/store.
#pragma once
#include <memory>
#include <string>

#include "infergy/store.hpp"

namespace infergy::store {

std::unique_ptr<Store> open_sqlite(const std::string& path);
// Throws Failure when infergy was built without libpqxx.
std::unique_ptr<Store> open_postgres(const std::string& url);

}  // namespace infergy::store
