// Reads the compared setups into the explorer's view.
#include "infergy/server.hpp"

namespace infergy::server {

ExplorerData load_explorer_data(compare::SetupRepository& setups, const catalog::Catalog& catalog) {
  ExplorerData data;
  for (const auto& setup : compare::list_setups(setups, catalog)) {
    data.setups.push_back(compare::load_setup(setups, catalog, setup.name));
  }
  return data;
}

}  // namespace infergy::server
