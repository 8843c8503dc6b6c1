"""Self-test of the grader on a fake class: for each chosen sheet, student "complete" submits the
solution and student "untouched" the generated exercise. The complete one must get every automatic
point, the untouched one none, and both must get feedback files. Used by environment/test.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys

from . import notebooks
from .execute import execute
from .grade import grade_folder, run_resilient


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb class-check", description=__doc__.split("\n")[0])
    parser.add_argument("sheets", nargs="*", default=["00-welcome.ipynb"])
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args(argv)
    root = notebooks.repo_root()
    work = root / "environment" / "build" / "class-check"
    shutil.rmtree(work, ignore_errors=True)
    for sheet in args.sheets:
        for student, folder in (("complete", "solutions"), ("untouched", "exercises")):
            target = work / "submissions" / student / sheet
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / folder / sheet, target)

    def run(nb, path):
        return run_resilient(nb, lambda book: execute(
            book, path, timeout=args.timeout, allow_errors=True, env={"LOGOKIT_PROFILE": "smoke"},
            kernel_log=work / "out" / "kernel-logs" / "kernel.log"), args.timeout)

    sheets = grade_folder(work / "submissions", root / "solutions", work / "out", run=run)
    problems = []
    for sheet in sheets:
        auto = [c for c in sheet.checks if c.points is not None]
        if not auto:
            problems.append(f"{sheet.notebook}: no automatically graded checks")
        earned, possible = sum(c.points for c in auto), sum(c.max_points for c in auto)
        expected = possible if sheet.student == "complete" else 0
        if earned != expected:
            wrong = [f"{c.grade_id}={c.status}: {c.message}" for c in auto
                     if (c.points == c.max_points) != (sheet.student == "complete")]
            problems.append(f"{sheet.student}/{sheet.notebook}: {earned:g} of {possible:g} automatic"
                            f" points, expected {expected:g} ({'; '.join(wrong)})")
        feedback = work / "out" / "feedback" / sheet.student / sheet.notebook.replace(".ipynb", ".md")
        if not feedback.is_file():
            problems.append(f"{sheet.student}/{sheet.notebook}: no feedback file")
        if sheet.student == "untouched" and any("not answered yet" not in c.message for c in auto):
            problems.append(f"untouched/{sheet.notebook}: a check does not say 'not answered yet'")
    book = json.loads((work / "out" / "gradebook.json").read_text(encoding="utf-8"))
    for line in problems:
        print(f"FAIL {line}")
    summary = ", ".join(f"{s}: {v['points']:g}/{v['max_points']:g}"
                        for s, v in sorted(book["students"].items()))
    print(("FAIL" if problems else "OK") + f" grader on a fake class ({summary}); out: {work / 'out'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
