"""Measure one argon2id password check with the service's parameters (core/security.py).

    .venv/bin/python benchmarks/bench_password.py [--checks 30]

Prints the median and p90 wall time of `verify_password` on one thread, the figure behind
PASSWORD_HASH_CONCURRENCY (how many checks a process runs at once before answering 429).
"""

from __future__ import annotations

import argparse
import statistics
import time

from talentmatch.core.security import (
    ARGON2_MEMORY_KIB,
    ARGON2_PARALLELISM,
    ARGON2_TIME_COST,
    hash_password,
    verify_password,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=30)
    args = parser.parse_args()
    stored = hash_password("a-correct-horse-battery-staple")
    times = []
    for i in range(args.checks):
        started = time.perf_counter()
        verify_password(f"wrong-guess-{i}", stored)
        times.append(time.perf_counter() - started)
    times.sort()
    print(
        f"argon2id m={ARGON2_MEMORY_KIB} KiB t={ARGON2_TIME_COST} p={ARGON2_PARALLELISM}: "
        f"{args.checks} checks, median {statistics.median(times) * 1000:.0f} ms, "
        f"p90 {times[int(len(times) * 0.9) - 1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
