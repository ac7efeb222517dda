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
