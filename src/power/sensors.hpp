// Sensor constructors that only open_sensor() calls.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "infergy/power.hpp"

namespace infergy::power {

std::unique_ptr<Sensor> make_trace_sensor(const std::string& name, const std::string& path,
                                          Platform& platform);

// Reads several sensors as one, named `name`: energies and powers summed.
// Throws InputError when parts is empty.
std::unique_ptr<Sensor> make_sum_sensor(const std::string& name,
                                        std::vector<std::unique_ptr<Sensor>> parts);

}  // namespace infergy::power
