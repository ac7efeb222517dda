// The header's version macros equal the CMake project version.
#include "catch.hpp"

#include <rectify/rectify.hpp>

TEST_CASE("version macros equal the CMake project version", "[version]") {
    STATIC_REQUIRE(RECTIFY_VERSION_MAJOR == RECTIFY_TEST_CMAKE_VERSION_MAJOR);
    STATIC_REQUIRE(RECTIFY_VERSION_MINOR == RECTIFY_TEST_CMAKE_VERSION_MINOR);
    STATIC_REQUIRE(RECTIFY_VERSION_PATCH == RECTIFY_TEST_CMAKE_VERSION_PATCH);
    STATIC_REQUIRE(RECTIFY_VERSION == RECTIFY_TEST_CMAKE_VERSION_MAJOR * 10000 +
                                          RECTIFY_TEST_CMAKE_VERSION_MINOR * 100 +
                                          RECTIFY_TEST_CMAKE_VERSION_PATCH);
}
