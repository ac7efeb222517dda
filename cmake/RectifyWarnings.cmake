# Flags for rectify's own tests, examples and benchmarks; never put on the
# rectify target itself, so users' builds get none of them.
set(RECTIFY_STRICT_FLAGS
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wold-style-cast -Wdouble-promotion)

function(rectify_strict target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE ${RECTIFY_STRICT_FLAGS})
    if(RECTIFY_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# For code that instantiates third-party headers (the benchmarks' peers:
# Eigen, oneDNN, XNNPACK, libtorch), often with -march flags: the same
# warnings, so we still see them, but never as errors, even under
# RECTIFY_WERROR or a -Werror in CMAKE_CXX_FLAGS. Their code and the
# compiler's intrinsics headers are not ours to fix, and a new CPU or compiler
# must not fail the build (issue 10: GCC 12's -Wmaybe-uninitialized inside
# avx512fintrin.h under -march=native).
function(rectify_warnings_only target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE ${RECTIFY_STRICT_FLAGS} -Wno-error)
  endif()
endfunction()
