"""Runs course notebooks headless on the course kernel and checks what they produced.

Two modes:

* ``run`` (chapters in notebooks/ and answer sheets in solutions/): every cell must run; a cell
  may fail only when tagged ``raises-exception``. Every graded cell (nbgrader ``grade: true``) must
  print a ``PASS`` line, every cell tagged ``shows-image`` must show a PNG picture, and no graded
  cell may write to stderr (nbgrader scores that as zero).
* ``run --exercises`` (student sheets in exercises/): ALL cells run, errors allowed, and the kernel
  must survive. Each graded cell must fail with "not answered yet" or "FAIL" (the stub is still
  there); any other failing cell is a defect of the sheet.

Prints a table (notebook, cells, seconds, images, status) and exits 1 if any notebook failed.
"""
from __future__ import annotations

import argparse
import fnmatch
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import notebooks
from .execute import (IMAGE_TAG, RAISES_TAG, KernelUnavailable, code_cells, describe,
                      error_text, execute, png_sizes, stream_text, tags, was_run)
from .notebooks import KERNEL_NAME, nbgrader

DEFAULT_DIRS = ("notebooks", "solutions")
EXERCISE_FAILURE_WORDS = ("not answered yet", "FAIL")


def plain_result(cell) -> str:
    """The text/plain of a cell's results and displays."""
    texts = [o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", [])
             if o.get("output_type") in ("execute_result", "display_data")]
    return "".join(t if isinstance(t, str) else "".join(t) for t in texts)


def missing_texts(nb, texts: list[str]) -> list[str]:
    """The ``texts`` that no code cell of ``nb`` printed (stdout) or showed as text/plain."""
    printed = "".join(stream_text(c, "stdout") + plain_result(c) for _, c in code_cells(nb))
    return [text for text in texts if text not in printed]


def summary(error: str, limit: int = 500) -> str:
    """The first lines of a cell's error on one line (compile errors put the reason lower down)."""
    lines = [l.strip() for l in error.splitlines() if l.strip() and l.strip() != "|"]
    return " | ".join(lines[:5])[:limit]


@dataclass
class Result:
    name: str
    cells: int = 0
    seconds: float = 0.0
    images: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_strict(nb, result: Result, stopped: bool = False) -> None:
    not_run = 0
    for index, cell in code_cells(nb):
        where = describe(index, cell)
        if stopped and not was_run(cell) and cell.source.strip():
            not_run += 1  # after the error that stopped the run: nothing to check
            continue
        sizes = png_sizes(cell)
        result.images += len(sizes)
        error = error_text(cell)
        if IMAGE_TAG in tags(cell) and not sizes and not error:
            result.problems.append(f"{where}: tagged {IMAGE_TAG} but shows no image/png output")
        if error and RAISES_TAG not in tags(cell):
            result.problems.append(f"{where}: failed: {summary(error)}")
        meta = nbgrader(cell)
        if meta.get("grade") and not error:
            if "PASS" not in stream_text(cell, "stdout"):
                result.problems.append(f"{where}: graded cell printed no PASS line (call"
                                       " org.logokit.grading.Check)")
        stderr = stream_text(cell, "stderr").strip()
        if stderr:
            message = f"{where}: wrote to stderr: {stderr.splitlines()[0][:200]}"
            (result.problems if meta.get("grade") else result.warnings).append(message)
    if not_run:
        result.problems.append(f"{not_run} cells after the failure did not run")


def check_exercise(nb, result: Result, stopped: bool = False) -> None:
    graded = 0
    for index, cell in code_cells(nb):
        where = describe(index, cell)
        if stopped and not was_run(cell):
            continue  # the kernel died or timed out before this cell; reported as the stop reason
        result.images += len(png_sizes(cell))
        error = error_text(cell)
        if nbgrader(cell).get("grade"):
            graded += 1
            if not error:
                result.problems.append(f"{where}: graded cell passed on the untouched stub (the"
                                       " check cannot fail, or the answer leaked into exercises/)")
            elif not any(word in error for word in EXERCISE_FAILURE_WORDS):
                result.problems.append(f"{where}: graded cell failed without a Check message"
                                       f" ('not answered yet'/FAIL): {summary(error)}")
        elif error and RAISES_TAG not in tags(cell):
            result.problems.append(f"{where}: failed on the untouched sheet: {summary(error)}")
    if graded == 0:
        result.warnings.append("no graded cells (nbgrader grade: true) in this exercise sheet")


def select(root: Path, patterns: list[str], dirs) -> list[Path]:
    found = []
    for folder in dirs:
        found += sorted((root / folder).glob("*.ipynb"))
    if patterns:
        rel = lambda p: str(p.relative_to(root))
        found = [p for p in found if any(fnmatch.fnmatch(rel(p), pat) or fnmatch.fnmatch(p.name, pat)
                                         for pat in patterns)]
    return found


def print_table(results: list[Result], total_seconds: float) -> None:
    width = max([len(r.name) for r in results] + [8])
    print()
    print(f"{'notebook':<{width}}  {'cells':>5}  {'seconds':>8}  {'images':>6}  status")
    print(f"{'-' * width}  {'-' * 5}  {'-' * 8}  {'-' * 6}  ------")
    for r in results:
        print(f"{r.name:<{width}}  {r.cells:>5}  {r.seconds:>8.1f}  {r.images:>6}  "
              f"{'ok' if r.ok else 'FAIL'}")
    failed = sum(1 for r in results if not r.ok)
    print(f"{len(results)} notebooks, {failed} failed, {total_seconds:.1f} s in all")
    for r in results:
        for problem in r.problems:
            print(f"FAIL {r.name}: {problem}")
        for warning in r.warnings:
            print(f"warn {r.name}: {warning}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb run", description=__doc__.split("\n")[0])
    parser.add_argument("patterns", nargs="*",
                        help="globs on repo-relative paths or file names, e.g. 'solutions/0*'")
    parser.add_argument("--exercises", action="store_true",
                        help="run exercises/ in exercise mode (errors expected in graded cells)")
    parser.add_argument("--profile", default="smoke", choices=("smoke", "full"),
                        help="course profile (LOGOKIT_PROFILE) for the kernel; default smoke")
    parser.add_argument("--timeout", type=int, default=1800,
                        help="seconds one cell may run (training cells are long); default 1800")
    parser.add_argument("--startup-timeout", type=int, default=120)
    parser.add_argument("--kernel", default=KERNEL_NAME)
    parser.add_argument("--keep", action="store_true",
                        help="write executed copies to environment/build/executed/")
    parser.add_argument("--require-images", action="append", default=[], metavar="NB=N",
                        help="fail unless notebook NB (repo-relative path, e.g."
                             " notebooks/00-welcome.ipynb) shows at least N PNG images")
    parser.add_argument("--require-text", action="append", default=[], metavar="NB=TEXT",
                        help="fail unless notebook NB prints TEXT (in a cell's stdout or result),"
                             " e.g. 'notebooks/00-welcome.ipynb=engine: PyTorch'")
    args = parser.parse_args(argv)

    root = notebooks.repo_root()
    paths = select(root, args.patterns, ("exercises",) if args.exercises else DEFAULT_DIRS)
    names = {str(p.relative_to(root)) for p in paths}
    if not paths:
        print("no notebooks matched", args.patterns or "", file=sys.stderr)
        return 1
    minimum = {}
    for item in args.require_images:
        name, _, count = item.partition("=")
        minimum[name] = int(count or 1)
        if name not in names and not args.patterns:
            print(f"--require-images: {name} does not exist", file=sys.stderr)
            return 1
    texts = {}
    for item in args.require_text:
        name, _, text = item.partition("=")
        if not text:
            print(f"--require-text {item}: give NB=TEXT", file=sys.stderr)
            return 1
        texts.setdefault(name, []).append(text)
    env = {"LOGOKIT_PROFILE": args.profile}
    log_dir = root / "environment" / "build" / "kernel-logs"
    for old in log_dir.glob("*.log") if log_dir.is_dir() else []:
        old.unlink()
    results, start = [], time.monotonic()
    for path in paths:
        name = str(path.relative_to(root))
        print(f"running {name} ...", flush=True)
        result = Result(name)
        results.append(result)
        try:
            nb = notebooks.read(path)
            result.cells = len(code_cells(nb))
            run = execute(nb, path, kernel=args.kernel, timeout=args.timeout,
                          startup_timeout=args.startup_timeout, allow_errors=args.exercises,
                          env=env, kernel_log=log_dir / (name.replace("/", "__") + ".log"))
        except (KernelUnavailable, notebooks.NotebookError) as error:
            result.problems.append(str(error))
            continue
        result.seconds = run.seconds
        if run.stopped and run.stopped.startswith("unexpected error"):
            result.problems.append("the run stopped at its first unexpected error:")
        elif run.stopped:
            result.problems.append(run.stopped + " (kernel log: environment/build/kernel-logs/)")
        (check_exercise if args.exercises else check_strict)(run.nb, result, bool(run.stopped))
        if name in minimum and result.images < minimum[name]:
            result.problems.append(f"shows {result.images} PNG images; expected at least"
                                   f" {minimum[name]}")
        for text in missing_texts(run.nb, texts.get(name, [])):
            result.problems.append(f"does not print {text!r}")
        if args.keep:
            target = root / "environment" / "build" / "executed" / name
            notebooks.write(notebooks.tidy_outputs(run.nb), target)
        print(f"  {'ok' if result.ok else 'FAIL'} in {run.seconds:.1f} s", flush=True)
    print_table(results, time.monotonic() - start)
    if args.keep:
        print(f"executed copies: {root / 'environment' / 'build' / 'executed'}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
