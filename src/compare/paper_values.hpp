// Figures Yang et al. (2024) state, to print beside ours: declared in the public
// header (compare_figures.hpp, namespace compare::paper), defined in paper_values.cpp.
#pragma once
#include "infergy/compare_figures.hpp"
