# The booklet as a reader sees it: `roisc directory` writes directory_booklet.pdf; poppler turns
# every page into a PNG (pdftoppm) and reads its text (pdftotext): a cover, then for each town its
# map page and its listing, with the libraries' hours.
#   ROISC, WORKDIR, OUT
find_program(PDFTOPPM pdftoppm)
find_program(PDFTOTEXT pdftotext)
if(NOT PDFTOPPM OR NOT PDFTOTEXT)
  message("SKIPPED: poppler-utils (pdftoppm, pdftotext) is not installed; scripts/install-deps.sh installs it")
  return()
endif()
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${ROISC} -q directory --summary-only --out ${OUT} WORKING_DIRECTORY ${WORKDIR}
                RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "roisc directory failed (${code}):\n${err}")
endif()
execute_process(COMMAND ${PDFTOPPM} -r 30 -png ${OUT}/directory_booklet.pdf ${OUT}/page RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "pdftoppm cannot read the booklet: ${err}")
endif()
file(GLOB pages ${OUT}/page-*.png)
list(LENGTH pages n)
if(n LESS 13)
  message(FATAL_ERROR "the booklet has ${n} pages: a cover and at least a map and a listing for each of six towns expected")
endif()
execute_process(COMMAND ${PDFTOTEXT} -layout ${OUT}/directory_booklet.pdf ${OUT}/booklet.txt RESULT_VARIABLE code)
file(READ ${OUT}/booklet.txt text)
foreach(part "Sandwell recovery directory"
             "Oldbury: Sandwell recovery directory" "Oldbury: what there is"
             "Rowley Regis: what there is" "Smethwick: what there is" "Tipton: what there is"
             "Wednesbury: what there is" "West Bromwich: what there is"
             "library: Blackheath Library — open Mon-Thu 09:30-17:30"
             "AA meeting: " "SMART meeting: " "Not in Tipton: AA, NA, CA"
             "ILLUSTRATIVE")
  string(FIND "${text}" "${part}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the booklet's text has no '${part}'")
  endif()
endforeach()
message("booklet ok: ${n} pages")
