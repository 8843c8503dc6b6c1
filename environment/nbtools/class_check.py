"""Self-test of the grader on every sheet (or the sheets named): the grader first runs each model
solution under the grading conditions (sandbox, checks after all other cells) and it must get
every automatic point; then student "untouched" submits the generated exercise and must get none,
each check saying "not answered yet", with a feedback file. Used by environment/test, so a new
sheet whose checks do not survive the grader is caught.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys

from . import notebooks, sandbox
from .execute import KernelUnavailable
from .grade import add_run_options, grade_folder, make_runner


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb class-check", description=__doc__.split("\n")[0])
    parser.add_argument("sheets", nargs="*", help="sheet file names (default: every sheet)")
    add_run_options(parser)
    args = parser.parse_args(argv)
    root = notebooks.repo_root()
    work = root / "environment" / "build" / "class-check"
    shutil.rmtree(work, ignore_errors=True)
    for sheet in args.sheets or sorted(p.name for p in (root / "solutions").glob("*.ipynb")):
        target = work / "submissions" / "untouched" / sheet
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "exercises" / sheet, target)
    out = work / "out"
    try:
        execute_once, how, cleanup = make_runner(args, root, [work],
                                                 out / "kernel-logs" / "kernel.log")
    except (sandbox.SandboxError, KernelUnavailable) as error:
        print(f"FAIL {error}")
        return 1
    print(f"sandbox: {how}")
    try:
        sheets = grade_folder(work / "submissions", root / "solutions", out,
                              execute_once=execute_once, timeout=args.timeout,
                              sheet_budget=args.sheet_timeout or 4 * args.timeout)
    finally:
        cleanup()
    problems = []
    for sheet in sheets:
        auto = [c for c in sheet.checks if c.status not in ("MANUAL", "HELD")]
        if not sheet.graded:
            problems.append(f"{sheet.student}/{sheet.notebook}: not graded ({'; '.join(sheet.notes)})")
            continue
        if not auto:
            problems.append(f"{sheet.notebook}: no automatically graded checks")
        if sheet.points != 0:
            wrong = [f"{c.grade_id}={c.status}: {c.message}" for c in auto if c.points]
            problems.append(f"{sheet.student}/{sheet.notebook}: {sheet.points:g} of"
                            f" {sheet.max_points:g} automatic points, expected 0"
                            f" ({'; '.join(wrong)})")
        feedback = out / "feedback" / sheet.student / sheet.notebook.replace(".ipynb", ".md")
        if not feedback.is_file():
            problems.append(f"{sheet.student}/{sheet.notebook}: no feedback file")
        if any("not answered yet" not in c.message for c in auto):
            problems.append(f"untouched/{sheet.notebook}: a check does not say 'not answered yet'")
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    for line in problems:
        print(f"FAIL {line}")
    summary = ", ".join(f"{name}: untouched {v['points']:g}/{v['max_points']:g}"
                        for name, v in sorted(book["students"]["untouched"]["notebooks"].items()))
    print(("FAIL" if problems else "OK") + f" grader on every sheet: each model solution got every"
          f" automatic point under the grader; {summary}; out: {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
