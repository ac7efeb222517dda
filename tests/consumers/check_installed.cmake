# cmake -DPREFIX=<install prefix> -DVERSION=<x.y.z> -P check_installed.cmake
# Fails unless `cmake --install` put the package files where users look.
foreach(file IN ITEMS
        include/rectify/rectify.hpp
        share/cmake/rectify/rectifyConfig.cmake
        share/cmake/rectify/rectifyConfigVersion.cmake
        share/cmake/rectify/rectifyTargets.cmake
        share/pkgconfig/rectify.pc)
  if(NOT EXISTS "${PREFIX}/${file}")
    list(APPEND missing "${file}")
  endif()
endforeach()
if(missing)
  file(GLOB_RECURSE present RELATIVE "${PREFIX}" "${PREFIX}/*")
  string(REPLACE ";" "\n  " present "${present}")
  string(REPLACE ";" "\n  " missing "${missing}")
  message(FATAL_ERROR "missing from ${PREFIX}:\n  ${missing}\ninstalled:\n  ${present}")
endif()

# The installed header is the source header, and says the package version.
file(STRINGS "${PREFIX}/include/rectify/rectify.hpp" lines
     REGEX "^#define RECTIFY_VERSION_(MAJOR|MINOR|PATCH) ")
foreach(line IN LISTS lines)
  if(line MATCHES "^#define RECTIFY_VERSION_([A-Z]+) +([0-9]+)")
    set(header_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  endif()
endforeach()
set(header_version "${header_MAJOR}.${header_MINOR}.${header_PATCH}")
if(DEFINED VERSION AND NOT header_version STREQUAL VERSION)
  message(FATAL_ERROR "installed rectify.hpp says ${header_version}, the package is ${VERSION}")
endif()

# The .pc file's Version line.
file(STRINGS "${PREFIX}/share/pkgconfig/rectify.pc" pc_version REGEX "^Version:")
if(DEFINED VERSION AND NOT pc_version MATCHES "^Version: *${VERSION}$")
  message(FATAL_ERROR "rectify.pc has '${pc_version}', expected 'Version: ${VERSION}'")
endif()
message(STATUS "installed tree in ${PREFIX} is complete (rectify ${header_version})")
