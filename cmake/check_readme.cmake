# cmake -DREADME=<page> -DROOT=<repository root> -P check_readme.cmake
#
# Keeps the code of README.md and of the pages under docs/ honest (<page> is
# README.md, docs/smooth.md...: absolute, or relative to the repository root):
# every fenced code block must be taken from a file of the repository that
# builds, runs or is tested, and says which with an HTML comment (invisible
# on the rendered page) on the line just above its opening fence:
#
#   <!-- from: PATH -->        the block is the whole file PATH, verbatim (an
#                              example program, or an .expected file that a
#                              test holds equal to a program's output)
#   <!-- from: PATH#NAME -->   the block is the region of PATH between the
#                              lines `// [readme:NAME]` and `// [readme:end]`,
#                              less the indentation of the `[readme:NAME]` line
#                              (preprocessor lines may start in column 0)
#   <!-- lines from: PATH -->  every line of the block is a line of PATH
#                              (leading and trailing blanks ignored, and in
#                              sh and cmake blocks a trailing `# comment` in
#                              the README). Text in
#                              <angle brackets> in the README stands for any
#                              text: `target_link_libraries(<your target> ...)`.
#                              A shell line `bash SCRIPT [args]` may also
#                              simply run a script that exists in the
#                              repository.
#
# PATH is relative to the repository root, on every page. The only blocks that
# may go without a marker are those of a "Speed" section (a `## Speed` section,
# or a whole page titled `# Speed`, such as docs/speed.md), which quote
# benchmark commands and results; they are listed as unchecked.

cmake_minimum_required(VERSION 3.21)  # modern policies for this script

if(NOT README OR NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DREADME=<page> -DROOT=<repository root> -P check_readme.cmake")
endif()
if(NOT IS_ABSOLUTE "${README}")
  set(README "${ROOT}/${README}")
endif()
if(NOT EXISTS "${README}")
  message(FATAL_ERROR "${README} does not exist")
endif()
# The page's name in messages: its path from the repository root.
file(RELATIVE_PATH page "${ROOT}" "${README}")

# CMake lists split at ';' and treat '[' ']' specially, and C++ has all three:
# text is handled with these three replaced by control characters, and put
# back only for messages.
string(ASCII 1 semicolon_code)
string(ASCII 2 open_code)
string(ASCII 3 close_code)

function(encode_text text out)
  string(REPLACE ";" "${semicolon_code}" text "${text}")
  string(REPLACE "[" "${open_code}" text "${text}")
  string(REPLACE "]" "${close_code}" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(decode_text text out)
  string(REPLACE "${semicolon_code}" ";" text "${text}")
  string(REPLACE "${open_code}" "[" text "${text}")
  string(REPLACE "${close_code}" "]" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Reads a file as a list of encoded lines (the last one empty when the file
# ends with a newline).
function(read_lines path out)
  file(READ "${path}" text)
  encode_text("${text}" text)
  string(REPLACE "\n" ";" lines "${text}")
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()

set(failures "")
set(unchecked "")
set(checked 0)

function(fail where message)
  decode_text("${message}" message)
  set(failures "${failures}\n  ${where}: ${message}" PARENT_SCOPE)
endfunction()

# The text of region NAME of the file at path (encoded), or a failure.
function(region_of path name out_text out_error)
  read_lines("${path}" lines)
  set(inside FALSE)
  set(found FALSE)
  set(text "")
  set(indent "")
  foreach(line IN LISTS lines)
    if(NOT inside)
      if(line MATCHES "^( *)// ${open_code}readme:${name}${close_code}$")
        set(inside TRUE)
        set(found TRUE)
        set(indent "${CMAKE_MATCH_1}")
      endif()
    elseif(line MATCHES "^ *// ${open_code}readme:end${close_code}$")
      set(inside FALSE)
      break()
    else()
      string(LENGTH "${indent}" n)
      string(SUBSTRING "${line}" 0 ${n} head)
      if(head STREQUAL indent)
        string(SUBSTRING "${line}" ${n} -1 line)
      elseif(line MATCHES "^#")
        # a preprocessor line at column 0 stays there
      elseif(NOT line MATCHES "^ *$")
        set(${out_error} "a line of region ${name} in ${path} is indented less than its marker" PARENT_SCOPE)
        return()
      endif()
      string(APPEND text "${line}\n")
    endif()
  endforeach()
  if(NOT found)
    set(${out_error} "${path} has no line `// [readme:${name}]`" PARENT_SCOPE)
  elseif(inside)
    set(${out_error} "region ${name} in ${path} has no `// [readme:end]`" PARENT_SCOPE)
  else()
    set(${out_text} "${text}" PARENT_SCOPE)
    set(${out_error} "" PARENT_SCOPE)
  endif()
endfunction()

# Checks one block (encoded text, one "\n" after each line) against its marker.
function(check_block where marker lang block)
  if(marker MATCHES "^from: ([^ #]+)#([A-Za-z0-9_-]+)$")
    set(path "${CMAKE_MATCH_1}")
    set(name "${CMAKE_MATCH_2}")
    if(NOT EXISTS "${ROOT}/${path}")
      fail("${where}" "${path} does not exist")
    else()
      region_of("${ROOT}/${path}" "${name}" expected error)
      if(error)
        fail("${where}" "${error}")
      elseif(NOT block STREQUAL expected)
        fail("${where}" "the block differs from region ${name} of ${path}; copy the region here:\n${expected}")
      endif()
    endif()
  elseif(marker MATCHES "^from: ([^ #]+)$")
    set(path "${CMAKE_MATCH_1}")
    if(NOT EXISTS "${ROOT}/${path}")
      fail("${where}" "${path} does not exist")
    else()
      file(READ "${ROOT}/${path}" expected)
      encode_text("${expected}" expected)
      if(NOT block STREQUAL expected)
        fail("${where}" "the block differs from ${path}; copy the file's current text here")
      endif()
    endif()
  elseif(marker MATCHES "^lines from: ([^ #]+)$")
    set(path "${CMAKE_MATCH_1}")
    if(NOT EXISTS "${ROOT}/${path}")
      fail("${where}" "${path} does not exist")
      set(failures "${failures}" PARENT_SCOPE)
      return()
    endif()
    read_lines("${ROOT}/${path}" source_lines)
    set(trimmed_source "")
    foreach(s IN LISTS source_lines)
      string(STRIP "${s}" s)
      list(APPEND trimmed_source "${s}")
    endforeach()
    string(REPLACE "\n" ";" block_lines "${block}")
    foreach(line IN LISTS block_lines)
      if(lang STREQUAL "sh" OR lang STREQUAL "cmake")
        string(REGEX REPLACE "[ \t]+#.*$" "" line "${line}")
      endif()
      string(STRIP "${line}" line)
      if(line STREQUAL "")
        continue()
      endif()
      if(lang STREQUAL "sh" AND line MATCHES "^bash ([^ ]+)")
        set(script "${ROOT}/${CMAKE_MATCH_1}")
        if(EXISTS "${script}" AND NOT IS_DIRECTORY "${script}")
          continue()
        endif()
      endif()
      # The README line as a regular expression: escape it, then let each
      # <placeholder> match any text.
      string(REGEX REPLACE "([.*+?^$()|\\\\])" "\\\\\\1" pattern "${line}")
      string(REGEX REPLACE "<[^>]+>" ".+" pattern "${pattern}")
      set(found FALSE)
      foreach(s IN LISTS trimmed_source)
        if(s MATCHES "^${pattern}$")
          set(found TRUE)
          break()
        endif()
      endforeach()
      if(NOT found)
        fail("${where}" "`${line}` is not a line of ${path}")
      endif()
    endforeach()
  else()
    fail("${where}" "unknown marker `<!-- ${marker} -->`; see cmake/check_readme.cmake")
  endif()
  set(failures "${failures}" PARENT_SCOPE)
endfunction()

read_lines("${README}" readme_lines)
set(number 0)
set(in_block FALSE)
set(marker "")
set(section "")
set(title "")
foreach(line IN LISTS readme_lines)
  math(EXPR number "${number} + 1")
  if(in_block)
    if(line MATCHES "^ *```$")
      set(in_block FALSE)
      set(where "${page}:${block_start}")
      if(block_marker)
        check_block("${where}" "${block_marker}" "${block_lang}" "${block}")
        math(EXPR checked "${checked} + 1")
      elseif(section STREQUAL "Speed" OR title STREQUAL "Speed")
        list(APPEND unchecked "${where}")
      else()
        fail("${where}" "a ```${block_lang} block with no `<!-- from: ... -->` line above it")
      endif()
    else()
      string(LENGTH "${block_indent}" n)
      string(SUBSTRING "${line}" 0 ${n} head)
      if(head STREQUAL block_indent)
        string(SUBSTRING "${line}" ${n} -1 line)
      endif()
      string(APPEND block "${line}\n")
    endif()
  elseif(line MATCHES "^( *)```([a-z+]*)$")
    set(in_block TRUE)
    set(block_indent "${CMAKE_MATCH_1}")
    set(block_lang "${CMAKE_MATCH_2}")
    set(block_start ${number})
    set(block_marker "${marker}")
    set(block "")
  elseif(line MATCHES "^ *<!-- (.*) -->$")
    set(marker "${CMAKE_MATCH_1}")
    continue()
  elseif(line MATCHES "^## (.*)$")
    set(section "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^# (.*)$" AND title STREQUAL "")
    set(title "${CMAKE_MATCH_1}")
  endif()
  set(marker "")
endforeach()
if(in_block)
  fail("${page}:${block_start}" "the block is never closed")
endif()

foreach(where IN LISTS unchecked)
  message(STATUS "${where}: a block of a Speed section, not checked")
endforeach()
if(failures)
  message(FATAL_ERROR "${page} quotes what no file holds:${failures}")
endif()
message(STATUS "${page}: all ${checked} marked code blocks match their files")
