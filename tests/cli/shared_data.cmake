# require_shared_data("a|b"): returns from the calling script with a visible "SKIPPED:" notice when
# one of the files of ../shared/data is missing (a user's clone), and fails instead when
# ROISC_REQUIRE_SHARED_DATA=1 (as .ci/run sets), so CI never skips. Call it at the top level of a
# -P script: a macro, so that its return() leaves that script.
macro(require_shared_data files)
  if(NOT "${files}" STREQUAL "")
    string(REPLACE "|" ";" _shared_files "${files}")
    foreach(_shared_file IN LISTS _shared_files)
      if(NOT EXISTS "${_shared_file}")
        if("$ENV{ROISC_REQUIRE_SHARED_DATA}" STREQUAL "1")
          message(FATAL_ERROR "shared data missing: ${_shared_file} (ROISC_REQUIRE_SHARED_DATA=1)")
        endif()
        message("SKIPPED: shared data not found at ${_shared_file}; set ROISC_REQUIRE_SHARED_DATA=1 to fail instead")
        return()
      endif()
    endforeach()
  endif()
endmacro()
