#include "names.hpp"

#include <cctype>

namespace roisc::cli {

std::string slug(const std::string& text) {
    std::string s;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!s.empty() && s.back() != '-') s += '-';
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s;
}

std::string result_name(const std::string& command, const MeetingFilter& filter, const std::string& threshold,
                        const std::string& when) {
    std::string fellowships;
    for (Fellowship f : filter.fellowships.members()) fellowships += (fellowships.empty() ? "" : "-") + slug(to_string(f));
    std::string name = command + "-" + (filter.fellowships.any() ? std::string("all") : fellowships) + "-" + slug(threshold);
    for (const auto& t : filter.types) name += "-" + slug(t);
    if (!when.empty()) name += "-" + slug(when);
    return name;
}

double polygonal_area(const OGRGeometry* g) {
    if (!g) return 0;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPolygon: return g->toPolygon()->get_Area();
        case wkbMultiPolygon: return g->toMultiPolygon()->get_Area();
        case wkbGeometryCollection: {
            double a = 0;
            for (const auto* part : *g->toGeometryCollection()) a += polygonal_area(part);
            return a;
        }
        default: return 0;
    }
}

}  // namespace roisc::cli
