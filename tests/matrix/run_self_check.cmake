# cmake -DCOMPILER=<c++> -DFLAGS=<list> -DSOURCE=<file.cpp> -DOUTPUT=<program>
#       [-DFASTMATH_SOURCE=<file.cpp>] -P run_self_check.cmake
#
# One cell of the compiler matrix: builds SOURCE with COMPILER and FLAGS
# (warnings are errors: the compiler must print nothing), runs the program,
# and fails if a step fails or the program's last line does not end in ": ok".
# With FASTMATH_SOURCE, that file is built with FLAGS and -ffast-math, SOURCE
# without it, and the program is linked with -ffast-math.
foreach(var IN ITEMS COMPILER FLAGS SOURCE OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_self_check.cmake: -D${var}=... is required")
  endif()
endforeach()
list(JOIN FLAGS " " shown_flags)

# Runs the compiler with the given arguments; stops on failure or on any output.
function(compile)
  execute_process(COMMAND "${COMPILER}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  list(JOIN ARGN " " shown)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL "")
    message(FATAL_ERROR "the build failed or warned (${rc}):\n${COMPILER} ${shown}\n${out}")
  endif()
endfunction()

string(TIMESTAMP start "%s%f")
if(DEFINED FASTMATH_SOURCE)
  compile(${FLAGS} -ffast-math -c "${FASTMATH_SOURCE}" -o "${OUTPUT}.fastmath.o")
  compile(${FLAGS} -c "${SOURCE}" -o "${OUTPUT}.o")
  compile(-ffast-math "${OUTPUT}.o" "${OUTPUT}.fastmath.o" -o "${OUTPUT}")
else()
  compile(${FLAGS} "${SOURCE}" -o "${OUTPUT}")
endif()
string(TIMESTAMP built "%s%f")

execute_process(COMMAND "${OUTPUT}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(TIMESTAMP ran "%s%f")
math(EXPR build_ms "(${built} - ${start}) / 1000")
math(EXPR run_ms "(${ran} - ${built}) / 1000")
message("${out}built in ${build_ms} ms, ran in ${run_ms} ms: ${COMPILER} ${shown_flags}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUTPUT} failed (${rc})")
endif()
if(NOT out MATCHES ": ok\n$")
  message(FATAL_ERROR "${OUTPUT} did not report ok")
endif()
