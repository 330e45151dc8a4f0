#pragma once
// The one error family. Only main() catches; each kind maps to an exit code.
#include <stdexcept>
#include <string>
#include <utility>

namespace roisc {

enum class ExitCode : int { ok = 0, runtime = 1, arguments = 2, data = 3 };

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    virtual ExitCode exit_code() const { return ExitCode::runtime; }
};

// The command line is wrong: an unknown option, a bare number without unit, a missing file named
// on the command line.
class ArgumentError : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::arguments; }
};

// A query whose meaning is wrong: a reach of zero, a per-town cap above the total. The engine
// names the concept (`subject`: "the reach", "the per-town cap"), never a command-line option;
// the command that built the query says which of its options that is.
class QueryError : public ArgumentError {
public:
    QueryError(std::string subject, const std::string& problem)
        : ArgumentError(subject + " " + problem), subject_(std::move(subject)), problem_(problem) {}
    const std::string& subject() const { return subject_; }
    const std::string& problem() const { return problem_; }

private:
    std::string subject_;
    std::string problem_;
};

// An input file or layer cannot be used as it is. The message names the file, the line or
// feature, the field, and what to do.
class DataError : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::data; }
};

// Something failed while running (a library call, a write), not because of the input.
class RuntimeFailure : public Error {
public:
    using Error::Error;
};

}  // namespace roisc
