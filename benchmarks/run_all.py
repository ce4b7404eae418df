"""Run every benchmark in this folder, one after another, and print their Markdown results.

    python benchmarks/run_all.py            # all
    python benchmarks/run_all.py runner     # only bench_runner.py

Each bench_<topic>.py prints its own table; copy the output into BENCHMARKS.md with the date.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    chosen = set(argv)
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        topic = script.stem.removeprefix("bench_")
        if chosen and topic not in chosen:
            continue
        print(f"\n## {topic}\n", flush=True)
        status |= subprocess.run([sys.executable, str(script)]).returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
