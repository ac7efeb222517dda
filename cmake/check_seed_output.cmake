# cmake -DSEED=<tutorial text> -DEXPECTED=<file> -P check_seed_output.cmake
# The tutorial's printed output lines ("Applying ... gives ...") must be the
# first lines of EXPECTED, in order.
file(STRINGS "${SEED}" seed_lines REGEX "^Applying (Leaky )?Relu on \\(.*\\) gives .*$")
file(STRINGS "${EXPECTED}" expected_lines)
list(LENGTH seed_lines n)
if(n EQUAL 0)
  message(FATAL_ERROR "no output lines found in ${SEED}")
endif()
set(i 0)
foreach(seed_line IN LISTS seed_lines)
  list(GET expected_lines ${i} expected_line)
  if(NOT seed_line STREQUAL expected_line)
    message(FATAL_ERROR "line ${i}: the tutorial prints '${seed_line}', ${EXPECTED} has '${expected_line}'")
  endif()
  math(EXPR i "${i} + 1")
endforeach()
message(STATUS "all ${n} printed lines of the tutorial match ${EXPECTED}")
