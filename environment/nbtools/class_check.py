"""Self-test of the grader on a fake class: for each chosen sheet, student "complete" submits the
solution and student "untouched" the generated exercise. The complete one must get every automatic
point, the untouched one none, and both must get feedback files. Used by environment/test.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from . import notebooks, sandbox
from .execute import KernelUnavailable
from .grade import add_run_options, grade_folder, make_runner


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb class-check", description=__doc__.split("\n")[0])
    parser.add_argument("sheets", nargs="*", default=["00-welcome.ipynb"])
    add_run_options(parser)
    args = parser.parse_args(argv)
    root = notebooks.repo_root()
    work = root / "environment" / "build" / "class-check"
    shutil.rmtree(work, ignore_errors=True)
    for sheet in args.sheets:
        for student, folder in (("complete", "solutions"), ("untouched", "exercises")):
            target = work / "submissions" / student / sheet
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / folder / sheet, target)
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
        expected = sheet.max_points if sheet.student == "complete" else 0
        if sheet.points != expected:
            wrong = [f"{c.grade_id}={c.status}: {c.message}" for c in auto
                     if (c.points == c.max_points) != (sheet.student == "complete")]
            problems.append(f"{sheet.student}/{sheet.notebook}: {sheet.points:g} of"
                            f" {sheet.max_points:g} automatic points, expected {expected:g}"
                            f" ({'; '.join(wrong)})")
        feedback = out / "feedback" / sheet.student / sheet.notebook.replace(".ipynb", ".md")
        if not feedback.is_file():
            problems.append(f"{sheet.student}/{sheet.notebook}: no feedback file")
        if sheet.student == "untouched" and any("not answered yet" not in c.message for c in auto):
            problems.append(f"untouched/{sheet.notebook}: a check does not say 'not answered yet'")
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    for line in problems:
        print(f"FAIL {line}")
    summary = ", ".join(f"{s}: {v['points']:g}/{v['max_points']:g} (+{v['pending_points']:g}"
                        " pending)" for s, v in sorted(book["students"].items()))
    print(("FAIL" if problems else "OK") + f" grader on a fake class ({summary}); out: {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
