# CLI11: command-line parsing with checks attached to each option.
find_package(CLI11 2.1 CONFIG REQUIRED)
