# The shortlist sheet as a reader sees it: `roisc rank --list` writes shortlist.pdf; poppler turns
# every page into a PNG (pdftoppm) and reads its text (pdftotext): a cover, then for each town its
# map and its listing, each venue with its address, hours, free evenings and stops.
#   ROISC, WORKDIR, OUT
find_program(PDFTOPPM pdftoppm)
find_program(PDFTOTEXT pdftotext)
if(NOT PDFTOPPM OR NOT PDFTOTEXT)
  message("SKIPPED: poppler-utils (pdftoppm, pdftotext) is not installed; scripts/install-deps.sh installs it")
  return()
endif()
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${ROISC} -q rank -f NA --list --out ${OUT} WORKING_DIRECTORY ${WORKDIR}
                RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "roisc rank --list failed (${code}):\n${err}")
endif()
foreach(f shortlist.pdf shortlist.geojson shortlist.csv metadata.json)
  if(NOT EXISTS ${OUT}/${f})
    message(FATAL_ERROR "rank --list wrote no ${f}")
  endif()
endforeach()
execute_process(COMMAND ${PDFTOPPM} -r 30 -png ${OUT}/shortlist.pdf ${OUT}/page RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "pdftoppm cannot read the sheet: ${err}")
endif()
file(GLOB pages ${OUT}/page-*.png)
list(LENGTH pages n)
if(n LESS 13)
  message(FATAL_ERROR "the sheet has ${n} pages: a cover and at least a map and a listing for each of six towns expected")
endif()
execute_process(COMMAND ${PDFTOTEXT} -layout ${OUT}/shortlist.pdf ${OUT}/sheet.txt RESULT_VARIABLE code)
file(READ ${OUT}/sheet.txt text)
foreach(part "Venues for new NA meetings — Sandwell"
             "Oldbury: venues for a new NA meeting" "Rowley Regis: venues for a new NA meeting"
             "Smethwick: " "Tipton: " "Wednesbury: " "West Bromwich: "
             "Blackheath Library (library)" "Address: 145 High Street, Rowley Regis; postcode B65 0EA"
             "Opening hours: known" "Opening hours: unknown" "Free evenings: " "Stops: " "MODELLED")
  string(FIND "${text}" "${part}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the sheet's text has no '${part}'")
  endif()
endforeach()
message("sheet ok: ${n} pages")
