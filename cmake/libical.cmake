# libical: the weekly iCalendar files of roisc directory (RFC 5545). Found with pkg-config, as
# Debian's libical-dev ships no CMake config for the C library.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBICAL REQUIRED IMPORTED_TARGET libical>=3.0)
