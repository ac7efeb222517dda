# Shared by the consumer projects in tests/consumers/*/ (each includes it with
# include(${CMAKE_CURRENT_SOURCE_DIR}/../common.cmake)). Plain CMake, nothing
# from rectify: a consumer must not rely on rectify's own build files.

# Fails configuration if bringing rectify in leaked rectify's own tests,
# examples or benchmarks into this (the user's) project.
function(consumer_check_no_leaks)
  if(DEFINED BUILD_TESTING)
    message(FATAL_ERROR "rectify leaked into the consumer: BUILD_TESTING is defined "
                        "(the consumer never includes CTest)")
  endif()
  if(TARGET rectify_tests)
    message(FATAL_ERROR "rectify leaked into the consumer: target rectify_tests exists")
  endif()

  # Every directory of the project, then every target and test defined in it.
  set(dirs "${CMAKE_SOURCE_DIR}")
  set(i 0)
  list(LENGTH dirs n)
  while(i LESS n)
    list(GET dirs ${i} dir)
    get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${subdirs})
    list(LENGTH dirs n)
    math(EXPR i "${i} + 1")
  endwhile()
  foreach(dir IN LISTS dirs)
    get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      if(target MATCHES "^rectify" AND NOT target STREQUAL "rectify")
        message(FATAL_ERROR "rectify leaked into the consumer: target ${target} (from ${dir})")
      endif()
    endforeach()
    get_property(tests DIRECTORY "${dir}" PROPERTY TESTS)
    if(tests)
      message(FATAL_ERROR "rectify leaked into the consumer: tests ${tests} (from ${dir})")
    endif()
  endforeach()

  # The library itself carries an include directory and C++20, never
  # rectify's own warning flags.
  if(TARGET rectify::rectify)
    get_target_property(options rectify::rectify INTERFACE_COMPILE_OPTIONS)
    if(options)
      message(FATAL_ERROR "rectify::rectify imposes compile options on users: ${options}")
    endif()
  endif()
endfunction()

# Warnings for consumer.cpp (a user's own choice of flags). With
# -DCONSUMER_WERROR=ON they are errors.
function(consumer_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow)
    if(CONSUMER_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
