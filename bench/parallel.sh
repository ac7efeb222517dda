#!/usr/bin/env bash
# Runs rectify_parallel_bench (bench/parallel_bench.cpp) one implementation
# per process (OpenMP's and TBB's idle threads spin after their work and
# would slow the other runtime on a 2-core machine), with repetitions, and
# prints docs/parallel.md's table: medians in GB/s (bytes read and written),
# rectify's 2-thread speedup, and rectify against memcpy and the peers at the
# same thread count. Build first: cmake --preset bench && cmake --build
# build/bench --target rectify_parallel_bench.
#
#   bash bench/parallel.sh                     # 5 repetitions, 256Ki to 64Mi
#   bash bench/parallel.sh --repetitions 3 --min-time 0.2 --sizes '262144|4194304'
#   bash bench/parallel.sh --split             # the cutoff measurement (BM_split)
#   bash bench/parallel.sh --no-run            # the table again from the last run's JSON
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions=5 min_time=0.3 sizes='262144|1048576|4194304|16777216|67108864' split=0 run=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repetitions) repetitions="$2"; shift 2 ;;
    --min-time) min_time="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --split) split=1; shift ;;
    --no-run) run=0; shift ;;
    *) echo "bench/parallel.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
bench=build/bench/bench/rectify_parallel_bench
out=build/bench/parallel
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$split" = 1 ]; then
  impls=(split)
else
  impls=(memcpy rectify torch onednn)
fi
for impl in "${impls[@]}"; do
  [ "$run" = 1 ] || continue
  if [ "$impl" = split ]; then filter='BM_split/'; else filter="BM_par/$impl/[a-z_]+/[a-z]+/[12]/($sizes)/"; fi
  "$bench" --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
    --benchmark_min_time="$min_time" --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$out/$impl.json" --benchmark_out_format=json > /dev/null
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$out" "${impls[@]}" <<'PY'
import json, sys, collections
out, impls = sys.argv[1], sys.argv[2:]
g = collections.defaultdict(dict)  # (fn, place, n) -> {(impl, threads): GB/s}
for impl in impls:
    for b in json.load(open(f"{out}/{impl}.json"))["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        parts = b["run_name"].split("/")  # BM_par/impl/fn/place/threads/n/real_time
        _, who, f, place, threads, n = parts[:6]
        g[(f, place, int(n))][(who, int(threads))] = b["bytes_per_second"] / 1e9
def size(n):
    return f"{n >> 20}Mi" if n >= 1 << 20 else f"{n >> 10}Ki"
def v(d, k):
    return f"{d[k]:.1f}" if k in d else "-"
if impls == ["split"]:
    print("| function | n | 1 thread GB/s | 2 threads GB/s | 2 / 1 |")
    print("| --- | --- | --- | --- | --- |")
    for (f, place, n), d in sorted(g.items(), key=lambda e: (e[0][0], e[0][2])):
        a, b = d.get(("rectify", 1)), d.get(("rectify", 2))
        print(f"| {f} | {size(n)} | {v(d, ('rectify', 1))} | {v(d, ('rectify', 2))} | {b / a:.2f} |" if a and b else "")
    sys.exit()
copy = {n: d for (f, place, n), d in g.items() if f == "copy"}
print("| function | place | n | memcpy 1 / 2 | rectify 1 / 2 | 2 / 1 | libtorch 1 / 2 | oneDNN 1 / 2 | rectify / libtorch, 1 / 2 threads |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
order = {"relu": 0, "leaky_relu": 1, "gelu": 2, "silu": 3}
for (f, place, n), d in sorted(g.items(), key=lambda e: (order.get(e[0][0], 9), e[0][1] != "out", e[0][2])):
    if f == "copy":
        continue
    c = copy.get(n, {})
    r1, r2 = d.get(("rectify", 1)), d.get(("rectify", 2))
    t1, t2 = d.get(("torch", 1)), d.get(("torch", 2))
    speedup = f"{r2 / r1:.2f}" if r1 and r2 else "-"
    vs = " / ".join(f"{r / t:.2f}" if r and t else "-" for r, t in ((r1, t1), (r2, t2)))
    print(f"| {f} | {place} | {size(n)} | {v(c, ('memcpy', 1))} / {v(c, ('memcpy', 2))} | "
          f"{v(d, ('rectify', 1))} / {v(d, ('rectify', 2))} | {speedup} | "
          f"{v(d, ('torch', 1))} / {v(d, ('torch', 2))} | {v(d, ('onednn', 1))} / {v(d, ('onednn', 2))} | {vs} |")
PY
