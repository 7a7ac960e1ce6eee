// Figs 13-14: human energy references and the multiplicative effect of inferences per person.
#include <cmath>

#include "infergy/analysis.hpp"
#include "infergy/error.hpp"
#include "infergy/units.hpp"

namespace infergy::analysis {

HumanPower human_power(const catalog::Catalog& catalog) {
  return {catalog.human_reference("internal").power_w(),
          catalog.human_reference("external").power_w()};
}

Forecast forecast(const ForecastInput& in, const HumanPower& human) {
  auto check = [](double v, const char* what) {
    if (!(v >= 0) || !std::isfinite(v)) {
      throw InputError(std::string(what) + " must be a finite number >= 0");
    }
  };
  check(in.energy_per_inference_j, "energy per inference");
  check(in.inferences_per_second_per_person, "inferences per second per person");
  check(in.population, "population");
  if (in.grid_g_co2_per_kwh) check(*in.grid_g_co2_per_kwh, "grid intensity");
  if (in.price_per_kwh) check(*in.price_per_kwh, "price per kWh");
  Forecast f;
  f.power_per_person_w = in.energy_per_inference_j * in.inferences_per_second_per_person;
  f.total_power_w = f.power_per_person_w * in.population;
  f.energy_per_year_j = f.total_power_w * units::kSecondsPerJulianYear;
  f.energy_per_year_kwh = f.energy_per_year_j / units::kJoulesPerKwh;
  f.share_of_internal = f.power_per_person_w / human.internal_w;
  f.share_of_external = f.power_per_person_w / human.external_w;
  if (in.grid_g_co2_per_kwh) {
    f.co2_kg_per_year = units::to_kilo(f.energy_per_year_kwh * *in.grid_g_co2_per_kwh);
  }
  if (in.price_per_kwh) f.cost_per_year = f.energy_per_year_kwh * *in.price_per_kwh;
  return f;
}

}  // namespace infergy::analysis
