// Catch2 2.x needs its main compiled once; Catch2 3.x links Catch2WithMain.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
