# toml++: layer manifests and saved query files.
find_package(tomlplusplus 3.3 CONFIG REQUIRED)
