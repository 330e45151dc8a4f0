# Runs `roisc directory` twice into two folders: every calendar must be byte-identical between
# them, and must read back, with the right weekdays and times, through an independent iCalendar
# parser (check_calendars.py, python3-icalendar).
#   ROISC, WORKDIR, OUT, LAYERS, CHECK
foreach(side a b)
  file(REMOVE_RECURSE ${OUT}_${side})
  execute_process(COMMAND ${ROISC} -q directory --summary-only --out ${OUT}_${side} WORKING_DIRECTORY ${WORKDIR}
                  RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "roisc directory failed (${code}):\n${err}")
  endif()
endforeach()
file(GLOB calendars RELATIVE ${OUT}_a/calendars ${OUT}_a/calendars/*.ics)
if(NOT calendars)
  message(FATAL_ERROR "no calendar written in ${OUT}_a/calendars")
endif()
foreach(f IN LISTS calendars)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}_a/calendars/${f} ${OUT}_b/calendars/${f} RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "calendars/${f} differs between two runs")
  endif()
endforeach()
execute_process(COMMAND /usr/bin/python3 ${CHECK} ${OUT}_a ${LAYERS} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the calendars do not read back right")
endif()
