#include <gtest/gtest.h>

#include "infergy/catalog.hpp"
#include "infergy/error.hpp"

using namespace infergy::catalog;

TEST(Records, MacsBecomeFlopsOnce) {
  Model m;
  m.compute = 4.089;
  m.compute_unit = ComputeUnit::gmac;
  EXPECT_DOUBLE_EQ(m.flop_count(), 8.178e9);
  m.compute_unit = ComputeUnit::gflop;
  EXPECT_DOUBLE_EQ(m.flop_count(), 4.089e9);
}

TEST(Records, PrecisionAcceptsCodesLabelsAndAliases) {
  EXPECT_EQ(parse_precision("FP16/FP32 Tensor"), Precision::fp16_tensor);
  EXPECT_EQ(parse_precision("fp32"), Precision::fp32);
  EXPECT_EQ(parse_precision("TF32"), Precision::tf32_tensor);
  EXPECT_EQ(parse_precision("bf16"), Precision::bf16_tensor);
  EXPECT_THROW(parse_precision("fp8"), infergy::InputError);
}

TEST(Records, HumanReferencesAsPower) {
  HumanReference internal{"internal", 2000, "kcal/person/day", "", ""};
  HumanReference external{"external", 79897, "kWh/person/year", "", ""};
  EXPECT_NEAR(internal.power_w(), 96.85, 0.01);  // the paper: "approximately 100 J/s"
  EXPECT_NEAR(external.power_w(), 9120.7, 0.1);  // the paper: "approximately 10,000 J/s"
}

TEST(Records, FindModelResolvesVariantsAndSuggests) {
  Catalog c;
  Model a;
  a.name = "ViT-L/16";
  Model b = a;
  b.extra_data = "ImageNet 21k";
  c.models = {a, b};
  EXPECT_EQ(&c.find_model("ViT-L/16"), &c.models[0]);  // exact display name wins
  EXPECT_EQ(&c.find_model("vit-l/16 [imagenet 21k]"), &c.models[1]);
  try {
    c.find_model("ViT-L/61");
    FAIL();
  } catch (const infergy::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean: ViT-L/16"), std::string::npos);
  }
}

TEST(Records, GpuNamesResolveBySubstringAndCloseness) {
  Catalog c;
  for (const char* name : {"Tesla V100", "A100 PCIe 40GB", "A100 SXM4 80GB", "Tesla T4"}) {
    Gpu g;
    g.name = name;
    c.gpus.push_back(g);
  }
  EXPECT_EQ(c.resolve_gpu_name("tesla v100"), "Tesla V100");   // any case
  EXPECT_EQ(c.resolve_gpu_name("V100"), "Tesla V100");         // a word of the name
  EXPECT_EQ(c.resolve_gpu_name("SXM4 80"), "A100 SXM4 80GB");  // part of the name
  try {
    c.resolve_gpu_name("A100");
    FAIL();
  } catch (const infergy::InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("matches several GPUs"), std::string::npos) << what;
    EXPECT_NE(what.find("A100 PCIe 40GB"), std::string::npos) << what;
    EXPECT_NE(what.find("A100 SXM4 80GB"), std::string::npos) << what;
  }
  try {
    c.resolve_gpu_name("Tesla V1000");
    FAIL();
  } catch (const infergy::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean: Tesla V100"), std::string::npos)
        << e.what();
  }
}
