// Sensor constructors that only open_sensor() calls.
#pragma once
#include <memory>
#include <string>

#include "infergy/power.hpp"

namespace infergy::power {

std::unique_ptr<Sensor> make_trace_sensor(const std::string& name, const std::string& path,
                                          Platform& platform);

}  // namespace infergy::power
