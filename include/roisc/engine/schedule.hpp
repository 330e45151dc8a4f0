#pragma once
// The week grid: how many meetings start in each day and part of day, by town.
#include "roisc/engine/access.hpp"
#include "roisc/model/study.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

// One row of the week grid: an area, and how many meetings start in each day and part of day.
struct ScheduleRow {
    std::string area;                // a town, or the study (borough) total
    std::string scope;               // "inside", or "within 5mi"
    std::array<int, 21> counts{};    // [day * 3 + part]: Mon morning, Mon afternoon, Mon evening, Tue …
    int total() const;
};

// The week grid for the meetings `filter` accepts: each town, then the study as a whole, counting
// the weekly slots that start inside it and, when `within_metres` is given, those within that
// distance of its boundary. Only placed meetings count; a meeting held on two days counts twice.
std::vector<ScheduleRow> week_grid(const Study& study, const MeetingFilter& filter,
                                   std::optional<double> within_metres, const std::string& within_text);

}  // namespace roisc
