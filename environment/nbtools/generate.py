"""Generates the student exercise sheets (exercises/) from the answer sheets (solutions/).

In a code cell the lines from ``// BEGIN SOLUTION`` to ``// END SOLUTION`` become a stub that
compiles and throws, so a ``Check`` reports the exercise as "not answered yet"::

    // YOUR CODE HERE
    throw new UnsupportedOperationException("Exercise <grade_id>: replace this stub with your answer");

Lines from ``// BEGIN HIDDEN TESTS`` to ``// END HIDDEN TESTS`` are removed. In a markdown cell the
lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become ``YOUR ANSWER HERE``. Outputs are
stripped and nbgrader metadata is kept. The result depends only on the solutions, so
``--check`` can verify that the committed exercises/ folder is up to date.
"""
from __future__ import annotations

import argparse
import copy
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import notebooks
from .notebooks import NotebookError, cell_label, cell_source, nbgrader

CODE_BEGIN, CODE_END = "// BEGIN SOLUTION", "// END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS"
TEXT_BEGIN, TEXT_END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB_MESSAGE = "Exercise {grade_id}: replace this stub with your answer"
ANSWER_PLACEHOLDER = "YOUR ANSWER HERE"


@dataclass
class Region:
    begin: int  # index of the BEGIN line
    end: int  # index of the END line
    indent: str


def find_regions(lines: list[str], begin: str, end: str, where: str) -> list[Region]:
    """Finds balanced, non-nested marker pairs; raises NotebookError naming the cell otherwise."""
    regions, open_at = [], None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped == begin:
            if open_at is not None:
                raise NotebookError(f"{where}: `{begin}` on line {number + 1} opens a region while"
                                    f" the one from line {open_at + 1} is still open (add `{end}`)")
            open_at = number
        elif stripped == end:
            if open_at is None:
                raise NotebookError(f"{where}: `{end}` on line {number + 1} has no matching"
                                    f" `{begin}` before it")
            indent = lines[open_at][: len(lines[open_at]) - len(lines[open_at].lstrip())]
            regions.append(Region(open_at, number, indent))
            open_at = None
        elif begin in line or end in line:
            raise NotebookError(f"{where}, line {number + 1}: a marker must stand alone on its"
                                f" line: {stripped!r}")
    if open_at is not None:
        raise NotebookError(f"{where}: `{begin}` on line {open_at + 1} has no matching `{end}`")
    return regions


def _replace(lines: list[str], regions: list[Region], make) -> list[str]:
    out, start = [], 0
    for region in regions:
        out.extend(lines[start:region.begin])
        out.extend(make(region))
        start = region.end + 1
    out.extend(lines[start:])
    return out


def _code_cell(cell, where: str) -> None:
    source = cell_source(cell)
    lines = source.split("\n")
    meta = nbgrader(cell)
    solutions = find_regions(lines, CODE_BEGIN, CODE_END, where)
    hidden = find_regions(lines, HIDDEN_BEGIN, HIDDEN_END, where)
    if solutions and not meta.get("solution"):
        raise NotebookError(f"{where}: has `{CODE_BEGIN}` but its nbgrader metadata does not say"
                            ' "solution": true (see notebooks/CONVENTIONS.md)')
    if solutions and not meta.get("grade_id"):
        raise NotebookError(f"{where}: a solution cell needs an nbgrader grade_id")
    if hidden and not meta.get("grade"):
        raise NotebookError(f"{where}: hidden tests belong in a graded cell (nbgrader"
                            ' "grade": true)')
    if solutions and hidden:
        raise NotebookError(f"{where}: a cell holds either a solution or tests, not both")
    for region in solutions:
        # The stub's `throw` must be the last statement of the method, or javac reports the
        # lines after it as unreachable.
        after = next((l.strip() for l in lines[region.end + 1:] if l.strip()), "")
        if not after.startswith("}"):
            raise NotebookError(f"{where}: the solution region ending on line {region.end + 1}"
                                " must be the whole rest of a method body (the next line must be"
                                f" its closing brace), found {after!r}")
    grade_id = meta.get("grade_id")
    stub = lambda r: [r.indent + "// YOUR CODE HERE",
                      r.indent + 'throw new UnsupportedOperationException("'
                      + STUB_MESSAGE.format(grade_id=grade_id) + '");']
    lines = _replace(lines, solutions, stub)
    lines = _replace(lines, find_regions(lines, HIDDEN_BEGIN, HIDDEN_END, where), lambda r: [])
    cell.source = "\n".join(lines)


def _markdown_cell(cell, where: str) -> None:
    lines = cell_source(cell).split("\n")
    regions = find_regions(lines, TEXT_BEGIN, TEXT_END, where)
    if regions and not nbgrader(cell).get("solution"):
        raise NotebookError(f"{where}: has `{TEXT_BEGIN}` but its nbgrader metadata does not say"
                            ' "solution": true')
    cell.source = "\n".join(_replace(lines, regions, lambda r: [ANSWER_PLACEHOLDER]))


def exercise_from_solution(nb, name: str):
    """Returns the student version of a solutions notebook (a new object)."""
    student = notebooks.strip_outputs(copy.deepcopy(nb))
    notebooks.add_stable_ids(student, Path(name).stem)
    seen = {}
    for index, cell in enumerate(student.cells):
        where = cell_label(name, index, cell)
        grade_id = nbgrader(cell).get("grade_id")
        if grade_id:
            if grade_id in seen:
                raise NotebookError(f"{where}: grade_id '{grade_id}' is already used by cell"
                                    f" {seen[grade_id] + 1}; grade ids must be unique")
            seen[grade_id] = index
        if cell.cell_type == "code":
            _code_cell(cell, where)
        elif cell.cell_type == "markdown":
            _markdown_cell(cell, where)
    return student


def hidden_tests_kept(source: str) -> str:
    """A graded cell's source as the grader runs it: hidden tests in, marker lines out."""
    return "\n".join(l for l in source.split("\n")
                     if l.strip() not in (HIDDEN_BEGIN, HIDDEN_END))


def generate_all(solutions_dir: Path, relative_to: Path) -> dict[str, str]:
    """Exercise file name to its text, for every notebook in solutions_dir."""
    out = {}
    for path in sorted(solutions_dir.glob("*.ipynb")):
        name = str(path.relative_to(relative_to)) if path.is_relative_to(relative_to) else str(path)
        out[path.name] = notebooks.write_text(exercise_from_solution(notebooks.read(path), name))
    return out


def check(expected: dict[str, str], exercises_dir: Path, show: int = 40) -> list[str]:
    """Differences between the generated texts and the exercises folder, as printable lines."""
    report = []
    present = {p.name for p in exercises_dir.glob("*.ipynb")} if exercises_dir.is_dir() else set()
    for name in sorted(set(expected) | present):
        target = exercises_dir / name
        if name not in expected:
            report.append(f"exercises/{name}: has no source in solutions/ (delete it, or add the"
                          " solution sheet)")
        elif name not in present:
            report.append(f"exercises/{name}: missing (run `environment/nb generate`)")
        else:
            actual = target.read_text(encoding="utf-8")
            if actual != expected[name]:
                diff = list(difflib.unified_diff(actual.splitlines(), expected[name].splitlines(),
                                                 f"committed/{name}", f"generated/{name}",
                                                 lineterm="", n=1))
                changed = sum(1 for l in diff if l[:1] in "+-" and l[:3] not in ("+++", "---"))
                report.append(f"exercises/{name}: differs from what solutions/{name} generates"
                              f" ({changed} changed lines; run `environment/nb generate`)")
                report.extend("    " + l for l in diff[:show])
                if len(diff) > show:
                    report.append(f"    ... {len(diff) - show} more diff lines")
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb generate", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if exercises/ differs from what would be generated")
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: found)")
    args = parser.parse_args(argv)
    root = (args.root or notebooks.repo_root()).resolve()
    solutions_dir, exercises_dir = root / "solutions", root / "exercises"
    try:
        expected = generate_all(solutions_dir, root)
    except NotebookError as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 2
    if args.check:
        report = check(expected, exercises_dir)
        for line in report:
            print(line)
        if report:
            print(f"FAIL exercises/ is out of date ({sum(1 for l in report if not l.startswith(' '))}"
                  " problems)")
            return 1
        print(f"OK exercises/ matches solutions/ ({len(expected)} notebooks)")
        return 0
    exercises_dir.mkdir(exist_ok=True)
    for name, text in expected.items():
        target = exercises_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote exercises/{name}")
    for stale in sorted(set(p.name for p in exercises_dir.glob("*.ipynb")) - set(expected)):
        (exercises_dir / stale).unlink()
        print(f"removed exercises/{stale} (no solutions/{stale})")
    print(f"OK {len(expected)} exercise notebooks up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
