# A bounded fuzzing run, of the tests fuzz.differential_* (see CMakeLists.txt):
#   cmake -DFUZZER=... -DWORK_CORPUS=... -DSEEDS=... -DLOG=... -DARGS=a;b;c -P run_bounded.cmake
# Empties WORK_CORPUS (so every run starts from the seeds alone, as its fixed
# -seed needs to repeat), runs the fuzzer on WORK_CORPUS then SEEDS, keeps its
# whole output in LOG, prints most of it, then a summary: libFuzzer's "Done N runs"
# line, its final stats and the size of the corpus. Fails if the fuzzer did.
foreach(var FUZZER WORK_CORPUS SEEDS LOG ARGS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_bounded.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_CORPUS}")
file(MAKE_DIRECTORY "${WORK_CORPUS}")

execute_process(COMMAND "${FUZZER}" ${ARGS} "${WORK_CORPUS}" "${SEEDS}"
                RESULT_VARIABLE result
                OUTPUT_VARIABLE output
                ERROR_VARIABLE output)
file(WRITE "${LOG}" "${output}")
# The output less libFuzzer's line per new or reduced corpus entry (a thousand
# or more; they stay in LOG).
string(REGEX MATCHALL "\t(NEW|REDUCE) " progress "${output}")
list(LENGTH progress progress_count)
string(REGEX REPLACE "#[0-9]+\t(NEW|REDUCE) [^\n]*\n" "" shown "${output}")
message("${shown}(${progress_count} NEW/REDUCE lines left out here)")

file(GLOB found "${WORK_CORPUS}/*")
list(LENGTH found found_count)
string(REGEX MATCHALL "(#[0-9]+[ \t]+DONE[^\n]*|Done [0-9]+ runs in [0-9]+ second\\(s\\)|stat::[^\n]*)" summary "${output}")
list(JOIN summary "\n  " summary)
message("rectify_fuzz summary (whole output in ${LOG}):\n  ${summary}\n"
        "  new inputs kept in ${WORK_CORPUS}: ${found_count}")

if(NOT result EQUAL 0)
  message(FATAL_ERROR "rectify_fuzz failed (exit ${result}); the failing input was saved (see \"Test unit "
                      "written to\" above); replay it with: ${FUZZER} <that file>")
endif()
if(NOT output MATCHES "Done [0-9]+ runs in")
  message(FATAL_ERROR "rectify_fuzz did not finish its run (no \"Done N runs\" line)")
endif()
