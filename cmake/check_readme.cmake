# cmake -DREADME=<README.md> -DFILES=<a;b;...> -P check_readme.cmake
# README.md must quote each file verbatim (a program, or its expected output),
# so the code and output it shows are the ones that build and are tested.
file(READ "${README}" readme)
foreach(f IN LISTS FILES)
  file(READ "${f}" text)
  string(FIND "${readme}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${README} does not quote ${f} verbatim; copy the file's current text into it")
  endif()
endforeach()
message(STATUS "README.md quotes ${FILES}")
