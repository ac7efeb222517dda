#!/usr/bin/env bash
# Reproduces the README's speed figures on Debian 12 (as root, or with sudo):
# installs the compiler, Google Benchmark and the peers (Eigen, oneDNN,
# XNNPACK, libtorch) with apt-get, builds the `bench` CMake preset (Release,
# no -march, as users build), runs rectify_bench with 5 repetitions, and
# writes docs/bench.md (the machine, the command and the tables) and
# docs/bench.png (GB/s against size). The JSON stays in build/bench/.
#
#   bash bench/run.sh                          # everything: about 35 minutes on 2 cores
#   bash bench/run.sh --filter '/f32/out/'     # some benchmarks only (a regex)
#   bash bench/run.sh --min-time 0.05 --repetitions 3   # quicker, noisier
#   bash bench/run.sh --no-install -- --benchmark_enable_random_interleaving=false
#
# Options:
#   --filter REGEX     run only benchmarks whose names match (see bench/relu_bench.cpp)
#   --min-time SECONDS minimum time per repetition (Google Benchmark's default: 0.5)
#   --repetitions N    repetitions whose median is reported (default 5)
#   --out DIR          where bench.md and bench.png go (default docs)
#   --no-install       do not run apt-get; use what is installed
#   -- ARGS...         passed to rectify_bench as they are
# Repetitions are interleaved at random across benchmarks, so that a burst of
# load on a shared machine spreads over all of them instead of one.
set -euo pipefail
cd "$(dirname "$0")/.."

invocation="bash bench/run.sh$([ $# -eq 0 ] || printf ' %q' "$@")"
filter="" min_time="" repetitions=5 out=docs install=1 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter="${2:?--filter needs a regex}"; shift 2 ;;
    --min-time) min_time="${2:?--min-time needs seconds}"; shift 2 ;;
    --repetitions) repetitions="${2:?--repetitions needs a number}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --no-install) install=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# libxnnpack-dev's header includes pthreadpool.h without depending on
# libpthreadpool-dev; oneDNN's CMake package needs OpenCL's (ocl-icd-opencl-dev).
peers=(libeigen3-dev libdnnl-dev ocl-icd-opencl-dev libxnnpack-dev libpthreadpool-dev libtorch-dev)
if [ "$install" = 1 ]; then
  start=$SECONDS
  bash tools/install-deps.sh cmake make g++ pkg-config libbenchmark-dev python3-matplotlib util-linux "${peers[@]}"
  echo "rectify: packages ready in $((SECONDS - start)) s"
fi

cmake --workflow --preset bench --fresh
# Debian's python3, where python3-matplotlib is (another python3 may come first on PATH).
python=/usr/bin/python3
[ -x "$python" ] || python=python3

json=build/bench/rectify_bench.json
args=(--benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true
      --benchmark_enable_random_interleaving=true
      --benchmark_out="$json" --benchmark_out_format=json)
[ -n "$filter" ] && args+=(--benchmark_filter="$filter")
[ -n "$min_time" ] && args+=(--benchmark_min_time="$min_time")
args+=("${extra[@]}")

cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' build/bench/CMakeCache.txt)
machine() {
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores;" \
    "$(lscpu | sed -n 's/^\(L[123][di]\{0,1\}\) cache: *\(.*\)/\1 \2/p' | paste -sd ';' | sed 's/;/; /g')"
  echo "- CPU flags of note: $(grep -m1 -o -w -E 'avx512f|avx2|sse4_2|neon|asimd' /proc/cpuinfo | sort -u | paste -sd ' ' || true)"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
  echo "- Compiler: $("$cxx" --version | head -1), CMAKE_BUILD_TYPE=Release, no -march (eigen_native: -march=native)"
  echo "- Peers: $(dpkg-query -W -f='${Package} ${Version}\n' "${peers[@]}" 2>/dev/null | paste -sd ',' | sed 's/,/, /g')"
}
echo "==== rectify: the machine ===="
machine

command="build/bench/bench/rectify_bench ${args[*]}"
echo "==== rectify: $command ===="
start=$SECONDS
status=0
build/bench/bench/rectify_bench "${args[@]}" || status=$?
echo "==== rectify: benchmarks ran in $((SECONDS - start)) s ===="
# A kernel that failed its check is listed under Errors in the table, and
# fails this script once the table is written.
[ -s "$json" ] || { echo "rectify: rectify_bench wrote no results" >&2; exit 1; }

mkdir -p "$out"
{
  echo "# rectify_bench results"
  echo
  echo "Made by \`$invocation\` on $(date -u +%Y-%m-%d), which ran:"
  echo
  echo "    $command"
  echo
  machine
  echo
  "$python" bench/table.py "$json" --png "$out/bench.png"
  echo
  echo "![GB/s against elements per array, per function and type](bench.png)"
} > "$out/bench.md.tmp"
mv "$out/bench.md.tmp" "$out/bench.md"
echo "rectify: wrote $out/bench.md and $out/bench.png (raw results: $json)"
[ "$status" = 0 ] || echo "rectify: rectify_bench exited with status $status: see Errors in $out/bench.md" >&2
exit "$status"
