# GDAL/OGR: reading and writing every vector format roisc accepts.
find_package(GDAL 3.6 CONFIG REQUIRED)
