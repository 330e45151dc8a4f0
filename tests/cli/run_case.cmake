# Runs the real roisc binary once and checks its exit code and output.
#   ROISC          path of the binary
#   ARGS           arguments, separated by "|"
#   WORKDIR        where to run it
#   EXPECT_EXIT    the exit code it must give
#   EXPECT_STDERR  regular expressions stderr must match, separated by "|"
#   EXPECT_STDOUT  regular expressions stdout must match, separated by "|"
#   EMPTY_STDERR   if ON, stderr must be empty
#   SHARED         files from ../shared/data it reads, separated by "|": when one is missing the case
#                  prints "SKIPPED: …" and passes, unless ROISC_REQUIRE_SHARED_DATA=1
include(${CMAKE_CURRENT_LIST_DIR}/shared_data.cmake)
require_shared_data("${SHARED}")
string(REPLACE "|" ";" args "${ARGS}")
execute_process(
  COMMAND ${ROISC} ${args}
  WORKING_DIRECTORY ${WORKDIR}
  RESULT_VARIABLE code
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
set(failed "")
if(NOT code STREQUAL "${EXPECT_EXIT}")
  string(APPEND failed "exit code ${code}, expected ${EXPECT_EXIT}\n")
endif()
if(EXPECT_STDERR)
  string(REPLACE "|" ";" patterns "${EXPECT_STDERR}")
  foreach(p IN LISTS patterns)
    if(NOT err MATCHES "${p}")
      string(APPEND failed "stderr does not match: ${p}\n")
    endif()
  endforeach()
endif()
if(EXPECT_STDOUT)
  string(REPLACE "|" ";" patterns "${EXPECT_STDOUT}")
  foreach(p IN LISTS patterns)
    if(NOT out MATCHES "${p}")
      string(APPEND failed "stdout does not match: ${p}\n")
    endif()
  endforeach()
endif()
if(EMPTY_STDERR AND NOT err STREQUAL "")
  string(APPEND failed "stderr is not empty\n")
endif()
if(failed)
  message(FATAL_ERROR "roisc ${args}\n${failed}--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
