# Cairo: maps as PNG, SVG and PDF (roisc map). Found with pkg-config, as Debian ships no CMake config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo>=1.16)
