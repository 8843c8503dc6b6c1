"""Grades a folder of submitted exercise sheets offline, without nbgrader.

Layout: ``SUBMISSIONS/<student>/<NN-name>.ipynb``. For each submission the grader rebuilds the
sheet from ``solutions/<NN-name>.ipynb``: only the answer cells (nbgrader ``solution: true``) are
taken from the student, matched by grade_id; every other cell, the graded checks included, comes
from the source with its hidden tests put back, so edits to locked cells change nothing. The
rebuilt sheet runs on the course kernel (all cells, errors allowed) and each graded cell scores its
points when it runs without error.

Writes ``gradebook.csv``, ``gradebook.json`` and ``feedback/<student>/<NN-name>.md`` (each check
with PASS/FAIL and its message) into the output folder.
"""
from __future__ import annotations

import argparse
import copy
import csv
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import notebooks
from .execute import KernelUnavailable, error_text, execute, stream_text
from .generate import exercise_from_solution, hidden_tests_kept
from .notebooks import KERNEL_NAME, cell_source, nbgrader

TOTAL = "TOTAL"


@dataclass
class CheckResult:
    grade_id: str
    points: float | None  # None: needs a person (written answer)
    max_points: float
    status: str  # PASS, FAIL, NOT RUN, MANUAL
    message: str


@dataclass
class SheetResult:
    student: str
    notebook: str
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def points(self) -> float:
        return sum(c.points or 0 for c in self.checks)

    @property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.checks)


def assemble(source, submission, name: str):
    """The notebook to execute and notes on what was missing from the submission.

    ``source`` is the solutions notebook, ``submission`` the student's.
    """
    answers, notes = {}, []
    # Answer cells are found by grade_id; a cell whose nbgrader metadata an editor dropped is still
    # found by its cell id, which generation keeps from the solutions sheet.
    ids = {c.get("id"): nbgrader(c).get("grade_id") for c in source.cells
           if nbgrader(c).get("solution") and c.get("id")}
    for cell in submission.cells:
        meta = nbgrader(cell)
        grade_id = meta.get("grade_id") if meta.get("solution") else None
        if grade_id is None and not meta and cell.get("id") in ids:
            grade_id = ids[cell.get("id")]
        if grade_id:
            if grade_id in answers:
                notes.append(f"answer cell '{grade_id}' appears twice; the first is graded")
                continue
            answers[grade_id] = cell_source(cell)
    stubs = {nbgrader(c).get("grade_id"): cell_source(c)
             for c in exercise_from_solution(source, name).cells}
    built = notebooks.strip_outputs(copy.deepcopy(source))
    for cell in built.cells:
        meta = nbgrader(cell)
        grade_id = meta.get("grade_id")
        if meta.get("solution"):
            if grade_id in answers:
                cell.source = answers[grade_id]
            else:
                notes.append(f"answer cell '{grade_id}' is missing from the submission; graded as"
                             " unanswered")
                cell.source = stubs[grade_id]
        elif meta.get("grade") and cell.cell_type == "code":
            cell.source = hidden_tests_kept(cell_source(cell))
    return built, notes


MAX_RESTARTS = 3


def run_resilient(nb, execute_once, timeout: int):
    """Runs a sheet so that one endless loop or crash costs only the check it happens in.

    When a run stops (cell timeout, dead kernel), the cell that was running is replaced by a
    statement that fails with a FAIL message and the sheet runs again, up to MAX_RESTARTS times.
    Returns (executed notebook, reason the last run stopped or None).
    """
    work = copy.deepcopy(nb)
    for _ in range(MAX_RESTARTS + 1):
        result = execute_once(work)
        if not result.stopped or result.stopped_at is None:
            return result.nb, result.stopped
        cell = work.cells[result.stopped_at]
        what = nbgrader(cell).get("grade_id") or f"cell {result.stopped_at + 1}"
        print(f"  {what} did not finish ({result.stopped}); running the sheet again without it",
              flush=True)
        cell.source = (f'throw new AssertionError("FAIL {what}: did not finish within {timeout} s'
                       ' or stopped the kernel (an endless loop?)");')
    return result.nb, result.stopped


def score(executed, stopped: str | None = None) -> list[CheckResult]:
    """Scores the graded cells of an executed notebook."""
    results = []
    for cell in executed.cells:
        meta = nbgrader(cell)
        if not meta.get("grade"):
            continue
        grade_id = meta.get("grade_id", "?")
        max_points = float(meta.get("points", 0))
        if cell.cell_type != "code":
            results.append(CheckResult(grade_id, None, max_points, "MANUAL",
                                       "written answer: graded by the instructor"))
            continue
        error = error_text(cell)
        passes = [l for l in stream_text(cell, "stdout").splitlines() if l.startswith("PASS")]
        if error:
            reason = next((l[l.index("FAIL"):] for l in error.splitlines() if "FAIL" in l),
                          error.splitlines()[0])
            results.append(CheckResult(grade_id, 0.0, max_points, "FAIL", reason.strip()[:500]))
        elif cell.get("execution_count") is None and not cell.get("outputs"):
            results.append(CheckResult(grade_id, 0.0, max_points, "NOT RUN",
                                       f"not run: {stopped or 'the notebook stopped earlier'}"))
        else:
            results.append(CheckResult(grade_id, max_points, max_points, "PASS",
                                       "; ".join(passes) or "ran without error"))
    return results


def written_answers(executed) -> list[tuple[str, str]]:
    return [(nbgrader(c).get("grade_id", "?"), cell_source(c)) for c in executed.cells
            if c.cell_type == "markdown" and nbgrader(c).get("solution")]


def feedback_markdown(sheet: SheetResult, answers) -> str:
    lines = [f"# Feedback: {sheet.notebook} ({sheet.student})", "",
             f"**Score: {sheet.points:g} / {sheet.max_points:g}**", "",
             "| check | points | result | message |", "|---|---|---|---|"]
    for c in sheet.checks:
        points = "?" if c.points is None else f"{c.points:g}"
        message = c.message.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {c.grade_id} | {points} / {c.max_points:g} | {c.status} | {message} |")
    if sheet.notes:
        lines += ["", "Notes:"] + [f"- {n}" for n in sheet.notes]
    for grade_id, text in answers:
        lines += ["", f"## Written answer `{grade_id}`", "", text]
    return "\n".join(lines) + "\n"


def grade_folder(submissions: Path, solutions: Path, out: Path, *, run=None,
                 notebook_filter: str | None = None) -> list[SheetResult]:
    """Grades every SUBMISSIONS/<student>/<sheet>.ipynb; ``run(nb, path)`` executes a notebook
    and returns (executed nb, stop reason or None)."""
    sheets = []
    students = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not students:
        raise SystemExit(f"no student folders in {submissions} (expected"
                         " SUBMISSIONS/<student>/<NN-name>.ipynb)")
    for student_dir in students:
        for path in sorted(student_dir.glob("*.ipynb")):
            if notebook_filter and path.name != notebook_filter:
                continue
            sheet = SheetResult(student_dir.name, path.name)
            sheets.append(sheet)
            source_path = solutions / path.name
            print(f"grading {student_dir.name}/{path.name} ...", flush=True)
            if not source_path.is_file():
                sheet.notes.append(f"no exercise sheet solutions/{path.name}: not graded")
                continue
            source = notebooks.read(source_path)
            try:
                submission = notebooks.read(path)
            except notebooks.NotebookError as error:
                submission = nbformat_empty()
                sheet.notes.append(f"the submitted file could not be read ({error}); graded as"
                                   " unanswered")
            built, notes = assemble(source, submission, f"solutions/{path.name}")
            sheet.notes += notes
            executed, stopped = run(built, source_path)
            if stopped:
                sheet.notes.append(f"the run stopped early: {stopped}")
            sheet.checks = score(executed, stopped)
            feedback = out / "feedback" / student_dir.name / (path.stem + ".md")
            feedback.parent.mkdir(parents=True, exist_ok=True)
            feedback.write_text(feedback_markdown(sheet, written_answers(executed)),
                                encoding="utf-8")
            notebooks.write(executed, out / "executed" / student_dir.name / path.name)
            print(f"  {sheet.points:g} / {sheet.max_points:g}", flush=True)
    write_gradebook(sheets, out)
    return sheets


def nbformat_empty():
    import nbformat
    return nbformat.v4.new_notebook()


def write_gradebook(sheets: list[SheetResult], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "notebook", "grade_id", "points", "max_points", "status",
                         "message"])
        for sheet in sheets:
            for c in sheet.checks:
                writer.writerow([sheet.student, sheet.notebook, c.grade_id,
                                 "" if c.points is None else f"{c.points:g}", f"{c.max_points:g}",
                                 c.status, c.message])
            writer.writerow([sheet.student, sheet.notebook, TOTAL, f"{sheet.points:g}",
                             f"{sheet.max_points:g}", "", "; ".join(sheet.notes)])
    students = {}
    for sheet in sheets:
        entry = students.setdefault(sheet.student, {"points": 0.0, "max_points": 0.0,
                                                    "notebooks": {}})
        entry["points"] += sheet.points
        entry["max_points"] += sheet.max_points
        entry["notebooks"][sheet.notebook] = {
            "points": sheet.points, "max_points": sheet.max_points, "notes": sheet.notes,
            "checks": [asdict(c) for c in sheet.checks]}
    (out / "gradebook.json").write_text(json.dumps({"students": students}, indent=2,
                                                   sort_keys=True) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="environment/grade", description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of <student>/<NN-name>.ipynb")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the gradebook and feedback go (default SUBMISSIONS/../gradebook)")
    parser.add_argument("--notebook", help="grade only this sheet, e.g. 04-boxes-iou-nms.ipynb")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--profile", default="smoke", choices=("smoke", "full"))
    parser.add_argument("--kernel", default=KERNEL_NAME)
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"ERROR {args.submissions} is not a folder of student submissions", file=sys.stderr)
        return 2
    root = notebooks.repo_root()
    out = args.out or args.submissions.resolve().parent / "gradebook"

    def run(nb, path):
        return run_resilient(nb, lambda book: execute(
            book, path, kernel=args.kernel, timeout=args.timeout, allow_errors=True,
            env={"LOGOKIT_PROFILE": args.profile}, kernel_log=out / "kernel-logs" / "kernel.log"),
            args.timeout)

    try:
        sheets = grade_folder(args.submissions, root / "solutions", out, run=run,
                              notebook_filter=args.notebook)
    except KernelUnavailable as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 2
    print()
    print(f"{'student':<20} {'notebook':<32} {'points':>10}")
    for sheet in sheets:
        print(f"{sheet.student:<20} {sheet.notebook:<32} {sheet.points:>5g} / {sheet.max_points:g}")
    print(f"gradebook: {out / 'gradebook.csv'}, {out / 'gradebook.json'}; feedback: {out / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
