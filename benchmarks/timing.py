"""What the benchmarks share: where the results go, and the median of repeated runs."""

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def median_seconds(action, repeat: int) -> float:
    """The median of `repeat` runs of `action`, after one that warms the page cache and the
    statement cache."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
