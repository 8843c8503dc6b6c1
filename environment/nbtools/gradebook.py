"""The grader's results and how they are written: ``gradebook.csv``, ``gradebook.json`` and one
``feedback/<student>/<NN-name>.md`` per sheet.

Points come in two kinds. *Automatic* points are scored by the checks. *Pending* points wait for a
person: written answers (MANUAL) and checks whose answer uses something a sheet never needs
(HELD, see ``screen.py``). Pending points are reported as pending, never as lost: a perfect
sheet with one written answer shows "7 / 7 automatic points, 1 pending".
"""
from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

TOTAL = "TOTAL"
PENDING = ("MANUAL", "HELD")


@dataclass
class CheckResult:
    grade_id: str
    points: float | None  # None: pending (a written answer, or held for review)
    max_points: float
    status: str  # PASS, FAIL, NOT RUN, MANUAL, HELD
    message: str


@dataclass
class SheetResult:
    student: str
    notebook: str
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: what an answer cell did wrong when it ran (grade_id -> sentence)
    answer_problems: dict = field(default_factory=dict)
    written: list = field(default_factory=list)  # (grade_id, text) of written answers
    seconds: float = 0.0
    graded: bool = True
    executed: object = None  # the executed notebook (holds the hidden tests: not for students)

    @property
    def points(self) -> float:
        """Automatic points earned."""
        return sum(c.points or 0 for c in self.checks if c.status not in PENDING)

    @property
    def max_points(self) -> float:
        """Automatic points possible."""
        return sum(c.max_points for c in self.checks if c.status not in PENDING)

    @property
    def pending_points(self) -> float:
        return sum(c.max_points for c in self.checks if c.status in PENDING)

    def score_line(self) -> str:
        line = f"{self.points:g} / {self.max_points:g} automatic points"
        manual = sum(c.max_points for c in self.checks if c.status == "MANUAL")
        held = sum(c.max_points for c in self.checks if c.status == "HELD")
        if manual:
            line += f"; {manual:g} for written answers, pending (graded by your instructor)"
        if held:
            line += f"; {held:g} held for review"
        return line if self.graded else "not graded"


def feedback_markdown(sheet: SheetResult) -> str:
    lines = [f"# Feedback: {sheet.notebook} ({sheet.student})", "",
             f"**{sheet.score_line()}**", "",
             "| check | points | result | what happened |", "|---|---|---|---|"]
    for c in sheet.checks:
        points = "pending" if c.points is None else f"{c.points:g}"
        message = c.message.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {c.grade_id} | {points} / {c.max_points:g} | {c.status} | {message} |")
    if sheet.answer_problems:
        lines += ["", "## Answer cells that did not run cleanly", ""]
        lines += [f"- `{gid}` {text}" for gid, text in sorted(sheet.answer_problems.items())]
    if sheet.notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in sheet.notes]
    for grade_id, text in sheet.written:
        lines += ["", f"## Written answer `{grade_id}`", "", text]
    return "\n".join(lines) + "\n"


def write(sheets: list[SheetResult], out: Path, run_info: dict | None = None) -> None:
    """Writes gradebook.csv, gradebook.json and the feedback files into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for sheet in sheets:
        target = out / "feedback" / sheet.student / (Path(sheet.notebook).stem + ".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(feedback_markdown(sheet), encoding="utf-8")
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "notebook", "grade_id", "status", "points", "max_points",
                         "pending_points", "message"])
        for sheet in sheets:
            for c in sheet.checks:
                pending = f"{c.max_points:g}" if c.status in PENDING else ""
                writer.writerow([sheet.student, sheet.notebook, c.grade_id, c.status,
                                 "" if c.points is None else f"{c.points:g}",
                                 f"{c.max_points:g}", pending, c.message])
            writer.writerow([sheet.student, sheet.notebook, TOTAL,
                             "GRADED" if sheet.graded else "NOT GRADED", f"{sheet.points:g}",
                             f"{sheet.max_points:g}", f"{sheet.pending_points:g}",
                             "; ".join(sheet.notes)])
    students = {}
    for sheet in sheets:
        entry = students.setdefault(sheet.student, {"points": 0.0, "max_points": 0.0,
                                                    "pending_points": 0.0, "notebooks": {}})
        entry["points"] += sheet.points
        entry["max_points"] += sheet.max_points
        entry["pending_points"] += sheet.pending_points
        entry["notebooks"][sheet.notebook] = {
            "graded": sheet.graded, "points": sheet.points, "max_points": sheet.max_points,
            "pending_points": sheet.pending_points, "notes": sheet.notes,
            "answer_problems": sheet.answer_problems, "seconds": round(sheet.seconds, 1),
            "checks": [asdict(c) for c in sheet.checks]}
    book = {"students": students}
    if run_info:
        book["run"] = run_info
    (out / "gradebook.json").write_text(json.dumps(book, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")
