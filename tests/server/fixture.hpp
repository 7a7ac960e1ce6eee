// A small explorer setup with hand-checkable numbers for the server's tests.
#pragma once
#include "infergy/server.hpp"

namespace infergy::server::testing {

inline ExplorerModel model(std::string name, double accuracy_pct, double energy_j,
                           std::string family = "resnet") {
  ExplorerModel m;
  m.name = std::move(name);
  m.input_size_px = 224;
  m.family = std::move(family);
  m.accuracy_pct = {{"imagenet-original", accuracy_pct}, {"sketch", accuracy_pct - 40}};
  m.energy_j = energy_j;
  m.url = "https://huggingface.co/timm/" + m.name;
  return m;
}

// E in J, A in %: N (largest energy) = 4 J.
//   small  A=70 E=1 : manhattan(W=0.5) = 100 - (0.5*25 + 0.5*30) = 72.5 ; acc/J = 70
//   medium A=80 E=2 : 100 - (0.5*50 + 0.5*20) = 65                      ; acc/J = 40
//   large  A=90 E=4 : 100 - (0.5*100 + 0.5*10) = 45                     ; acc/J = 22.5
//   waste  A=75 E=3 : 100 - (0.5*75 + 0.5*25) = 50 (dominated by medium); acc/J = 25
inline ExplorerData data() {
  ExplorerSetup setup{"A100_TRT", "A100", "TensorRT", "imported", {}};
  setup.models = {model("small", 70, 1), model("medium", 80, 2, "vit"), model("large", 90, 4),
                  model("waste", 75, 3, "vit")};
  ExplorerSetup other{"H100_PT", "H100", "PyTorch", "imported", {model("solo", 60, 0.5)}};
  return {{setup, other}};
}

}  // namespace infergy::server::testing
