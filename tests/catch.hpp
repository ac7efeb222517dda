// Lets the same test files build with Catch2 2.x (Debian 12) and Catch2 3.x.
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#    include <catch2/catch_all.hpp>
#else
#    include <catch2/catch.hpp>
#endif
