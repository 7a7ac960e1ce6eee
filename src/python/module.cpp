// infergy._infergy: the binding's entry point. infergy/__init__.py re-exports it.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "infergy/error.hpp"
#include "infergy/store.hpp"
#include "infergy/version.hpp"

namespace infergy::python {

py::object to_python(const nlohmann::json& value) {
  // Never destroyed: a static py::object would be released after the interpreter ends.
  static auto* loads = new py::object(py::module_::import("json").attr("loads"));
  return (*loads)(value.dump());
}

std::string store_location(const std::optional<std::string>& db) {
  return db && !db->empty() ? *db : Store::default_location();
}

}  // namespace infergy::python

PYBIND11_MODULE(_infergy, m) {
  using namespace infergy::python;
  m.doc() = "infergy: energy per inference, measured, estimated and profiled (C++ core)";
  m.attr("__version__") = infergy::kVersion;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const infergy::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const infergy::Failure& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  bind_monitor(m);
  bind_measure(m);
  bind_tools(m);
}
