# cmake -DPROGRAM=<mlp> -DEXPECTED=<mlp.expected> -DMIN_ACCURACY=<percent> -P check_mlp.cmake
#
# Runs examples/mlp and checks what holds on any compiler and CPU, not the
# exact digits (the C library's exp and fused multiply-adds may change the
# last ones, and training amplifies them):
#   - it exits with 0;
#   - its output has the shape of EXPECTED (the output docs/relu.md quotes):
#     the same lines with every number replaced by # and runs of blanks by one;
#   - every run it reports learned: accuracy at least MIN_ACCURACY percent
#     (chance is 50); the dead-unit counts are printed here, not judged.
cmake_minimum_required(VERSION 3.21)

execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE actual RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}")
endif()
file(READ "${EXPECTED}" expected)

function(shape text out)
  string(REGEX REPLACE "[0-9]+(\\.[0-9]+)?" "#" text "${text}")
  string(REGEX REPLACE " +" " " text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
shape("${actual}" actual_shape)
shape("${expected}" expected_shape)
if(NOT actual_shape STREQUAL expected_shape)
  message(FATAL_ERROR "the output of ${PROGRAM} does not have the shape of ${EXPECTED}\n"
                      "--- expected ---\n${expected}--- actual ---\n${actual}")
endif()

string(REGEX MATCHALL "[^\n]*accuracy +[0-9.]+%[^\n]*" results "${actual}")
list(LENGTH results n)
if(n EQUAL 0)
  message(FATAL_ERROR "no accuracy in the output of ${PROGRAM}:\n${actual}")
endif()
set(too_low "")
foreach(line IN LISTS results)
  message(STATUS "${line}")
  string(REGEX MATCH "accuracy +([0-9]+)" _ "${line}")
  if(CMAKE_MATCH_1 LESS MIN_ACCURACY)
    string(APPEND too_low "\n${line}")
  endif()
endforeach()
if(too_low)
  message(FATAL_ERROR "accuracy below ${MIN_ACCURACY}%: the network did not learn:${too_low}")
endif()
message(STATUS "${n} runs learned (accuracy >= ${MIN_ACCURACY}%); output shaped as ${EXPECTED}")
