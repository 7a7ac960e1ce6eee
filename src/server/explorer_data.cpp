// Reads the compared setups from the store into the explorer's view.
#include "infergy/server.hpp"
#include "infergy/store.hpp"

namespace infergy::server {

// Filled from the compare module (setups, model points) once it is merged.
ExplorerData load_explorer_data(Store&) { return {}; }

}  // namespace infergy::server
