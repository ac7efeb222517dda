# cmake -DPLOT=<plot> -DPYTHON=<python3> -DSCRIPT=<plot_activations.py> -DOUT=<path without extension>
#   [-DSCRIPT_ARGS=<more arguments of the script>] -P draw_plot.cmake
# Runs examples/plot into OUT.csv and the picture script on it into OUT.png,
# and fails unless both succeed and the picture is a PNG.
cmake_minimum_required(VERSION 3.21)
execute_process(COMMAND "${PLOT}" OUTPUT_FILE "${OUT}.csv" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PLOT} exited with ${rc}")
endif()
file(REMOVE "${OUT}.png")
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${OUT}.csv" "${OUT}.png" ${SCRIPT_ARGS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} exited with ${rc}")
endif()
file(READ "${OUT}.png" signature LIMIT 8 HEX)
if(NOT signature STREQUAL "89504e470d0a1a0a")
  message(FATAL_ERROR "${OUT}.png is not a PNG file")
endif()
message(STATUS "drew ${OUT}.png")
