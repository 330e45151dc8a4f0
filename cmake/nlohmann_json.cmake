# nlohmann/json: meeting feeds (Meeting Guide, BMLT) and JSON table output.
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
