#pragma once
// Writing a covering problem as a CPLEX LP file, to check the solvers against glpsol or cbc.
#include "roisc/engine/covering/covering.hpp"

#include <ostream>
#include <string>

namespace roisc {

// The problem as a CPLEX LP file (x_j: candidate j chosen, y_i: point i reached), readable by
// glpsol --lp and cbc. Points no candidate reaches are left out; the objective is the weight reached.
void write_lp(std::ostream& out, const CoveringProblem& problem, const std::string& title);

}  // namespace roisc
