// trends, forecast: the trend study's fits and the multiplicative effect, from the CLI.
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "context.hpp"
#include "infergy/analysis.hpp"
#include "infergy/error.hpp"

namespace infergy::cli {
namespace {

using nlohmann::json;

struct TrendArgs {
  bool list = false;
  std::string series;
  std::string domain;  // cv | nlp | gpu: narrows --list, completes or checks --series
  std::string architecture;
  std::string extra_data;  // yes | no
  std::string from, until;
  std::string precision;
  bool all_gpus = false;
  bool points = false;
};

Date date_arg(const std::string& text, const char* option) {
  auto d = parse_date(text);
  if (!d) throw InputError(std::string(option) + ": '" + text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

analysis::TrendOptions trend_options(const TrendArgs& a) {
  analysis::TrendOptions o;
  o.models.architecture = a.architecture;
  if (!a.extra_data.empty()) o.models.extra_data = a.extra_data == "yes";
  if (!a.from.empty()) o.models.from = o.gpus.from = date_arg(a.from, "--from");
  if (!a.until.empty()) o.models.until = o.gpus.until = date_arg(a.until, "--until");
  if (!a.precision.empty()) o.precision = catalog::parse_precision(a.precision);
  o.gpus.paper_only = !a.all_gpus;
  return o;
}

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(); }

Record trend_record(const analysis::TrendSeries& s) {
  const auto& t = s.trend;
  const auto& fit = t.log10_fit;
  return {{"series", s.info.id},
          {"figure", s.info.figure},
          {"title", s.info.title},
          {"unit", s.info.unit},
          {"n", s.points.size()},
          {"factor_per_year", t.factor_per_year},
          {"factor_ci_low", t.factor_ci_low},
          {"factor_ci_high", t.factor_ci_high},
          {"doubling_years", t.doubling_years},
          {"halving", t.halving},
          {"doubling_ci_low", optional_json(t.doubling_ci_low)},
          {"doubling_ci_high", optional_json(t.doubling_ci_high)},
          {"r2", fit.r2},
          {"p_value", fit.p_value},
          {"log10_slope", fit.slope},
          {"log10_slope_ci_low", fit.slope_ci_low},
          {"log10_slope_ci_high", fit.slope_ci_high},
          {"log10_intercept", fit.intercept},
          {"confidence", fit.confidence},
          {"first_year", s.points.front().year},
          {"last_year", s.points.back().year},
          {"paper_says", s.info.paper_says}};
}

// The fit in one line for people, e.g. "cv-best-gflops (Fig. 3): x2.35/yr, doubling 0.81 y
// [0.69-0.98], R² 0.93, n 20, 2012-2021", then what the paper says. csv/json keep the record.
void print_trend_text(std::ostream& out, const Record& r) {
  auto num = [](const json& v, int digits = 3) {
    return v.is_null() ? std::string("?") : format_number(v.get<double>(), digits);
  };
  std::string ci;
  if (!r["doubling_ci_low"].is_null() || !r["doubling_ci_high"].is_null())
    ci = fmt::format(" [{}–{}]", num(r["doubling_ci_low"], 2), num(r["doubling_ci_high"], 2));
  out << fmt::format("{} ({}): ×{}/yr, {} {} y{}, R² {}, n {}, {:.0f}–{:.0f}\n",
                     r["series"].get<std::string>(), r["figure"].get<std::string>(),
                     num(r["factor_per_year"]), r["halving"].get<bool>() ? "halving" : "doubling",
                     num(r["doubling_years"], 2), ci, num(r["r2"], 2), r["n"].get<size_t>(),
                     std::floor(r["first_year"].get<double>()),
                     std::floor(r["last_year"].get<double>()));
  out << r["title"].get<std::string>() << " (" << r["unit"].get<std::string>() << ")\n";
  const auto& paper = r["paper_says"].get<std::string>();
  if (!paper.empty()) out << "paper: " << paper << '\n';
}

bool has_prefix(const std::string& id, const std::string& domain) {
  return id.rfind(domain + "-", 0) == 0;
}

// "best-gflops" + --domain cv -> "cv-best-gflops"; a series of another domain is an error.
std::string series_id(const TrendArgs& a) {
  if (a.domain.empty() || has_prefix(a.series, a.domain)) return a.series;
  for (const char* other : {"cv", "nlp", "gpu"}) {
    if (has_prefix(a.series, other)) {
      throw InputError("series '" + a.series + "' is not of domain " + a.domain);
    }
  }
  return a.domain + "-" + a.series;
}

Table series_list_table(const std::string& domain) {
  Table t;
  t.columns = {{"series"}, {"figure"}, {"unit"}, {"title"}};
  for (const auto& s : analysis::series_catalog()) {
    if (domain.empty() || has_prefix(s.id, domain))
      t.rows.push_back({s.id, s.figure, s.unit, s.title});
  }
  return t;
}

Table points_table(const analysis::TrendSeries& s) {
  Table t;
  t.columns = {{"label"}, {"year", "", 3}, {"value"}, {"fitted"}};
  for (const auto& p : s.points)
    t.rows.push_back({p.label, p.year, p.value, s.trend.predict(p.year)});
  return t;
}

void register_trends(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<TrendArgs>();
  auto* cmd = app.add_subcommand(
      "trends", "one exponential trend of the paper's figures: factor per year, doubling time, R2");
  cmd->add_flag("--list", a->list, "list the series");
  cmd->add_option("--series", a->series, "series id (see --list), e.g. cv-best-gflops");
  cmd->add_option("--domain", a->domain,
                  "cv, nlp or gpu: list only that domain's series; with --series, the id may "
                  "leave the domain out (--domain cv --series best-gflops)")
      ->check(CLI::IsMember({"cv", "nlp", "gpu"}));
  cmd->add_option("--architecture", a->architecture, "only models of this architecture (CNN, ...)");
  cmd->add_option("--extra-data", a->extra_data,
                  "only models trained with (yes) or without (no) "
                  "extra data")
      ->check(CLI::IsMember({"yes", "no"}));
  cmd->add_option("--from", a->from, "only points dated on or after YYYY-MM-DD");
  cmd->add_option("--until", a->until, "only points dated on or before YYYY-MM-DD");
  cmd->add_option("--precision", a->precision,
                  "gpu-peak-gflops-per-watt: fp32 (default), fp16, fp16-tensor, ...");
  cmd->add_flag("--all-gpus", a->all_gpus, "include GPUs added after the paper (H100, ...)");
  cmd->add_flag("--points", a->points, "print the fitted points instead of the fit");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    if (a->list) return emit(ctx, {series_list_table(a->domain)});
    if (a->series.empty()) throw InputError("give --series ID or --list");
    auto catalog = ctx.store().catalog();
    auto s = analysis::trend_series(catalog, series_id(*a), trend_options(*a));
    if (a->points) return emit(ctx, {points_table(s)});
    auto r = trend_record(s);
    emit(ctx, {r, std::nullopt, [r](std::ostream& out) { print_trend_text(out, r); }});
  });
}

struct ForecastArgs {
  std::string model;
  std::string trend;
  std::optional<double> year;
  std::optional<double> energy_j;
  double rate = 1;
  double population = 1;
  std::optional<double> grid;
  std::optional<double> price;
  bool all_gpus = false;
};

// Energy per inference from exactly one of --model, --trend/--year, --energy-j.
double resolve_energy(const ForecastArgs& a, Context& ctx, Record& r) {
  int given = !a.model.empty() + !a.trend.empty() + a.energy_j.has_value();
  if (given != 1)
    throw InputError("give exactly one of --model, --trend (with --year) or --energy-j");
  if (a.energy_j) {
    r["energy_source"] = "given";
    return *a.energy_j;
  }
  auto catalog = ctx.store().catalog();
  analysis::GpuFilter gpus;
  gpus.paper_only = !a.all_gpus;
  if (!a.model.empty()) {
    const auto& m = catalog.find_model(a.model);
    auto e = analysis::paper_energy(catalog, m, gpus);
    r["model"] = m.display_name();
    r["energy_source"] = "paper method at the model's release date";
    return e.energy_j;
  }
  if (!a.year) throw InputError("--trend needs --year (e.g. --year 2025)");
  analysis::TrendOptions options;
  options.gpus = gpus;
  auto s = analysis::trend_series(catalog, a.trend, options);
  if (s.info.unit != "J")
    throw InputError("--trend needs an energy series (unit J), e.g. cv-best-energy");
  r["trend"] = a.trend;
  r["year"] = *a.year;
  r["energy_source"] = "trend value at the year";
  return s.trend.predict(*a.year);
}

void print_forecast_text(std::ostream& out, const Record& r) {
  out << fmt::format("energy per inference   {} J ({})\n",
                     format_number(r["energy_per_inference_j"].get<double>()),
                     r["energy_source"].get<std::string>());
  out << fmt::format("rate                   {} inferences/s per person x {} people\n",
                     format_number(r["inferences_per_second_per_person"].get<double>()),
                     format_number(r["population"].get<double>()));
  out << fmt::format("power                  {} W per person, {} W in total\n",
                     format_number(r["power_per_person_w"].get<double>()),
                     format_number(r["total_power_w"].get<double>()));
  out << fmt::format("energy per year        {} kWh ({} J)\n",
                     format_number(r["energy_per_year_kwh"].get<double>()),
                     format_number(r["energy_per_year_j"].get<double>()));
  out << fmt::format("vs human               {}% of internal ({} W), {}% of external ({} W)\n",
                     format_number(r["share_of_internal_pct"].get<double>()),
                     format_number(r["human_internal_w"].get<double>()),
                     format_number(r["share_of_external_pct"].get<double>()),
                     format_number(r["human_external_w"].get<double>()));
  if (!r["co2_kg_per_year"].is_null()) {
    out << fmt::format("CO2 per year           {} kg\n", format_number(r["co2_kg_per_year"]));
  }
  if (!r["cost_per_year"].is_null()) {
    out << fmt::format("cost per year          {} (price units)\n",
                       format_number(r["cost_per_year"].get<double>()));
  }
}

void register_forecast(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ForecastArgs>();
  auto* cmd =
      app.add_subcommand("forecast",
                         "the multiplicative effect: inferences per person x population -> power, "
                         "yearly energy, CO2 and cost");
  cmd->add_option("--model", a->model, "energy per inference of a catalog model (paper method)");
  cmd->add_option("--trend", a->trend, "or an energy trend series, e.g. cv-best-energy");
  cmd->add_option("--year", a->year, "the year to read the trend at, e.g. 2025");
  cmd->add_option("--energy-j", a->energy_j, "or the energy per inference in joules");
  cmd->add_option("--rate", a->rate, "inferences per second per person")->capture_default_str();
  cmd->add_option("--population", a->population, "people")->capture_default_str();
  cmd->add_option("--grid-g-per-kwh", a->grid, "grid carbon intensity, g CO2 per kWh");
  cmd->add_option("--price-per-kwh", a->price, "electricity price per kWh (any currency)");
  cmd->add_flag("--all-gpus", a->all_gpus, "efficiency trend from every GPU, not the paper's only");
  add_format_option(*cmd, ctx);
  cmd->callback([&ctx, a] {
    Record r;
    analysis::ForecastInput in;
    in.energy_per_inference_j = resolve_energy(*a, ctx, r);
    in.inferences_per_second_per_person = a->rate;
    in.population = a->population;
    in.grid_g_co2_per_kwh = a->grid;
    in.price_per_kwh = a->price;
    auto catalog = ctx.store().catalog();
    auto human = analysis::human_power(catalog);
    auto f = analysis::forecast(in, human);
    r["energy_per_inference_j"] = in.energy_per_inference_j;
    r["inferences_per_second_per_person"] = a->rate;
    r["population"] = a->population;
    r["power_per_person_w"] = f.power_per_person_w;
    r["total_power_w"] = f.total_power_w;
    r["energy_per_year_j"] = f.energy_per_year_j;
    r["energy_per_year_kwh"] = f.energy_per_year_kwh;
    r["human_internal_w"] = human.internal_w;
    r["human_external_w"] = human.external_w;
    r["share_of_internal_pct"] = 100 * f.share_of_internal;
    r["share_of_external_pct"] = 100 * f.share_of_external;
    r["co2_kg_per_year"] = optional_json(f.co2_kg_per_year);
    r["cost_per_year"] = optional_json(f.cost_per_year);
    r = in_key_order(std::move(r), {"model", "trend", "year", "energy_per_inference_j"});
    emit(ctx, {r, std::nullopt, [r](std::ostream& out) { print_forecast_text(out, r); }});
  });
}

}  // namespace

void register_trends_commands(CLI::App& app, Context& ctx) {
  register_trends(app, ctx);
  register_forecast(app, ctx);
}

}  // namespace infergy::cli
