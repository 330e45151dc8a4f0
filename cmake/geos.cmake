# GEOS (C API): buffers, unions and validity repair.
find_package(GEOS 3.11 CONFIG REQUIRED)
