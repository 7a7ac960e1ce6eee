// The campaign file (TOML, read with toml++): models x settings entries become items.
// Every value is checked where it stands, so an error names file:line:column and field.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "infergy/campaign.hpp"
#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/power.hpp"

namespace infergy::campaign {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kSettingKeys = {
    "device",       "precision", "channels_last", "input_shape",   "sensor",
    "rate_hz",      "protocol",  "min_reps",      "min_seconds",   "target_ci",
    "max_seconds",  "max_batch", "idle_seconds",  "subtract_idle", "memory_limit_bytes",
    "keep_samples", "runtime"};
const std::set<std::string> kModelKeys = {"name", "path", "workload", "accuracy", "input_px"};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  SourceLocation where(const toml::source_region& region) const {
    return {file_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
  }
  [[noreturn]] void fail(const toml::node& node, const std::string& field,
                         const std::string& what) const {
    throw field_error(where(node.source()), field, what);
  }

  std::string string(const toml::node& node, const std::string& field) const {
    if (!node.is_string()) fail(node, field, "must be a string");
    return node.as_string()->get();
  }
  bool boolean(const toml::node& node, const std::string& field) const {
    if (!node.is_boolean()) fail(node, field, "must be true or false");
    return node.as_boolean()->get();
  }
  double number(const toml::node& node, const std::string& field, double low, double high) const {
    double value = 0;
    if (node.is_integer()) {
      value = static_cast<double>(node.as_integer()->get());
    } else if (node.is_floating_point()) {
      value = node.as_floating_point()->get();
    } else {
      fail(node, field, "must be a number");
    }
    if (!(value >= low && value <= high)) {
      fail(node, field, fmt::format("must be from {} to {}", low, high));
    }
    return value;
  }
  int integer(const toml::node& node, const std::string& field, int64_t low, int64_t high) const {
    if (!node.is_integer()) fail(node, field, "must be an integer");
    int64_t value = node.as_integer()->get();
    if (value < low || value > high) {
      fail(node, field, fmt::format("must be an integer from {} to {}", low, high));
    }
    return static_cast<int>(value);
  }
  void check_keys(const toml::table& table, const std::set<std::string>& a,
                  const std::set<std::string>& b, const std::string& what) const {
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      if (a.count(name) || b.count(name)) continue;
      throw InputError(
          where(key.source()),
          fmt::format("unknown key '{}' in {} (docs/scale-out.md lists the keys)", name, what));
    }
  }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

std::string input_shape(const Reader& r, const toml::node& node) {
  std::string text;
  if (auto* array = node.as_array()) {
    for (const auto& side : *array) {
      text += (text.empty() ? "" : ",") +
              std::to_string(r.integer(side, "input_shape", 1, 999'999'999));
    }
  } else {
    text = r.string(node, "input_shape");
  }
  try {
    measure::parse_input_shape(text);
  } catch (const InputError&) {
    r.fail(node, "input_shape", "must be positive sizes, e.g. \"3,224,224\" or [3, 224, 224]");
  }
  return text;
}

std::string device(const Reader& r, const toml::node& node) {
  auto text = r.string(node, "device");
  bool cuda_n = text.rfind("cuda:", 0) == 0 && try_parse_int(text.substr(5)).value_or(-1) >= 0;
  if (text != "cpu" && text != "cuda" && !cuda_n)
    r.fail(node, "device", "must be cpu, cuda or cuda:N");
  return text;
}

std::string one_of(const Reader& r, const toml::node& node, const std::string& field,
                   const std::set<std::string>& allowed) {
  auto text = r.string(node, field);
  if (!allowed.count(text)) {
    r.fail(node, field, fmt::format("must be one of {}", fmt::join(allowed, ", ")));
  }
  return text;
}

std::string sensor(const Reader& r, const toml::node& node) {
  auto text = r.string(node, "sensor");
  if (text.empty()) r.fail(node, "sensor", "must name a sensor (nvml:0, rapl, sim:50, ...)");
  if (text.rfind("sim:", 0) == 0) {
    try {
      power::parse_simulated_spec(text);
    } catch (const InputError& e) {
      r.fail(node, "sensor", e.what());
    }
  }
  return text;
}

// One setting onto the spec. REQUIRES: kSettingKeys has `key`.
void apply_setting(const Reader& r, measure::MeasureSpec& s, const std::string& key,
                   const toml::node& v) {
  auto& o = s.options;
  if (key == "device")
    s.device = device(r, v);
  else if (key == "precision")
    s.precision = one_of(r, v, key, {"fp32", "tf32", "fp16", "bf16"});
  else if (key == "channels_last")
    s.channels_last = r.boolean(v, key);
  else if (key == "input_shape")
    s.input_shape = input_shape(r, v);
  else if (key == "sensor")
    s.sensor = sensor(r, v);
  else if (key == "rate_hz")
    s.rate_hz = r.number(v, key, 0.1, 10000);
  else if (key == "protocol")
    s.protocol = one_of(r, v, key, {"adaptive", "paper"});
  else if (key == "min_reps")
    o.min_reps = r.integer(v, key, 1, 1'000'000);
  else if (key == "min_seconds")
    o.min_seconds = r.number(v, key, 0, 86400);
  else if (key == "target_ci")
    o.target_ci = r.number(v, key, 0.0001, 1);
  else if (key == "max_seconds")
    o.max_seconds = r.number(v, key, 0, 86400);
  else if (key == "max_batch")
    o.max_batch = r.integer(v, key, 1, 1 << 24);
  else if (key == "idle_seconds")
    o.idle_seconds = r.number(v, key, 0, 3600);
  else if (key == "subtract_idle")
    o.subtract_idle = r.boolean(v, key);
  else if (key == "memory_limit_bytes")
    o.memory_limit_bytes = r.number(v, key, 1, 1e18);
  else if (key == "keep_samples")
    o.keep_samples = r.boolean(v, key);
  else if (key == "runtime")
    s.runtime = one_of(r, v, key, {"torch", "torch-compile", "onnxruntime"});
  o.adaptive = s.protocol == "adaptive";
}

void apply_settings(const Reader& r, measure::MeasureSpec& spec, const toml::table& table) {
  for (auto&& [key, node] : table) {
    std::string name(key.str());
    if (kSettingKeys.count(name)) apply_setting(r, spec, name, node);
  }
}

// A name for items, setups and files: letters, digits and . _ - + only.
std::string plain_name(const Reader& r, const toml::node& node, const std::string& field) {
  auto text = r.string(node, field);
  bool ok = !text.empty() && text.size() <= 200;
  for (unsigned char c : text)
    ok = ok && (std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == ':');
  if (!ok) r.fail(node, field, "must be 1-200 letters, digits or . _ - + :");
  return text;
}

struct ModelEntry {
  std::string name;
  measure::MeasureSpec spec;
  std::optional<double> accuracy_pct;
  int input_px = 0;
};

// The item name of a workload: gemm[:N] itself, the NAME of torchvision:NAME / timm:NAME
// (the worker checks that name when it loads the model).
std::string check_workload(const Reader& r, const toml::node& node, const std::string& model) {
  for (const char* prefix : {"torchvision:", "timm:"}) {
    if (model.rfind(prefix, 0) == 0 && model.size() > std::string(prefix).size()) {
      return model.substr(model.find(':') + 1);
    }
  }
  if (!measure::is_gemm_workload(model)) {
    r.fail(node, "workload",
           "must be gemm[:N], torchvision:NAME or timm:NAME (models by file: use path)");
  }
  try {
    measure::gemm_size(model);
  } catch (const InputError& e) {
    r.fail(node, "workload", e.what());
  }
  return model;
}

ModelEntry read_model(const Reader& r, const toml::table& t, const measure::MeasureSpec& base) {
  r.check_keys(t, kModelKeys, kSettingKeys, "a [[models]] entry");
  ModelEntry m{"", base, std::nullopt, 0};
  const auto* path = t.get("path");
  const auto* workload = t.get("workload");
  if ((path != nullptr) == (workload != nullptr)) {
    throw InputError(r.where(t.source()),
                     "a [[models]] entry needs either path (a TorchScript or ONNX "
                     "file) or workload (gemm:N, torchvision:NAME, timm:NAME), not both");
  }
  if (path) {
    fs::path p = r.string(*path, "path");
    if (p.is_relative()) p = fs::path(r.file()).parent_path() / p;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) r.fail(*path, "path", "no such file: " + p.string());
    m.spec.model = fs::weakly_canonical(fs::absolute(p)).string();
    m.name = p.stem().string();
  } else {
    m.spec.model = r.string(*workload, "workload");
    m.name = check_workload(r, *workload, m.spec.model);
  }
  if (const auto* name = t.get("name")) m.name = plain_name(r, *name, "name");
  if (const auto* acc = t.get("accuracy")) m.accuracy_pct = r.number(*acc, "accuracy", 0, 100);
  if (const auto* px = t.get("input_px")) m.input_px = r.integer(*px, "input_px", 1, 1'000'000);
  apply_settings(r, m.spec, t);
  return m;
}

const toml::array* tables(const Reader& r, const toml::table& top, const char* key, bool required) {
  const auto* node = top.get(key);
  if (!node) {
    if (required) throw InputError(SourceLocation{r.file()}, fmt::format("no [[{}]] entries", key));
    return nullptr;
  }
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables() || array->empty()) {
    r.fail(*node, key, fmt::format("must be [[{}]] tables", key));
  }
  return array;
}

struct SettingsEntry {
  std::string label;
  const toml::table* table = nullptr;
};

std::vector<SettingsEntry> settings_entries(const Reader& r, const toml::table& top) {
  std::vector<SettingsEntry> entries;
  const auto* array = tables(r, top, "settings", false);
  if (!array) return {{"", nullptr}};
  std::set<std::string> labels;
  for (const auto& node : *array) {
    const auto& t = *node.as_table();
    r.check_keys(t, {"label"}, kSettingKeys, "a [[settings]] entry");
    SettingsEntry e{"", &t};
    if (const auto* label = t.get("label")) e.label = plain_name(r, *label, "label");
    if (array->size() > 1 && e.label.empty()) {
      throw InputError(r.where(t.source()),
                       "give each [[settings]] entry a label when there are several "
                       "(items are named MODEL.LABEL)");
    }
    if (!labels.insert(e.label).second) r.fail(*t.get("label"), "label", "is given twice");
    entries.push_back(e);
  }
  return entries;
}

}  // namespace

Campaign parse_campaign(const std::string& text, const std::string& file_name) {
  Reader r(file_name);
  toml::table top;
  try {
    top = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    throw InputError(r.where(e.source()), std::string(e.description()));
  }
  r.check_keys(top, {"name", "setup", "gpu", "defaults", "models", "settings"}, {},
               "the campaign file");
  Campaign c;
  c.source = file_name;
  const auto* name = top.get("name");
  if (!name) throw InputError(SourceLocation{file_name}, "the campaign needs a name = \"...\"");
  c.name = plain_name(r, *name, "name");
  if (const auto* setup = top.get("setup")) c.setup = plain_name(r, *setup, "setup");
  if (const auto* gpu = top.get("gpu")) c.gpu = r.string(*gpu, "gpu");
  measure::MeasureSpec base;
  if (const auto* defaults = top.get("defaults")) {
    if (!defaults->is_table()) r.fail(*defaults, "defaults", "must be a [defaults] table");
    r.check_keys(*defaults->as_table(), kSettingKeys, {}, "[defaults]");
    apply_settings(r, base, *defaults->as_table());
  }
  auto entries = settings_entries(r, top);
  std::set<std::string> names;
  for (const auto& node : *tables(r, top, "models", true)) {
    auto model = read_model(r, *node.as_table(), base);
    for (const auto& e : entries) {
      Item item{model.name + (e.label.empty() ? "" : "." + e.label),
                "",
                static_cast<int>(c.items.size()),
                model.spec,
                model.accuracy_pct,
                model.input_px};
      if (e.table) apply_settings(r, item.spec, *e.table);
      if (!names.insert(item.name).second) {
        throw InputError(
            r.where(node.source()),
            fmt::format("item '{}' is given twice (name the models apart)", item.name));
      }
      item.key = item_key(item.name, item.spec);
      c.items.push_back(std::move(item));
    }
  }
  return c;
}

Campaign load_campaign(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot read campaign file {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_campaign(text.str(), path);
}

}  // namespace infergy::campaign
