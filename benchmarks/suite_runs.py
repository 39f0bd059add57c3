"""Run the README's test suite several times in a row and record each run in ``RESULTS.md``.

The suite should pass three times in a row: this records consecutive runs, with their pass
counts and times, so that a flaky notebook shows up. Run from the repository's root, in the
environment to be tested (for the tested set: ``pip install -r requirements-lock.txt``)::

    python benchmarks/suite_runs.py --runs 3

Each run is the README's ``pytest`` (unit tests, then every notebook in quick mode), with
``COURSE_STRICT_OUTPUT=1`` as in CI, started only after the previous one ended. The table goes
into ``benchmarks/RESULTS.md`` between the markers below (replacing an earlier table there);
``time_to_accuracy.py``, which rewrites that file, keeps the block.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "RESULTS.md"
START = "<!-- suite-runs: start (written by benchmarks/suite_runs.py) -->"
END = "<!-- suite-runs: end -->"
SUMMARY = re.compile(r"^=* ?(\d+ (?:passed|failed|error).*?) in [\d.]+s", re.MULTILINE)


def run_once(extra: list[str]) -> dict[str, str | float | int]:
    """Run pytest once from the repository's root; return its summary, exit code and times."""
    env = {**os.environ, "COURSE_STRICT_OUTPUT": "1"}
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - begin
    found = SUMMARY.findall(done.stdout)
    return {
        "seconds": seconds,
        "exit": done.returncode,
        "summary": found[-1] if found else "no pytest summary line",
        "load": ", ".join(f"{value:.2f}" for value in os.getloadavg()),
        "tail": "\n".join(done.stdout.splitlines()[-15:]),
    }


def table(runs: list[dict], commit: str, note: str) -> str:
    """The markdown block written into RESULTS.md."""
    from importlib.metadata import version

    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    lines = [
        START,
        "### The suite, run several times in a row",
        "",
        f"The README's `pytest` (unit tests + every notebook in quick mode, "
        f"`COURSE_STRICT_OUTPUT=1` as in CI), run {len(runs)} times, one after the other, "
        f"at commit `{commit}`, on {os.cpu_count()} CPU cores ({platform.machine()}), no GPU; "
        f"Python {platform.python_version()}, Keras {version('keras')} ({backend} backend); "
        f"{time.strftime('%Y-%m-%d')}. {note}",
        "",
        "| run | wall time | exit code | result | load average (1, 5, 15 min) at its end |",
        "|---|---|---|---|---|",
    ]
    for number, run in enumerate(runs, 1):
        lines.append(
            f"| {number} | {run['seconds']:.0f} s | {run['exit']} | {run['summary']} | "
            f"{run['load']} |"
        )
    green = sum(run["exit"] == 0 for run in runs)
    lines += ["", f"{green} of {len(runs)} runs passed.", END]
    return "\n".join(lines)


def read_block(path: Path = REPORT) -> str:
    """The block this script wrote into ``path`` (markers included), or ``""`` if there is none."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START not in text or END not in text:
        return ""
    return START + text.split(START, 1)[1].split(END, 1)[0] + END


def write_block(block: str) -> None:
    """Put ``block`` into RESULTS.md, replacing the block already there (or appending it)."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    old = read_block(REPORT)
    text = text.replace(old, block) if old else text.rstrip("\n") + "\n\n" + block + "\n"
    REPORT.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--note", default="", help="a sentence on the machine's load, if any")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("pytest_args", nargs="*", help="extra arguments for pytest")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        or "unknown"
    )
    runs = []
    for number in range(1, args.runs + 1):
        runs.append(run_once(args.pytest_args))
        print(
            f"run {number}: {runs[-1]['seconds']:.0f} s, exit {runs[-1]['exit']}, "
            f"{runs[-1]['summary']}",
            flush=True,
        )
        if runs[-1]["exit"] != 0:
            print(runs[-1]["tail"], flush=True)
    block = table(runs, commit, args.note)
    print(block)
    if not args.no_write:
        write_block(block)
    return 0 if all(run["exit"] == 0 for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
