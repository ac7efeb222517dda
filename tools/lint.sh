#!/usr/bin/env bash
# Static analysis of rectify: clang-tidy (.clang-tidy, examples/.clang-tidy)
# and cppcheck (tools/cppcheck-suppressions.txt). Exits non-zero on any
# finding. Runs from any directory; configures build/lint, builds nothing.
#
#   bash tools/lint.sh          the header and the examples (about a minute on 2 idle cores)
#   bash tools/lint.sh --all    also every other test file (four to eight minutes)
#
# clang-tidy sees the header through the translation units that include it:
# tests/header_strict.cpp instantiates every function for every element type,
# tests/kernel_macros.cpp is built with RECTIFY_NO_SIMD (the portable loop
# alone), and the examples, the code users copy, call every public function.
# The other tests cost 12-30 s of CPU each under clang-tidy (the Catch2 ones
# mostly in Catch2's macros) and reach no header code that those do not:
# clang-tidy checks them with --all, cppcheck always (in the configurations
# they are built in; with --all, in every one). The clang-analyzer
# checks follow the header's code from each program's calls; on header_strict,
# whose thirteen all_forms<T> each run the analyzer out of its per-function
# budget (~4 s apiece, 50 s in all), they run with --all only.
#
# Environment: CLANG_TIDY (default clang-tidy; CI's is 14), CPPCHECK (default
# cppcheck), RECTIFY_LINT_JOBS (clang-tidy processes at once, default 2).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start=$SECONDS

all=0
for arg in "$@"; do
  case "$arg" in
    --all) all=1 ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "lint.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

tidy="${CLANG_TIDY:-clang-tidy}"
cppcheck="${CPPCHECK:-cppcheck}"
jobs="${RECTIFY_LINT_JOBS:-2}"
build="$root/build/lint"

if ! command -v "$tidy" >/dev/null || ! command -v "$cppcheck" >/dev/null || ! command -v clang++ >/dev/null \
  || ! command -v cmake >/dev/null || ! command -v python3 >/dev/null; then
  bash "$root/tools/install-deps.sh" cmake make clang clang-tidy cppcheck catch2 python3
fi

# ---- every disabled check says why -------------------------------------------
# A `-check` in a .clang-tidy must have a comment line `# -check: reason`.
for config in .clang-tidy examples/.clang-tidy; do
  checks="$(sed -n '/^Checks:/,/^[A-Za-z]/p' "$config" | grep -v '^#' | sed -e 's/^Checks: *//' -e 's/^[>|]-\{0,1\}//' \
    | tr ',' '\n' | tr -d " '\"" | grep '^-' | grep -v '^-\*$' || true)"
  for check in $checks; do
    if ! grep -q "^# *${check}: [^ ]" "$config"; then
      echo "lint.sh: $config turns off $check without a '# $check: reason' line" >&2
      exit 1
    fi
  done
done

# ---- cppcheck, in the background while clang-tidy runs -------------------------
# cppcheck does not run the compiler, so it sees the header's #if branches
# only as told: each configuration below is one way the header is compiled.
# (Given a -D, cppcheck checks that configuration alone.)
x86="-D__GNUC__=12 -D__x86_64__ -D__cpp_exceptions=199711L -D__cpp_nontype_template_args=201911L"
configurations=(
  "$x86 -D__FLT16_MANT_DIG__=11"                                         # GCC, x86-64: dispatch, _Float16
  "$x86 -D__clang__=14"                                                  # Clang: its streaming-store builtin
  "$x86 -DRECTIFY_NO_DISPATCH -D__AVX2__ -D__AVX512F__ -D__AVX512BW__"   # kernels from -march flags
  "$x86 -DRECTIFY_NO_SIMD"                                               # the portable loop
  "-D__GNUC__=12 -D__aarch64__ -D__ARM_NEON -D__cpp_exceptions=199711L"  # AArch64: NEON
  "-D__GNUC__=12 -D__x86_64__"                                           # -fno-exceptions
  "-D_MSC_VER=1930 -D_MSVC_LANG=202002L -D_CPPUNWIND"                    # another compiler: no vector types
)
cppcheck_files=(include/rectify/rectify.hpp examples/*.cpp tests/*.cpp bench/*.cpp)
# The first configuration (GCC on x86-64) checks every file. The others
# check the header through the files that instantiate all of it:
# header_strict.cpp (every function for every type) and kernel_macros.cpp
# (the kernel macros), as clang-tidy does below; the two others the tests,
# benchmarks and examples are built in (Clang on x86-64, AArch64) check as
# well every file with an #if of its own on the compiler or the CPU (the
# rest of the files' code is the same there, and was checked in the first).
# Each file costs a configuration about as much as the header itself
# (cppcheck re-reads the header in every file): 45 s of CPU a configuration
# for every file, against 4 s for these three. --all checks every file in
# every configuration.
header_files=(include/rectify/rectify.hpp tests/header_strict.cpp tests/kernel_macros.cpp)
mapfile -t branch_files < <(grep -l -E '__clang__|__aarch64__|__ARM_NEON|__x86_64__|__GNUC__' \
  examples/*.cpp tests/*.cpp bench/*.cpp | grep -v -x -F -e tests/header_strict.cpp -e tests/kernel_macros.cpp)
all_files_in=(0)
branch_files_in=(1 4)
if [ "$all" = 1 ]; then
  all_files_in=("${!configurations[@]}")
  branch_files_in=()
fi
mkdir -p "$build"
rm -f "$build/cppcheck.failed"
run_cppcheck() {
  local failed=0 index configuration files
  for index in "${!configurations[@]}"; do
    configuration="${configurations[$index]}"
    files=("${header_files[@]}")
    if [[ " ${all_files_in[*]} " == *" $index "* ]]; then
      files=("${cppcheck_files[@]}")
    elif [[ " ${branch_files_in[*]} " == *" $index "* ]]; then
      files+=("${branch_files[@]}")
    fi
    # shellcheck disable=SC2086  # a configuration is several -D options
    if ! "$cppcheck" --enable=warning,style,performance,portability --std=c++20 --language=c++ --library=std \
      --inline-suppr --suppressions-list=tools/cppcheck-suppressions.txt --error-exitcode=1 --quiet \
      -I include -I tests -I bench $configuration \
      --template='{file}:{line}:{column}: {severity}: {message} [{id}]' "${files[@]}"; then
      echo "---- cppcheck found the above with: $configuration"
      failed=$((failed + 1))
    fi
  done
  echo "$failed" >"$build/cppcheck.failed"
}
echo "lint: cppcheck ($("$cppcheck" --version)): ${#cppcheck_files[@]} files in ${#all_files_in[@]}" \
  "configurations, ${#header_files[@]} in the other $((${#configurations[@]} - ${#all_files_in[@]}))" \
  "(and ${branch_files[*]:-no file} in those that build the tests)"
run_cppcheck >"$build/cppcheck.log" 2>&1 &
cppcheck_pid=$!

# ---- clang-tidy ----------------------------------------------------------------
echo "lint: configuring $build (clang++, compile_commands.json)"
if ! cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DRECTIFY_BUILD_TESTS=ON -DRECTIFY_BUILD_EXAMPLES=ON -DRECTIFY_BUILD_BENCHMARKS=OFF -DRECTIFY_UNITY_TESTS=OFF \
  >"$build/configure.log" 2>&1; then
  cat "$build/configure.log" >&2
  exit 1
fi

# The slowest first, so that the workers finish together.
tidy_files=(tests/header_strict.cpp tests/kernel_macros.cpp examples/mlp.cpp examples/api.cpp
  examples/quickstart.cpp examples/plot.cpp examples/tutorial.cpp examples/smooth.cpp examples/plot_smooth.cpp
  examples/prelu.cpp)
if [ "$all" = 1 ]; then
  tidy_files=(tests/*_test.cpp tests/odr_second_tu.cpp tests/no_exceptions_abort.cpp "${tidy_files[@]}")
fi

# The compile commands of those files, less the C++23 ones: clang-tidy 14's
# readability-braces-around-statements and readability-simplify-boolean-expr
# crash on libstdc++ 12's C++23 `if consteval` (and C++23 changes nothing in
# the header that Clang 14 has); less kernel_macros's
# RECTIFY_NO_DISPATCH builds: they differ from header_strict's in three #if
# branches only, which cppcheck checks, and would cost 15 s of CPU each; and
# less header_strict's object without <execution>: the one with it
# instantiates every template the plain one does and the policy forms
# besides (the header only adds code under RECTIFY_EXECUTION), and the
# examples and kernel_macros take the header without <execution> (13 s of
# CPU).
mkdir -p "$build/tidy"
python3 - "$build/compile_commands.json" "$build/tidy/compile_commands.json" "$root" "${tidy_files[@]}" <<'PYTHON'
import json, re, sys
source, target, root, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
wanted = {f"{root}/{f}" for f in files}
skipped = re.compile(r"-std=(c|gnu)\+\+(2b|23)\b|-DRECTIFY_NO_DISPATCH\b|rectify_header_strict_cxx")
commands = [c for c in json.load(open(source))
            if c["file"] in wanted and not skipped.search(c.get("command", " ".join(c.get("arguments", []))))]
missing = wanted - {c["file"] for c in commands}
if missing:
    sys.exit("lint.sh: no compile command for " + ", ".join(sorted(missing)))
json.dump(commands, open(target, "w"), indent=1)
PYTHON
tidy_commands="$(grep -c '"file":' "$build/tidy/compile_commands.json")"
checks_enabled="$("$tidy" -p "$build/tidy" --list-checks tests/header_strict.cpp | sed 1d | grep -c .)"
analyzer_checks="$("$tidy" -p "$build/tidy" --list-checks tests/header_strict.cpp | grep -c 'clang-analyzer-')"
example_checks="$("$tidy" -p "$build/tidy" --list-checks examples/api.cpp | sed 1d | grep -c .)"

echo "lint: clang-tidy ($("$tidy" --version | grep -o 'version [0-9.]*')): $checks_enabled checks," \
  "${#tidy_files[@]} files ($tidy_commands compile commands), $jobs at a time"
logs="$build/tidy/logs"
rm -rf "$logs"
mkdir -p "$logs"
export tidy build logs all
# One clang-tidy per file; its output goes to a log, printed below if it failed.
printf '%s\n' "${tidy_files[@]}" | xargs -P "$jobs" -I{} bash -c '
  log="$logs/$(echo "$1" | tr / %).log"
  extra=()
  if [ "$1" = tests/header_strict.cpp ] && [ "$all" = 0 ]; then
    extra=(--checks=-clang-analyzer-*)  # see the top of this file
  fi
  t0=$(date +%s)
  if "$tidy" -p "$build/tidy" --quiet "${extra[@]}" "$1" >"$log" 2>&1; then
    status=clean
  else
    status=FAILED
    touch "$log.failed"
  fi
  echo "  $1: $status ($(( $(date +%s) - t0 )) s)"' _ {}

tidy_failed=0
for log in "$logs"/*.log; do
  if [ -e "$log.failed" ]; then
    tidy_failed=$((tidy_failed + 1))
    echo "---- clang-tidy: $(basename "$log" .log | tr % /)"
    cat "$log"
  fi
done

wait "$cppcheck_pid" || true
cat "$build/cppcheck.log"
cppcheck_failed="$(cat "$build/cppcheck.failed" 2>/dev/null || echo "all")"

# ---- summary ---------------------------------------------------------------------
analyzed="on every file"
[ "$all" = 1 ] || analyzed="on every file but header_strict"
echo "lint: clang-tidy: ${#tidy_files[@]} files ($tidy_commands compile commands), $checks_enabled checks" \
  "enabled ($example_checks in examples/; $analyzer_checks are clang-analyzer's, $analyzed)," \
  "$tidy_failed files with findings"
echo "lint: cppcheck: ${#cppcheck_files[@]} files x ${#all_files_in[@]} configurations, ${#header_files[@]}" \
  "x $((${#configurations[@]} - ${#all_files_in[@]})) (+ ${#branch_files[@]} in ${#branch_files_in[@]})," \
  "$cppcheck_failed configurations with findings"
echo "lint: $((SECONDS - start)) s"
if [ "$tidy_failed" != 0 ] || [ "$cppcheck_failed" != 0 ]; then
  echo "lint: FAILED"
  exit 1
fi
echo "lint: clean"
