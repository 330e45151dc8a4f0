# Boost.Geometry (R-tree) and Boost.Graph (shortest paths).
find_package(Boost 1.74 CONFIG REQUIRED COMPONENTS graph)
