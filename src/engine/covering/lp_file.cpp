// Writing a covering problem as a CPLEX LP file (glpsol --lp, cbc).
#include "roisc/engine/covering/lp_file.hpp"

#include "solver.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace roisc {

namespace {

std::string number_text(double v) {
    char buf[40];
    if (std::floor(v) == v && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.12g", v);
    }
    return buf;
}

// CPLEX LP comments: one line each, nothing that could end the comment early.
std::string comment_text(std::string s) {
    for (auto& ch : s) {
        if (ch == '\n' || ch == '\r') ch = ' ';
    }
    return s;
}

// Writes "name: t1 + t2 ..." with at most eight terms a line (glpsol and cbc read long lines, but
// people read the file too).
class Expression {
public:
    Expression(std::ostream& out, const std::string& name) : out_(out) { out_ << " " << name << ":"; }
    void term(double coefficient, const std::string& variable) {
        if (terms_ > 0 && terms_ % 8 == 0) out_ << "\n   ";
        if (coefficient < 0) {
            out_ << " - ";
            coefficient = -coefficient;
        } else if (terms_ > 0) {
            out_ << " + ";
        } else {
            out_ << " ";
        }
        if (coefficient != 1) out_ << number_text(coefficient) << " ";
        out_ << variable;
        ++terms_;
    }
    int terms() const { return terms_; }

private:
    std::ostream& out_;
    int terms_ = 0;
};

}  // namespace
using covering::reachers_of_points;

void write_lp(std::ostream& out, const CoveringProblem& problem, const std::string& title) {
    problem.check();
    const std::size_t n = problem.candidates();
    const std::vector<std::vector<int>> by_point = reachers_of_points(problem);
    std::vector<std::size_t> points;
    for (std::size_t i = 0; i < by_point.size(); ++i) {
        if (!by_point[i].empty() && problem.demand[i] > 0) points.push_back(i);
    }
    auto x = [](std::size_t j) { return "x" + std::to_string(j + 1); };
    auto y = [](std::size_t i) { return "y" + std::to_string(i + 1); };

    out << "\\ " << comment_text(title) << "\n";
    out << "\\ Maximal covering location: choose at most " << problem.new_sites
        << " candidates (x) to maximise the weight of the points (y) reached.\n";
    out << "\\ y are continuous in [0, 1]: at an optimum each is 1 exactly when a chosen x reaches it.\n";
    for (std::size_t j = 0; j < n; ++j) {
        if (j < problem.candidate_names.size()) out << "\\ " << x(j) << " = " << comment_text(problem.candidate_names[j]) << "\n";
    }
    for (std::size_t i : points) {
        if (i < problem.demand_names.size()) out << "\\ " << y(i) << " = " << comment_text(problem.demand_names[i]) << "\n";
    }
    out << "Maximize\n";
    {
        Expression e(out, "reach");
        for (std::size_t i : points) e.term(problem.demand[i], y(i));
        if (e.terms() == 0) e.term(0, "x1");
        out << "\n";
    }
    out << "Subject To\n";
    for (std::size_t i : points) {
        Expression e(out, "reach_" + y(i));
        e.term(1, y(i));
        for (int j : by_point[i]) e.term(-1, x(static_cast<std::size_t>(j)));
        out << " <= 0\n";
    }
    if (n > 0) {
        Expression e(out, "new_sites");
        for (std::size_t j = 0; j < n; ++j) e.term(1, x(j));
        out << " <= " << problem.new_sites << "\n";
    }
    for (int g = 0; g < problem.groups; ++g) {
        std::vector<std::size_t> members;
        for (std::size_t j = 0; j < n; ++j) {
            if (problem.group_of(j) == g) members.push_back(j);
        }
        const std::string name = static_cast<std::size_t>(g) < problem.group_names.size() ? problem.group_names[static_cast<std::size_t>(g)] : std::to_string(g);
        if (problem.max_per_group > 0 && !members.empty()) {
            out << "\\ at most " << problem.max_per_group << " in " << comment_text(name) << "\n";
            Expression e(out, "most_g" + std::to_string(g + 1));
            for (std::size_t j : members) e.term(1, x(j));
            out << " <= " << problem.max_per_group << "\n";
        }
        if (problem.min_per_group > 0) {
            out << "\\ at least " << problem.min_per_group << " in " << comment_text(name) << "\n";
            Expression e(out, "least_g" + std::to_string(g + 1));
            for (std::size_t j : members) e.term(1, x(j));
            if (members.empty()) e.term(0, "x1");
            out << " >= " << problem.min_per_group << "\n";
        }
    }
    for (std::size_t k = 0; k < problem.conflicts.size(); ++k) {
        Expression e(out, "apart_" + std::to_string(k + 1));
        e.term(1, x(static_cast<std::size_t>(problem.conflicts[k].first)));
        e.term(1, x(static_cast<std::size_t>(problem.conflicts[k].second)));
        out << " <= 1\n";
    }
    out << "Bounds\n";
    for (std::size_t i : points) out << " 0 <= " << y(i) << " <= 1\n";
    out << "Binaries\n";
    for (std::size_t j = 0; j < n; ++j) out << " " << x(j) << ((j + 1) % 10 == 0 || j + 1 == n ? "\n" : "");
    out << "End\n";
}

}  // namespace roisc
