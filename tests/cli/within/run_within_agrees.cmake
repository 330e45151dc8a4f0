# `within --radius TIME` searches forward from one place; `gaps --beyond TIME` runs the multi-source
# pass backward from every eligible meeting. From a hotspot's own coordinates both must name the same
# nearest meeting at the same travel time (to the 0.1 min both print).
#   ROISC, WORKDIR, ARGS_GAPS, ARGS_WITHIN ("|"-separated, both --format csv), HOTSPOT, SHARED
include(${CMAKE_CURRENT_LIST_DIR}/../shared_data.cmake)
require_shared_data("${SHARED}")
foreach(side GAPS WITHIN)
  string(REPLACE "|" ";" args "${ARGS_${side}}")
  execute_process(COMMAND ${ROISC} ${args} WORKING_DIRECTORY ${WORKDIR} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "roisc ${args} failed (${code}):\n${err}")
  endif()
  set(out_${side} "${out}")
endforeach()
# gaps: rank,hotspot,town,people,nearest_meeting,meeting_place,distance_km,distance_mi,travel_min
if(NOT out_GAPS MATCHES "\n[0-9]+,${HOTSPOT},[^,\n]*,[^,\n]*,([^,\n]+),[^,\n]*,[0-9.]+,[0-9.]+,([0-9.]+)\n")
  message(FATAL_ERROR "hotspot ${HOTSPOT} with a travel time not found in the gaps output:\n${out_GAPS}")
endif()
set(gaps_meeting "${CMAKE_MATCH_1}")
set(gaps_minutes "${CMAKE_MATCH_2}")
# within: meeting,fellowship,when,venue,place,in_study,travel_min,distance_km,distance_mi,model; quickest first
if(NOT out_WITHIN MATCHES "^meeting,[^\n]*\n([^,\n]+),[^\n]*,([0-9.]+),[0-9.]+,[0-9.]+,network walk\n")
  message(FATAL_ERROR "no meeting with a network travel time in the within output:\n${out_WITHIN}")
endif()
set(within_meeting "${CMAKE_MATCH_1}")
set(within_minutes "${CMAKE_MATCH_2}")
if(NOT gaps_meeting STREQUAL within_meeting OR NOT gaps_minutes STREQUAL within_minutes)
  message(FATAL_ERROR "gaps: ${HOTSPOT} is ${gaps_minutes} min from ${gaps_meeting}; within from the same point: "
                      "${within_minutes} min to ${within_meeting}\n--- gaps ---\n${out_GAPS}\n--- within ---\n${out_WITHIN}")
endif()
message(STATUS "agree: ${HOTSPOT} is ${gaps_minutes} min from ${gaps_meeting} both ways")
