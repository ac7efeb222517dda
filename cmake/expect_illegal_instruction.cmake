# Runs PROGRAM (a list: an emulator and its arguments may come first) and
# passes only if it dies of an illegal instruction (SIGILL), as the control
# of the mixed-flags test must. ctest's WILL_FAIL does not cover signals.
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result MATCHES "Illegal|132")
  message(FATAL_ERROR "expected death by illegal instruction, got: ${result}\n${out}${err}")
endif()
message(STATUS "died as expected: ${result}")
