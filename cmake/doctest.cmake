# doctest: the unit test framework.
find_package(doctest 2.4 CONFIG REQUIRED)
