#include "asset_layer.hpp"

#include "roisc/core/text.hpp"

namespace roisc {

namespace {

const char* const hour_fields[] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu", "hours_fri", "hours_sat", "hours_sun"};

}  // namespace

AssetReading read_asset_fields(const Layer& layer, const Feature& f) {
    AssetReading r;
    Asset& a = r.asset;
    auto problem = [&](const std::string& logical, const std::string& code, std::string message, std::string fix) {
        r.problems.push_back({Problem::Severity::error, code, f.where, layer.spec.source_field(logical), std::move(message),
                              std::move(fix)});
    };
    a.id = layer.text(f, "id").value_or("");
    a.name = layer.text(f, "name").value_or("");
    a.layer = layer.spec.name;
    const std::string kind = trim(layer.text(f, "kind").value_or(""));
    if (kind.empty()) {
        problem("kind", "missing_value", "the asset has no kind.",
                "give it one of: " + known_asset_kinds_text() + " (or other).");
    } else if (const auto k = asset_kind_from_text(kind)) {
        a.kind = *k;
    } else {
        problem("kind", "unknown_kind", UnknownAssetKind{kind}.message(),
                "write one of the known kinds (or other), or map the layer's own field with fields = { kind = \"…\" }.");
    }
    a.address = trim(layer.text(f, "address").value_or(""));
    a.postcode = trim(layer.text(f, "postcode").value_or(""));
    a.contact = trim(layer.text(f, "contact").value_or(""));
    a.web = trim(layer.text(f, "web").value_or(""));
    a.note = trim(layer.text(f, "note").value_or(""));
    const std::string illustrative = lower(trim(layer.text(f, "illustrative").value_or("")));
    if (illustrative == "1" || illustrative == "true" || illustrative == "yes") {
        a.illustrative = true;
    } else if (!(illustrative.empty() || illustrative == "0" || illustrative == "false" || illustrative == "no")) {
        problem("illustrative", "wrong_type", "'" + shown(illustrative) + "' is not true or false.",
                "write true for an invented (illustrative) record, false or nothing for a real one.");
    }
    std::vector<std::optional<std::string>> days;
    for (const char* d : hour_fields) days.push_back(layer.text(f, d));
    std::string why;
    if (const auto hours = OpeningHours::parse(days, &why)) {
        a.hours = *hours;
    } else {
        // The day named in `why` ("Tuesday hours '…'") says which of the seven fields.
        std::string field = "hours_mon";
        for (int d = 0; d < 7; ++d) {
            if (why.rfind(full_name(weekday_from_index(d)), 0) == 0) field = hour_fields[d];
        }
        problem(field, "bad_hours", why + ".",
                "write opening hours as HH:MM-HH:MM (\"09:30-17:30\", \"09:30-13:00,14:00-17:00\"), \"\" when closed, or "
                "leave the field out (null) when unknown.");
    }
    const std::string sessions = layer.text(f, "sessions").value_or("");
    if (const auto slots = parse_sessions(sessions, &why)) {
        a.sessions = *slots;
    } else {
        problem("sessions", "bad_sessions", why + ".",
                "write weekly sessions as day and times joined by ';': \"Wed 10:00-14:00; Fri 18:00-20:00\".");
    }
    return r;
}

}  // namespace roisc
