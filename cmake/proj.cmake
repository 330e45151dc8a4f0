# PROJ: coordinate reference systems and areas of use.
find_package(PROJ 9.1 CONFIG REQUIRED)
