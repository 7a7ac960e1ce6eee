// The Python module infergy._infergy (pybind11): each file binds one area.
// Errors cross as Python exceptions: InputError -> ValueError, Failure -> RuntimeError.
#pragma once
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace infergy::python {

namespace py = pybind11;

// JSON -> Python objects (dict, list, float, int, str, bool, None), via the json module.
py::object to_python(const nlohmann::json& value);

void bind_monitor(py::module_& m);  // Monitor, Window
void bind_measure(py::module_& m);  // measure(): the C++ session with a Python workload
void bind_tools(py::module_& m);    // profile(), estimate()

// The store the CLI would open: db if given, else $INFERGY_DB, else the default file.
std::string store_location(const std::optional<std::string>& db);

}  // namespace infergy::python
