// The calibrated estimator's pure core: the family rule, the fit on synthetic setups
// with a known answer, determinism, intervals, batch queries and the stored form.
#include <cmath>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "infergy/calibrate.hpp"
#include "infergy/compare_figures.hpp"
#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "support/builtin_catalog.hpp"
// The private solver and type rule, tested directly (tests mirror src/).
#include "../../src/calibrate/regression.hpp"

using namespace infergy;
using namespace infergy::calibrate;

namespace {

// A setup of `n` models from 8 families: ln E = ln(2 MACs x TDP / peak) + a family
// offset + a small deterministic wobble, the kind of data the estimator must learn.
compare::SetupView synthetic_setup(const std::string& name, const std::string& gpu,
                                   const std::string& runtime, double scale, int n) {
  compare::SetupView v;
  v.setup.name = name;
  v.setup.gpu = gpu;
  v.setup.runtime = runtime;
  v.setup.source = "synthetic";
  const char* families[] = {"resnet",      "vit",     "efficientnet", "convnext",
                            "mobilenetv3", "regnety", "deit",         "swin"};
  for (int i = 0; i < n; ++i) {
    compare::ModelPoint p;
    const int f = i % 8;
    p.model = fmt::format("{}{}_x.v{}", families[f], 10 + i, i);
    p.input_px = 224 + 32 * (i % 3);
    p.macs = 1e8 * std::pow(1.07, i % 90);
    p.params = 1e6 * std::pow(1.05, (i * 7) % 80);
    p.activations = 2e6 * std::pow(1.04, (i * 3) % 70);
    const double wobble = 0.03 * std::sin(1.7 * i);
    p.energy_j = scale * *p.macs * std::exp(0.15 * f + wobble) * 1e-11;
    p.batch_size = 64;
    v.models.push_back(p);
  }
  return v;
}

TrainingData synthetic_data() {
  return training_data({synthetic_setup("A_PT", "A100 PCIe 40GB", "PyTorch", 1.0, 240),
                        synthetic_setup("H_PT", "H100 PCIe 80GB", "PyTorch", 0.7, 240)});
}

}  // namespace

TEST(CalibrateNames, FamilyRule) {
  EXPECT_EQ(model_architecture("resnet50d.ra2_in1k"), "resnet50d");
  EXPECT_EQ(model_architecture("ResNet-50"), "resnet_50");
  EXPECT_EQ(model_family("resnet50d.ra2_in1k"), "resnet");
  EXPECT_EQ(model_family("mobilenetv3_large_100.ra_in1k"), "mobilenet");
  EXPECT_EQ(model_family("tf_efficientnet_b0.in1k"), "efficientnet");
  EXPECT_EQ(model_family("EfficientNet-B1"), "efficientnet");
  EXPECT_EQ(model_family("vit_base_patch16_224.augreg_in21k"), "vit");
  EXPECT_EQ(model_family("regnety_040.pycls_in1k"), "regnety");
  EXPECT_GT(family_similarity("seresnext", "resnext"), 0.4);
  EXPECT_LT(family_similarity("vit", "resnet"), 0.1);
}

TEST(CalibrateNames, Runtimes) {
  EXPECT_EQ(runtime_key("PyTorch"), "pytorch");
  EXPECT_EQ(runtime_key("TRT"), "tensorrt");
  EXPECT_EQ(runtime_precision("tensorrt"), catalog::Precision::fp16_tensor);
}

TEST(CalibrateData, EmptyStoreNamesTheImporters) {
  try {
    training_data({});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("infergy import yang DIR"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("import runs"), std::string::npos);
  }
}

TEST(CalibrateFit, LearnsAKnownRelationAndIsDeterministic) {
  const auto& catalog = test_support::builtin_catalog();
  const auto data = synthetic_data();
  const auto a = fit(data, catalog), b = fit(data, catalog);
  EXPECT_EQ(to_json(a).dump(), to_json(b).dump());  // bit for bit
  EXPECT_EQ(a.training_hash, synthetic_data().hash);
  ASSERT_EQ(a.setups.size(), 2u);
  EXPECT_LT(a.setups[0].full.residual_sd, 0.05);  // the wobble is 0.03
  EXPECT_EQ(a.setups[0].full.families.size(), 8u);

  Query q;
  q.model = "resnet999_x.new";
  q.counts = {5e9, 2e7, 1e7, 224};
  q.gpu = "A100 PCIe 40GB";
  q.runtime = "pytorch";
  const auto p = predict(a, catalog, q);
  const double truth = 5e9 * 1e-11;  // resnet's family offset is 0
  EXPECT_NEAR(std::log(p.energy_j / truth), 0, 0.1);
  EXPECT_LT(p.low_j, p.energy_j);
  EXPECT_GT(p.high_j, p.energy_j);
  EXPECT_TRUE(p.family_seen);
  EXPECT_EQ(p.family, "resnet");
  EXPECT_EQ(p.setup, "A_PT");
  EXPECT_FALSE(p.transferred);
}

// The arrowhead elimination gives the dense Cholesky's answer: a core of 3 unknowns
// coupled to 4 blocks of 2 that never meet each other.
TEST(CalibrateSolve, BlockedEliminationMatchesTheDenseSolve) {
  const size_t q = 11;
  std::vector<double> m(q * q, 0), b(q);
  const std::vector<size_t> core = {0, 1, 2};
  const std::vector<std::vector<size_t>> blocks = {{3, 7}, {4, 8}, {5, 9}, {6, 10}};
  auto set = [&](size_t i, size_t j, double v) { m[i * q + j] = m[j * q + i] = v; };
  for (size_t i = 0; i < q; ++i) {
    set(i, i, 5.0 + static_cast<double>(i));
    b[i] = std::sin(1.3 * static_cast<double>(i)) * 4;
  }
  set(0, 1, 0.7);
  set(1, 2, -0.4);
  for (const auto& blk : blocks) {
    set(blk[0], blk[1], 0.9);
    for (size_t c : core) {
      set(c, blk[0], 0.3 * static_cast<double>(c + 1));
      set(c, blk[1], -0.2 * static_cast<double>(blk[1] % 3));
    }
  }
  const auto dense = detail::solve_spd(m, b, q);
  const auto blocked = detail::solve_blocked(m, b, q, core, blocks);
  ASSERT_EQ(blocked.size(), q);
  for (size_t i = 0; i < q; ++i) EXPECT_NEAR(blocked[i], dense[i], 1e-12) << i;
  // And m x = b holds.
  for (size_t i = 0; i < q; ++i) {
    double r = -b[i];
    for (size_t j = 0; j < q; ++j) r += m[i * q + j] * blocked[j];
    EXPECT_NEAR(r, 0, 1e-12) << i;
  }
}

TEST(CalibrateNames, ArchitectureTypes) {
  EXPECT_EQ(detail::architecture_type("vit_base_patch16_224", "vit"), "Transformer");
  EXPECT_EQ(detail::architecture_type("resnet50d", "resnet"), "CNN");
  EXPECT_EQ(detail::architecture_type("coatnet_0_rw_224", "coatnet"), "Hybrid");
  EXPECT_EQ(detail::architecture_type("", "convnext"), "CNN");  // from --family alone
  EXPECT_EQ(detail::architecture_type("qqzzxx_base", "qqzzxx"), "Other");
}

// A few wildly mis-measured models (x 20) drag a least-squares fit; the Huber loss
// (the default) keeps the count terms near the clean relation.
TEST(CalibrateFit, HuberLossResistsOddModels) {
  const auto& catalog = test_support::builtin_catalog();
  auto setup = synthetic_setup("A_PT", "A100 PCIe 40GB", "PyTorch", 1.0, 240);
  for (int i = 0; i < 240; i += 25) setup.models[i].energy_j *= 20;  // every family
  const auto data = training_data({setup});
  Options least_squares;
  least_squares.huber_k = 0;
  const auto robust = fit(data, catalog), plain = fit(data, catalog, least_squares);
  Query q;
  q.model = "vit1000_x.new";  // a clean family member, far from the odd ones
  q.counts = {3e9, 2e7, 1e7, 256};
  q.gpu = "A100 PCIe 40GB";
  q.runtime = "pytorch";
  const double truth = 3e9 * std::exp(0.15) * 1e-11;  // vit's family offset is 0.15
  const double robust_err = std::fabs(std::log(predict(robust, catalog, q).energy_j / truth));
  const double plain_err = std::fabs(std::log(predict(plain, catalog, q).energy_j / truth));
  EXPECT_LT(robust_err, 0.1);
  EXPECT_LT(robust_err, plain_err);
}

// Energy that grows with the family's first-paper year (0.1 per year, no other family
// offset): the year slope carries that to a family left out of the fit, which the type
// effect alone cannot (convnext, 2022, is newer than every CNN family trained on).
TEST(CalibrateFit, YearSlopeReachesAnUnseenFamily) {
  const auto& catalog = test_support::builtin_catalog();
  auto setup = synthetic_setup("A_TRT", "A100 PCIe 40GB", "TensorRT", 1.0, 240);
  std::vector<compare::ModelPoint> kept;
  for (auto p : setup.models) {
    const std::string family = model_family(p.model);
    if (family == "convnext") continue;
    const int year = *compare::architecture_info(family)->year;
    p.energy_j = *p.macs * 1e-11 * std::exp(0.1 * (year - 2015));
    kept.push_back(p);
  }
  setup.models = kept;
  const auto data = training_data({setup});
  Options without_year;
  without_year.year_penalty = 0;
  const auto with = fit(data, catalog), without = fit(data, catalog, without_year);
  Query q;
  q.model = "convnext1000_x.new";
  q.counts = {3e9, 2e7, 1e7, 256};
  q.gpu = "A100 PCIe 40GB";
  q.runtime = "tensorrt";
  const double truth = 3e9 * 1e-11 * std::exp(0.1 * (2022 - 2015));
  const auto e = predict(with, catalog, q);
  EXPECT_EQ(e.family_basis, "unseen family");
  const double with_err = std::fabs(std::log(e.energy_j / truth));
  const double without_err = std::fabs(std::log(predict(without, catalog, q).energy_j / truth));
  EXPECT_LT(with_err, 0.15);
  EXPECT_LT(with_err, without_err) << with_err << " vs " << without_err;
}

// An estimator stored before the year term and the TensorRT type penalty reads back as
// it was fitted: no year slope, one type penalty for every runtime.
TEST(CalibrateFit, OptionsStoredBeforeTheYearTermReadBack) {
  auto j = to_json(Options{});
  j.erase("year_penalty");
  j.erase("tensorrt_type_penalty");
  j["type_penalty"] = 30;
  const auto o = options_from_json(j);
  EXPECT_EQ(o.year_penalty, 0);
  EXPECT_EQ(o.tensorrt_type_penalty, 30);
  EXPECT_EQ(setup_options(o, "tensorrt").type_penalty, 30);
  EXPECT_EQ(setup_options(Options{}, "tensorrt").type_penalty, Options{}.tensorrt_type_penalty);
  EXPECT_EQ(setup_options(Options{}, "pytorch").type_penalty, Options{}.type_penalty);
}

TEST(CalibrateFit, StoredFormRoundTripsExactly) {
  const auto& catalog = test_support::builtin_catalog();
  const auto e = fit(synthetic_data(), catalog);
  const auto back = estimator_from_json(nlohmann::json::parse(to_json(e).dump()));
  EXPECT_EQ(to_json(back).dump(), to_json(e).dump());
  auto j = to_json(e);
  j["format_version"] = 99;
  EXPECT_THROW(estimator_from_json(j), InputError);
}

TEST(CalibrateFit, UnseenFamilyAndTransferWidenTheInterval) {
  const auto& catalog = test_support::builtin_catalog();
  const auto e = fit(synthetic_data(), catalog);
  Query q;
  q.model = "zzqqxx_base.x";
  q.counts = {5e9, 2e7, 1e7, 224};
  q.gpu = "A100 PCIe 40GB";
  q.runtime = "pytorch";
  const auto seen_q = [&] {
    Query r = q;
    r.model = "resnet1_x.y";
    return predict(e, catalog, r);
  }();
  const auto unseen = predict(e, catalog, q);
  EXPECT_FALSE(unseen.family_seen);
  EXPECT_EQ(unseen.family_basis, "unseen family");
  EXPECT_GT(unseen.high_j / unseen.low_j, seen_q.high_j / seen_q.low_j);
  q.gpu = "H200 SXM 141GB";
  const auto moved = predict(e, catalog, q);
  EXPECT_TRUE(moved.transferred);
  EXPECT_NE(moved.label.find("transfer"), std::string::npos);
  q.runtime = "onnxruntime";
  EXPECT_THROW(predict(e, catalog, q), InputError);  // no setup measured it
}

TEST(CalibrateEvaluate, ReportsEverySetupAndTheTransfer) {
  const auto& catalog = test_support::builtin_catalog();
  const auto ev = evaluate(synthetic_data(), catalog);
  ASSERT_EQ(ev.setups.size(), 2u);
  for (const auto& s : ev.setups) {
    EXPECT_LT(s.cross_validated.error_factor, 1.1) << s.setup.name;
    EXPECT_GT(s.naive.error_factor, s.cross_validated.error_factor) << s.setup.name;
    ASSERT_TRUE(s.cross_validated.coverage);
    EXPECT_GT(*s.cross_validated.coverage, 0.8);
  }
  ASSERT_FALSE(ev.transfers.empty());
  EXPECT_EQ(ev.transfers[0].runtime, "pytorch");
  EXPECT_GT(ev.transfers[0].cross_validated.n, 200u);
}

TEST(CalibrateQueries, BadCellIsLocated) {
  const auto doc = csv::parse(
      "params,model,macs,input_size,activations,extra\n1e6,a.x,1e9,224,,z\n1e6,b.x,many,224,1,\n",
      "models.csv");
  try {
    read_queries(doc, "A100 PCIe 40GB", "pytorch");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("models.csv:3:3"), std::string::npos) << e.what();
  }
  const auto ok = csv::parse(
      "model,input_size,macs,params,activations,family\na.x,224,1e9,1e6,,vit\n", "ok.csv");
  const auto qs = read_queries(ok, "A100 PCIe 40GB", "pytorch");
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_FALSE(qs[0].counts.activations);
  EXPECT_EQ(*qs[0].family, "vit");
  EXPECT_EQ(qs[0].counts.macs, 1e9);
}
