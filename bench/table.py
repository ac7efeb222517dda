#!/usr/bin/env python3
"""Turns rectify_bench's JSON (--benchmark_format=json with repetitions) into a
Markdown table of median GB/s per benchmark and size, with each one's ratio to
memcpy of the same bytes measured in the same run.

    build/bench/bench/rectify_bench --benchmark_repetitions=5 \
        --benchmark_report_aggregates_only=true --benchmark_format=json > bench.json
    python3 bench/table.py bench.json
"""
import json
import sys
from collections import defaultdict


def main(path):
    with open(path) as f:
        data = json.load(f)
    gbps = defaultdict(dict)  # name -> size -> GB/s (median)
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name, size = b["run_name"].split("/")[:2]
        gbps[name.removeprefix("BM_")][int(size)] = b["bytes_per_second"] / 1e9
    sizes = sorted({s for per_size in gbps.values() for s in per_size})
    label = lambda s: f"{s >> 20}Mi" if s >= 1 << 20 else f"{s >> 10}Ki"
    ctx = data["context"]
    print(f"Median GB/s of {ctx.get('num_cpus')} x {ctx.get('mhz_per_cpu')} MHz CPUs, "
          f"{data['benchmarks'][0].get('repetitions', '?')} repetitions; "
          "in brackets: the ratio to memcpy of the same bytes in the same run.\n")
    print("| benchmark (float32) | " + " | ".join(label(s) for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in gbps:
        cells = []
        for s in sizes:
            v = gbps[name].get(s)
            ref = gbps.get("memcpy", {}).get(s)
            cells.append("-" if v is None else (f"{v:.1f}" if name == "memcpy" or not ref else f"{v:.1f} ({v / ref:.2f})"))
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdin")
