// The campaign file: models x settings become items; bad input names file:line:column.
#include <gtest/gtest.h>

#include "infergy/campaign.hpp"
#include "infergy/error.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;

namespace {

class CampaignFileTest : public test_support::TempDirTest {
 protected:
  campaign::Campaign parse(const std::string& text) {
    return campaign::parse_campaign(text, path("c.toml"));
  }
  // The InputError's message for `text`, or "" if it parses.
  std::string error_of(const std::string& text) {
    try {
      parse(text);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

const char* kMatrix = R"(
name = "demo"
setup = "DEMO"
gpu = "A100 PCIe 40GB"

[defaults]
sensor = "sim:50"
protocol = "paper"
min_reps = 5
min_seconds = 0.2
idle_seconds = 0
max_batch = 8

[[models]]
name = "small"
workload = "gemm:16"
accuracy = 61.5
input_px = 16
max_batch = 4

[[models]]
workload = "gemm:32"

[[settings]]
label = "fp32"

[[settings]]
label = "long"
min_seconds = 1
max_batch = 2
)";

}  // namespace

TEST_F(CampaignFileTest, ModelsTimesSettingsBecomeItemsInFileOrder) {
  auto c = parse(kMatrix);
  EXPECT_EQ(c.name, "demo");
  EXPECT_EQ(c.setup, "DEMO");
  EXPECT_EQ(c.gpu, "A100 PCIe 40GB");
  ASSERT_EQ(c.items.size(), 4u);
  std::vector<std::string> names;
  for (const auto& item : c.items) names.push_back(item.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"small.fp32", "small.long", "gemm:32.fp32", "gemm:32.long"}));
  const auto& small = c.items[0];
  EXPECT_EQ(small.position, 0);
  EXPECT_EQ(small.spec.model, "gemm:16");
  EXPECT_EQ(small.spec.sensor, "sim:50");
  EXPECT_FALSE(small.spec.options.adaptive);  // protocol = "paper"
  EXPECT_EQ(small.spec.options.min_reps, 5);
  EXPECT_EQ(small.spec.options.max_batch, 4);  // the model's own value over [defaults]
  EXPECT_DOUBLE_EQ(*small.accuracy_pct, 61.5);
  EXPECT_EQ(small.input_px, 16);
  // A settings entry's values override the model's and the defaults.
  EXPECT_EQ(c.items[1].spec.options.max_batch, 2);
  EXPECT_DOUBLE_EQ(c.items[1].spec.options.min_seconds, 1.0);
  EXPECT_EQ(c.items[2].spec.options.max_batch, 8);
  EXPECT_FALSE(c.items[2].accuracy_pct);
}

TEST_F(CampaignFileTest, KeysIdentifyItemsAcrossParses) {
  auto a = parse(kMatrix), b = parse(kMatrix);
  for (size_t i = 0; i < a.items.size(); ++i) EXPECT_EQ(a.items[i].key, b.items[i].key);
  EXPECT_NE(a.items[0].key, a.items[1].key);
  auto item = campaign::item_from_json(campaign::item_to_json(a.items[1]));
  EXPECT_EQ(item.key, a.items[1].key);
  EXPECT_EQ(campaign::item_key(item.name, item.spec), a.items[1].key);
  EXPECT_EQ(item.spec.options.max_batch, 2);
  auto settings = campaign::run_settings("demo", item);
  EXPECT_EQ(settings["campaign"], "demo");
  EXPECT_EQ(settings["campaign_item"], "small.long");
  EXPECT_EQ(settings["max_batch"], 2);
  EXPECT_EQ(settings["model"], "gemm:16");
}

TEST_F(CampaignFileTest, ModelPathsAreTakenFromTheFilesFolder) {
  write_file("models/tiny.pt", "not read at parse time");
  auto c = parse(R"(
name = "files"
[[models]]
path = "models/tiny.pt"
input_shape = [3, 16, 16]
)");
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].name, "tiny");  // a single settings entry adds no label
  EXPECT_EQ(c.items[0].spec.model, path("models/tiny.pt"));
  EXPECT_EQ(c.items[0].spec.input_shape, "3,16,16");
}

TEST_F(CampaignFileTest, BadValuesNameFileLineAndColumn) {
  auto file = path("c.toml");
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\nworkload = \"gemm:8\"\nmin_reps = 0\n"),
            file + ":4:12: field 'min_reps': must be an integer from 1 to 1000000");
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\nworkload = \"gemm:8\"\nprecision = \"fp8\"\n"),
            file + ":4:13: field 'precision': must be one of bf16, fp16, fp32, tf32");
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\nworkload = \"gemm:8\"\nmin_rep = 3\n"),
            file +
                ":4:1: unknown key 'min_rep' in a [[models]] entry (docs/scale-out.md lists "
                "the keys)");
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\npath = \"missing.pt\"\n"),
            file + ":3:8: field 'path': no such file: " + path("missing.pt"));
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\nworkload = \"resnet\"\n"),
            file +
                ":3:12: field 'workload': must be gemm[:N], torchvision:NAME or timm:NAME "
                "(models by file: use path)");
  EXPECT_NE(error_of("name = \"x\"\n[[models]]\nworkload = \"gemm:8\"\nsensor = \"sim:oops\"\n")
                .find(file + ":4:10: field 'sensor': "),
            std::string::npos);
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\nworkload = \"gemm:8\"\n[[models]]\n"
                     "workload = \"gemm:8\"\n"),
            file + ":4:1: item 'gemm:8' is given twice (name the models apart)");
  EXPECT_EQ(error_of("name = \"x\"\n[[models]]\nworkload = \"gemm:8\"\n[[settings]]\n"
                     "max_batch = 2\n[[settings]]\nlabel = \"b\"\n"),
            file +
                ":4:1: give each [[settings]] entry a label when there are several (items "
                "are named MODEL.LABEL)");
  EXPECT_EQ(error_of("name = \"x\"\n"), file + ": no [[models]] entries");
  EXPECT_EQ(error_of("[[models]]\nworkload = \"gemm:8\"\n"),
            file + ": the campaign needs a name = \"...\"");
  EXPECT_EQ(error_of("name = \"two words\"\n"),
            file + ":1:8: field 'name': must be 1-200 letters, digits or . _ - + :");
  EXPECT_NE(error_of("name = \"x\n").find(file + ":1:"), std::string::npos);  // TOML syntax
}

TEST_F(CampaignFileTest, MissingFilesAreBadInput) {
  EXPECT_THROW(campaign::load_campaign(path("nope.toml")), InputError);
}

TEST(CampaignSensors, GpuPlaceholderTakesTheWorkersFirstVisibleDevice) {
  EXPECT_EQ(campaign::sensor_for_worker("nvml:{gpu}", "3,1"), "nvml:3");
  EXPECT_EQ(campaign::sensor_for_worker("nvml:{gpu}", nullptr), "nvml:0");
  EXPECT_EQ(campaign::sensor_for_worker("sim:50", "2"), "sim:50");
}
