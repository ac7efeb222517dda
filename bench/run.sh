#!/usr/bin/env bash
# Reproduces the README's speed figures on Debian 12 (as root, or with sudo):
# installs the compiler, Google Benchmark, MPFR and the peers (Eigen, oneDNN,
# XNNPACK, libtorch, SLEEF) with apt-get, builds the `bench` CMake preset
# (Release, no -march, as users build), runs rectify_bench with 5
# repetitions and rectify_accuracy, and writes
#   docs/bench.md, docs/bench.png  relu and leaky_relu: the machine, the
#                                  command, every table; GB/s against size
#   docs/speed.md (its smooth-functions figures), docs/speed.png
#                                  the smooth functions (gelu ... mish, their
#                                  derivatives and backward passes), the same
#                                  way, with their targets against SLEEF
#                                  composed and against the fastest peer
#   docs/bench_half.md (its figures), docs/bench_half.png
#                                  every function on bfloat16 and float16:
#                                  rectify beside the fastest peer and memcpy,
#                                  against the 16-bit targets; the peers'
#                                  accuracy in those types
#   docs/accuracy.md (its figures) rectify_accuracy's tables: every
#                                  implementation's error against MPFR
# In docs/speed.md and docs/accuracy.md only the text between the lines
# `<!-- figures: filled from bench/run.sh -->` and `<!-- figures: end -->`
# is replaced. Tables whose functions the run did not cover (see --filter)
# are left as they were. The JSON stays in build/bench/.
#
#   bash bench/run.sh                          # everything: well over an hour on 2 cores
#   bash bench/run.sh --filter '/f32/out/'     # some benchmarks only (a regex)
#   bash bench/run.sh --min-time 0.05 --repetitions 3   # quicker, noisier
#   bash bench/run.sh --no-install -- --benchmark_enable_random_interleaving=false
#   bash bench/run.sh --no-install --repetitions 3 --min-time 0.1 \
#       --filter '^BM_(memcpy|gelu|gelu_tanh|silu|sigmoid|tanh|elu|selu|celu|softplus|mish)[a-z_]*/.*/f32/.*/(1024|16384|262144|4194304)$'
#                                              # the smooth functions on float, 4 sizes: about 15 minutes
#   bash bench/run.sh --no-install --no-accuracy --repetitions 3 --min-time 0.05 \
#       --filter '/(bf16|f16)/.*/(262144|4194304)$'
#                                              # the 16-bit types (docs/bench_half.md) at 256Ki and 4Mi
#
# Options:
#   --filter REGEX     run only benchmarks whose names match (see bench/relu_bench.cpp)
#   --min-time SECONDS minimum time per repetition (Google Benchmark's default: 0.5)
#   --repetitions N    repetitions whose median is reported (default 5)
#   --out DIR          where the .md and .png files go (default docs)
#   --no-install       do not run apt-get; use what is installed
#   --no-accuracy      do not run rectify_accuracy (docs/accuracy.md is left as it was)
#   --no-run           install, build and benchmark nothing: write the tables
#                      again from the last run's JSON (and run rectify_accuracy)
#   -- ARGS...         passed to rectify_bench as they are
# Repetitions are interleaved at random across benchmarks, so that a burst of
# load on a shared machine spreads over all of them instead of one.
set -euo pipefail
cd "$(dirname "$0")/.."

# This command as one would type it again (single quotes where needed).
quote() {
  local a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./=:,+-]+$ ]]; then printf ' %s' "$a"; else printf " '%s'" "${a//\'/\'\\\'\'}"; fi
  done
}
invocation="bash bench/run.sh$(quote "$@")"
filter="" min_time="" repetitions=5 out=docs install=1 accuracy=1 run=1 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter="${2:?--filter needs a regex}"; shift 2 ;;
    --min-time) min_time="${2:?--min-time needs seconds}"; shift 2 ;;
    --repetitions) repetitions="${2:?--repetitions needs a number}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --no-install) install=0; shift ;;
    --no-accuracy) accuracy=0; shift ;;
    --no-run) run=0; install=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# libxnnpack-dev's header includes pthreadpool.h without depending on
# libpthreadpool-dev; oneDNN's CMake package needs OpenCL's (ocl-icd-opencl-dev).
# MPFR (libmpfr-dev) is rectify_accuracy's reference, not a peer.
peers=(libeigen3-dev libdnnl-dev ocl-icd-opencl-dev libxnnpack-dev libpthreadpool-dev libtorch-dev libsleef-dev)
if [ "$install" = 1 ]; then
  start=$SECONDS
  bash tools/install-deps.sh cmake make g++ pkg-config libbenchmark-dev python3-matplotlib util-linux libmpfr-dev \
    "${peers[@]}"
  echo "rectify: packages ready in $((SECONDS - start)) s"
fi

if [ "$run" = 1 ]; then
  cmake --workflow --preset bench --fresh
fi
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
  echo "- CPU flags of note: $(grep -m1 -o -w -E 'avx512f|avx512_bf16|avx512_fp16|avx2|f16c|sse4_2|neon|asimd|asimdhp' /proc/cpuinfo | sort -u | paste -sd ' ' || true)"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
  echo "- Compiler: $("$cxx" --version | head -1), CMAKE_BUILD_TYPE=Release, no -march" \
    "(eigen_native, plain_loop_native: -march=native)"
  echo "- Peers: $(dpkg-query -W -f='${Package} ${Version}\n' "${peers[@]}" 2>/dev/null | paste -sd ',' | sed 's/,/, /g')"
}
echo "==== rectify: the machine ===="
machine

# What made the JSON, kept beside it for --no-run.
made=build/bench/rectify_bench.made
status=0
if [ "$run" = 1 ]; then
  command="build/bench/bench/rectify_bench ${args[*]}"
  echo "==== rectify: $command ===="
  start=$SECONDS
  build/bench/bench/rectify_bench "${args[@]}" || status=$?
  echo "==== rectify: benchmarks ran in $((SECONDS - start)) s ===="
  printf '%s\n%s\n%s\n' "$invocation" "$command" "$(date -u +%Y-%m-%d)" > "$made"
fi
# A kernel that failed its check is listed under Errors in the table, and
# fails this script once the table is written.
[ -s "$json" ] || { echo "rectify: rectify_bench wrote no results ($json)" >&2; exit 1; }
if [ -s "$made" ]; then
  { read -r made_by; read -r command; read -r made_on; } < "$made"
else
  made_by=$invocation command="(unknown)" made_on=$(date -u +%Y-%m-%d)
fi

mkdir -p "$out"
written=()
# put PAGE BODY TITLE: the generated text BODY into PAGE. A page written by
# hand keeps its words and gets BODY between its two marker lines
#   <!-- figures: filled from bench/run.sh -->
#   <!-- figures: end -->
# (docs/speed.md, docs/accuracy.md); a page made wholly by this script (its
# first line `# rectify_bench results...` or `# rectify_accuracy results...`,
# docs/bench.md), or none yet, is written whole under the title TITLE. Any
# other page is left alone, and BODY stays in build/bench/.
put() {
  local page=$1 body=$2 title=$3
  "$python" - "$page" "$body" "$title" <<'PY'
import os, sys
page, body_path, title = sys.argv[1:]
begin, end = "<!-- figures: filled from bench/run.sh -->", "<!-- figures: end -->"
body = open(body_path).read().strip("\n")
old = open(page).read() if os.path.exists(page) else None
if old is not None and begin in old and end in old.split(begin, 1)[1]:
    before, rest = old.split(begin, 1)
    after = rest.split(end, 1)[1]
    new = f"{before}{begin}\n\n{body}\n\n{end}{after}"
elif old is None or old.startswith(("# rectify_bench results", "# rectify_accuracy results")):
    new = f"# {title}\n\n{body}\n"
else:
    sys.exit(f"rectify: {page} has no `{begin}` ... `{end}` lines to fill: left as it was")
with open(page + ".tmp", "w") as f:
    f.write(new)
os.replace(page + ".tmp", page)
PY
}

# tabulate FAMILY PAGE PNG TITLE [ALT]: the tables of FAMILY (table.py --family)
# and the plot PNG (described by ALT) into PAGE, if the JSON has results of
# that family (table.py --if-present exits with 3 if not).
tabulate() {
  local family=$1 page=$2 png=$3 title=$4 table_status=0 body
  local alt=${5:-GB/s against elements per array, per function and type}
  body="build/bench/$family.md"
  "$python" bench/table.py "$json" --family "$family" --if-present --png "$png.tmp.png" \
    > "$body.tables" || table_status=$?
  if [ "$table_status" = 3 ]; then
    rm -f "$body.tables" "$png.tmp.png"
    echo "rectify: no $family results in $json: $page left as it was"
    return 0
  fi
  [ "$table_status" = 0 ] || { rm -f "$png.tmp.png"; return "$table_status"; }
  {
    echo "Made by \`$made_by\` on $made_on, which ran \`$command\`."
    echo
    machine
    echo
    cat "$body.tables"
    echo
    echo "![$alt]($(basename "$png"))"
  } > "$body"
  mv "$png.tmp.png" "$png"
  put "$page" "$body" "$title"
  written+=("$page" "$png")
}
tabulate relu "$out/bench.md" "$out/bench.png" "rectify_bench results: relu and leaky_relu"
tabulate smooth "$out/speed.md" "$out/speed.png" "rectify_bench results: the smooth functions"
tabulate rest "$out/bench_rest.md" "$out/bench_rest.png" \
  "rectify_bench results: relu6, hardtanh, hardsigmoid, hardswish and threshold"
tabulate half "$out/bench_half.md" "$out/bench_half.png" "rectify_bench results: bfloat16 and float16" \
  "rectify and the fastest peer as a share of memcpy, per function, at the largest size"

# Accuracy: every implementation on the same 2^20 + 33 inputs against MPFR
# (bench/accuracy.cpp); seconds.
accuracy_status=0
if [ "$accuracy" = 1 ]; then
  if [ -x build/bench/bench/rectify_accuracy ]; then
    echo "==== rectify: build/bench/bench/rectify_accuracy ===="
    start=$SECONDS
    body=build/bench/accuracy.md
    build/bench/bench/rectify_accuracy --markdown "$body.tables" > /dev/null || accuracy_status=$?
    echo "==== rectify: rectify_accuracy ran in $((SECONDS - start)) s ===="
    if [ "$accuracy_status" = 0 ]; then
      {
        echo "Made by \`$invocation\` on $(date -u +%Y-%m-%d), which ran" \
          "\`build/bench/bench/rectify_accuracy\`."
        echo
        machine
        echo
        cat "$body.tables"
      } > "$body"
      put "$out/accuracy.md" "$body" "rectify_accuracy results: the smooth functions against MPFR, float"
      written+=("$out/accuracy.md")
    fi
  else
    echo "rectify: no rectify_accuracy (it needs MPFR: libmpfr-dev): $out/accuracy.md left as it was" >&2
  fi
fi

echo "rectify: wrote ${written[*]:-nothing} (raw results: $json)"
[ "$status" = 0 ] || echo "rectify: rectify_bench exited with status $status: see Errors in the tables" >&2
[ "$accuracy_status" = 0 ] || echo "rectify: rectify_accuracy exited with status $accuracy_status" >&2
[ "$status" = 0 ] || exit "$status"
exit "$accuracy_status"
