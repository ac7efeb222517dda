# cmake -DPROGRAM=<exe> -DEXPECTED_STDERR=<text> -P expect_abort.cmake
# Passes if PROGRAM ends abnormally, prints EXPECTED_STDERR (literally) on
# stderr, and never prints "BUG" on stdout.
execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message(STATUS "exit: ${rc}\nstdout: ${out}\nstderr: ${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited normally; it should have aborted")
endif()
string(FIND "${err}" "${EXPECTED_STDERR}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr does not contain: ${EXPECTED_STDERR}")
endif()
if(out MATCHES "BUG")
  message(FATAL_ERROR "the program went on after the error")
endif()
