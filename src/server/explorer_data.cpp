// Reads the compared setups from the store into the explorer's view.
#include "infergy/compare.hpp"
#include "infergy/server.hpp"

namespace infergy::server {

ExplorerData load_explorer_data(Store& store) {
  ExplorerData data;
  for (const auto& setup : compare::list_setups(store)) {
    data.setups.push_back(compare::load_setup(store, setup.name));
  }
  return data;
}

}  // namespace infergy::server
