"""Benchmark the demo data generator: wall time and peak memory per tier, in a child process each.

    python -m segmentation.bench_generate --out bench/out [--tiers 4200,1000000]

Each tier runs ``python -m segmentation.generate`` under ``/usr/bin/time -v`` (GNU time) and reports
wall seconds, peak resident memory and rows written. Results go to ``<out>/generate.json`` and are
printed as a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path


def run_tier(accounts: int, out: Path) -> dict[str, object]:
    raw, truth = out / f"raw_{accounts}", out / f"truth_{accounts}"
    command = [
        sys.executable,
        "-m",
        "segmentation.generate",
        "--accounts",
        str(accounts),
        "--out",
        str(raw),
        "--truth",
        str(truth),
    ]
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", *command], text=True, capture_output=True, check=True)
    wall = time.perf_counter() - started
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    events = int(re.search(r"events=([\d,]+)", result.stdout).group(1).replace(",", ""))
    return {
        "accounts": accounts,
        "events": events,
        "wall_seconds": round(wall, 1),
        "peak_rss_gib": round(peak_kb / 1024 / 1024, 2),
        "command": " ".join(["python", "-m", "segmentation.generate", "--accounts", str(accounts)]),
        "output": result.stdout.strip(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.bench_generate")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--tiers", default="4200,1000000")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = [run_tier(int(t), args.out) for t in args.tiers.split(",")]
    machine = {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()}
    (args.out / "generate.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print("| accounts | events | wall (s) | peak RSS (GiB) |\n|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['accounts']:,} | {r['events']:,} | {r['wall_seconds']} | {r['peak_rss_gib']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
