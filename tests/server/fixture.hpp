// A small explorer setup with hand-checkable numbers for the server's tests.
#pragma once
#include <algorithm>

#include "infergy/server.hpp"

namespace infergy::server::testing {

inline compare::ModelPoint model(std::string name, double accuracy_pct, double energy_j,
                                 std::string family = "resnet") {
  compare::ModelPoint m;
  m.model = std::move(name);
  m.family = std::move(family);
  m.input_px = 224;
  m.accuracy_pct_by_test_set = {{"imagenet-original", accuracy_pct}, {"sketch", accuracy_pct - 40}};
  m.energy_j = energy_j;
  m.url = "https://huggingface.co/timm/" + m.model;
  return m;
}

inline compare::SetupView setup(std::string name, std::vector<compare::ModelPoint> models) {
  compare::SetupView view;
  view.setup.name = std::move(name);
  view.setup.gpu = "A100 PCIe 40GB";
  view.setup.runtime = "TensorRT";
  view.setup.model_count = models.size();
  view.test_sets = {"imagenet-original", "sketch"};
  std::sort(models.begin(), models.end(),
            [](const auto& a, const auto& b) { return a.model < b.model; });
  view.models = std::move(models);
  return view;
}

// E in J, A in %: N (largest energy) = 4 J.
//   small  A=70 E=1 : manhattan(W=0.5) = 100 - (0.5*25 + 0.5*30) = 72.5 ; acc/J = 70
//   medium A=80 E=2 : 100 - (0.5*50 + 0.5*20) = 65                      ; acc/J = 40
//   large  A=90 E=4 : 100 - (0.5*100 + 0.5*10) = 45                     ; acc/J = 22.5
//   waste  A=75 E=3 : 100 - (0.5*75 + 0.5*25) = 50 (dominated by medium); acc/J = 25
inline ExplorerData data() {
  ExplorerData d;
  d.setups = {setup("A100_TRT", {model("small", 70, 1), model("medium", 80, 2, "vit"),
                                 model("large", 90, 4), model("waste", 75, 3, "vit")}),
              setup("H100_PT", {model("solo", 60, 0.5)})};
  return d;
}

}  // namespace infergy::server::testing
