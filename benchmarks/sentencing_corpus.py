"""Benchmark the sentence engine over the worked-case corpus.

Runs every case of tests/data/crd-cases N times and reports the median time per case, plus the
pass rate per corpus group. Standard library only:

    PYTHONPATH=src python benchmarks/sentencing_corpus.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.sentencing.corpus import case_names, known_differences, load, mismatches  # noqa: E402

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, ENGINE_VERSION, calculate  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="how many times to run the whole corpus")
    args = parser.parse_args(argv)
    cases = [load(name) for name in case_names()]
    known = known_differences()
    passed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for corpus_case in cases:
        result = calculate(corpus_case.case, bank_holidays=CORPUS_BANK_HOLIDAYS)
        tally = passed[corpus_case.group]
        tally[1] += 1
        if not mismatches(corpus_case, result):
            tally[0] += 1
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for corpus_case in cases:
            calculate(corpus_case.case, bank_holidays=CORPUS_BANK_HOLIDAYS)
        runs.append(time.perf_counter() - started)
    median_run = statistics.median(runs)
    report = {
        "engine": ENGINE_VERSION,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cases": len(cases),
        "repeat": args.repeat,
        "median_seconds_per_corpus_run": round(median_run, 3),
        "median_ms_per_case": round(1000 * median_run / len(cases), 3),
        "passing": {group: f"{ok}/{total}" for group, (ok, total) in sorted(passed.items())},
        "total": f"{sum(v[0] for v in passed.values())}/{len(cases)}",
        "known_differences": len(known),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
