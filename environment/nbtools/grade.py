"""Grades a folder of submitted exercise sheets offline, without nbgrader.

Layout: ``SUBMISSIONS/<student>/<NN-name>.ipynb``. For each submission the grader rebuilds the
sheet from ``solutions/<NN-name>.ipynb``: only the answer cells (nbgrader ``solution: true``) are
taken from the student, matched by grade_id (else by cell id); every other cell, the checks
included, comes from the source, so edits to locked cells change nothing.

How a sheet runs:

* in the **sandbox** (``sandbox.py``: no network, the kit read-only, no ``solutions/`` and no
  other submission in sight, bounded CPU, memory, processes and output), one fresh kernel per
  submission; without bubblewrap the grader refuses unless given ``--unsafe``;
* in **two phases**: first every cell that is not a check (the student's answers among them),
  then the checks with their hidden tests, so no hidden test is in the kernel while the
  student's own cells run;
* **resiliently**: a cell that runs past the time limit or stops the kernel is recorded with the
  reason, replaced, and the sheet runs again without it, so one endless loop or ``System.exit``
  costs only the checks that need it.

A check scores its points when its cell, taken from ``solutions/``, completes without an error
and reports every check the model solution reports (``PASS`` text alone counts for nothing: a
student's code can print anything). The model solution itself is graded first; a sheet whose
solution does not get every point under the grader is not graded. Answers that reach for the
kernel's machinery (``screen.py``) are scored but held for review.

Writes ``gradebook.csv``, ``gradebook.json``, ``feedback/<student>/<NN-name>.md`` and the
executed sheets ``executed/<student>/<NN-name>.ipynb`` (these hold the hidden tests: return
only the feedback folder to students).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import explain, gradebook, notebooks, sandbox, screen
from .execute import KernelUnavailable, error_text, execute, stream_text, was_run
from .generate import exercise_from_solution, hidden_tests_kept
from .gradebook import CheckResult, SheetResult
from .notebooks import KERNEL_NAME, cell_source, nbgrader

MAX_SUBMISSION_BYTES = 20 << 20
MAX_ANSWER_CHARS = 100_000
REFERENCE = "(model solution)"
_PASS_LINE = re.compile(r"^PASS (.*?) = ", re.M)


# ------------------------------------------------------------------------------------------
# Reading a submission and building the sheet that runs

def solution_cells(source) -> dict[str, object]:
    """grade_id -> the source's answer cell (code or written)."""
    return {nbgrader(c)["grade_id"]: c for c in source.cells
            if nbgrader(c).get("solution") and nbgrader(c).get("grade_id")}


def read_answers(path: Path, source) -> tuple[dict[str, str], list[str]]:
    """The answer cells of a submitted file (grade_id -> source) and notes on what was wrong
    with the file. Never raises on a bad file: a file that cannot be read gives no answers."""
    wanted = solution_cells(source)
    by_cell_id = {c.get("id"): gid for gid, c in wanted.items() if c.get("id")}
    try:
        size = path.stat().st_size
    except OSError as error:
        return {}, [f"the submitted file cannot be read ({error}); graded as unanswered"]
    if size > MAX_SUBMISSION_BYTES:
        return {}, [f"the submitted file is {size / 2**20:.1f} MiB, more than the"
                    f" {MAX_SUBMISSION_BYTES >> 20} MiB a sheet may have, so it was not read;"
                    " graded as unanswered (clear the outputs and submit it again)"]
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        reason = str(error).splitlines()[0][:120]
        return {}, [f"the submitted file is not a readable notebook ({reason}); graded as"
                    " unanswered"]
    cells = raw.get("cells") if isinstance(raw, dict) else None
    if not isinstance(cells, list):
        return {}, ["the submitted file has no list of cells (not a notebook); graded as"
                    " unanswered"]
    answers, notes = {}, []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        grading = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        grade_id = grading.get("grade_id") if grading.get("solution") else None
        if grade_id is None and not grading and cell.get("id") in by_cell_id:
            grade_id = by_cell_id[cell.get("id")]
        if not isinstance(grade_id, str) or grade_id not in wanted:
            continue
        text = cell.get("source", "")
        if isinstance(text, list) and all(isinstance(t, str) for t in text):
            text = "".join(text)
        if not isinstance(text, str):
            notes.append(f"answer cell '{grade_id}' has no text source; graded as unanswered")
            continue
        if cell.get("cell_type") != wanted[grade_id].cell_type:
            notes.append(f"answer cell '{grade_id}' was changed into a {cell.get('cell_type')}"
                         " cell; graded as unanswered")
            continue
        if len(text) > MAX_ANSWER_CHARS:
            notes.append(f"answer cell '{grade_id}' has {len(text):,} characters, more than the"
                         f" {MAX_ANSWER_CHARS:,} allowed; graded as unanswered")
            continue
        if grade_id in answers:
            notes.append(f"answer cell '{grade_id}' appears twice; the first is graded")
            continue
        answers[grade_id] = text
    return answers, notes


def assemble(source, answers: dict[str, str], name: str):
    """The sheet to run: the source with the student's answers in place of the model answers
    and the hidden tests put back. Returns (notebook, notes)."""
    notes = []
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
                notes.append(f"answer cell '{grade_id}' is missing from the submission; graded"
                             " as unanswered")
                cell.source = stubs[grade_id]
        elif meta.get("grade") and cell.cell_type == "code":
            cell.source = hidden_tests_kept(cell_source(cell))
    return built, notes


def is_check(cell) -> bool:
    return cell.cell_type == "code" and bool(nbgrader(cell).get("grade"))


def grading_order(nb) -> list[int]:
    """Every cell that is not a check in notebook order, then the checks in notebook order."""
    indices = range(len(nb.cells))
    return [i for i in indices if not is_check(nb.cells[i])] + \
        [i for i in indices if is_check(nb.cells[i])]


# ------------------------------------------------------------------------------------------
# Running it

@dataclass
class Outcome:
    """A sheet after its (possibly repeated) run."""
    nb: object  # executed, in the sheet's own cell order
    #: cell index -> (kind, reason) for cells that did not finish
    stops: dict = field(default_factory=dict)
    cut: set = field(default_factory=set)
    seconds: float = 0.0
    runs: int = 0
    gave_up: str | None = None


def run_sheet(nb, execute_once, *, timeout: int, budget: float, stubs: dict | None = None) -> Outcome:
    """Runs ``nb`` in grading order. When a run stops (a cell ran past the time limit or the
    kernel died), the cell is recorded, replaced (an answer cell by its stub from ``stubs``,
    grade_id -> source; anything else by a statement that fails) and the sheet runs again,
    until every cell has run or ``budget`` seconds are spent.
    ``execute_once(notebook) -> Execution``."""
    order = grading_order(nb)
    cells = [copy.deepcopy(nb.cells[i]) for i in order]
    outcome = Outcome(nb)
    started = time.monotonic()
    result = None
    for _ in range(len(order) + 1):
        run = copy.deepcopy(nb)
        run.cells = cells
        result = execute_once(run)
        outcome.runs += 1
        outcome.cut |= {order[i] for i in result.cut}
        if not result.stopped or result.stopped_at is None:
            break
        position = result.stopped_at
        index = order[position]
        outcome.stops[index] = (result.stop_kind, result.stopped)
        grade_id = nbgrader(cells[position]).get("grade_id") or f"cell {index + 1}"
        print(f"  {grade_id} did not finish ({result.stopped}); running the sheet again without"
              " it", flush=True)
        if nbgrader(cells[position]).get("solution") and grade_id in (stubs or {}):
            cells[position].source = stubs[grade_id]
        else:
            cells[position].source = (f'throw new AssertionError("FAIL {grade_id}: did not'
                                      ' finish (see the feedback)");')
        if time.monotonic() - started > budget:
            outcome.gave_up = (f"the sheet used up its time budget of {budget:.0f} s; the cells"
                               " after this point did not run")
            break
    executed = copy.deepcopy(nb)
    for position, index in enumerate(order):
        executed.cells[index] = result.nb.cells[position]
    outcome.nb = executed
    outcome.seconds = time.monotonic() - started
    return outcome


# ------------------------------------------------------------------------------------------
# Scoring

def reported_checks(cell) -> list[str]:
    """The descriptions of the checks a cell reported as passed."""
    return _PASS_LINE.findall(stream_text(cell, "stdout"))


def _contains_in_order(lines: list[str], wanted: list[str]) -> bool:
    position = 0
    for item in wanted:
        try:
            position = lines.index(item, position) + 1
        except ValueError:
            return False
    return True


def answers_used(check_source: str, model_answers: dict[str, str]) -> list[str]:
    """The answers (grade ids) a check needs: those whose declared names the check calls, and
    what those answers' model solutions call in turn."""
    names = {gid: explain.declared_names(text) for gid, text in model_answers.items()}
    used, todo = [], [check_source]
    while todo:
        text = todo.pop()
        for gid, declared in names.items():
            if gid not in used and explain.uses(text, declared):
                used.append(gid)
                todo.append(model_answers[gid])
    return used


def score(outcome: Outcome, source, *, reference: dict | None, findings, timeout: int,
          ) -> tuple[list[CheckResult], dict[str, str]]:
    """The checks' results and what went wrong in the answer cells.

    ``reference`` maps each check's grade_id to the descriptions its cell reports when the model
    solution runs (None: scoring the model solution itself); ``findings`` are the screen's
    findings per answer."""
    model_answers = {gid: cell_source(c) for gid, c in solution_cells(source).items()
                     if c.cell_type == "code"}
    executed = outcome.nb
    answers = {nbgrader(c).get("grade_id"): c for c in executed.cells
               if nbgrader(c).get("solution") and c.cell_type == "code"}
    problems = {}
    for gid, cell in answers.items():
        index = executed.cells.index(cell)
        if index in outcome.stops:
            kind, reason = outcome.stops[index]
            problems[gid] = "did not finish: " + explain.stopped(kind, reason, timeout,
                                                                 _exits(findings, [gid]))
        else:
            problem = explain.answer_problem(cell)
            if problem:
                problems[gid] = problem
    results = []
    for index, cell in enumerate(executed.cells):
        meta = nbgrader(cell)
        if not meta.get("grade"):
            continue
        grade_id = meta.get("grade_id", f"cell {index + 1}")
        max_points = float(meta.get("points", 0))
        if cell.cell_type != "code":
            results.append(CheckResult(grade_id, None, max_points, "MANUAL",
                                       "written answer: graded by your instructor"))
            continue
        used = answers_used(cell_source(source.cells[index]), model_answers)
        if index in outcome.stops:
            kind, reason = outcome.stops[index]
            result = CheckResult(grade_id, 0.0, max_points, "FAIL", explain.stopped(
                kind, reason, timeout, _exits(findings, used)))
        elif not was_run(cell):
            why = outcome.gave_up or "the sheet stopped before this check"
            result = CheckResult(grade_id, 0.0, max_points, "NOT RUN", f"not run: {why}")
        elif error_text(cell):
            result = CheckResult(grade_id, 0.0, max_points, "FAIL", explain.check_failure(
                cell, {g: cell_source(answers[g]) for g in used if g in answers}, problems))
        else:
            reported = reported_checks(cell)
            expected = (reference or {}).get(grade_id, reported)
            if reference is not None and not _contains_in_order(reported, expected):
                missing = [w for w in expected if w not in reported]
                result = CheckResult(grade_id, 0.0, max_points, "FAIL",
                                     "the check cell ended without reporting every check"
                                     f" (missing: {'; '.join(missing[:3]) or 'their order'})")
            else:
                shown = "; ".join(f"PASS {w}" for w in expected) or "ran without error"
                result = CheckResult(grade_id, max_points, max_points, "PASS", shown[:500])
        if index in outcome.cut:
            result.message += " (its output was cut at the output limit)"
        held = [f for gid in used for f in findings.get(gid, []) if f.hold]
        if held:
            would = "would score" if result.status == "PASS" else "scores"
            result = CheckResult(grade_id, None, max_points, "HELD",
                                 f"held for your instructor's review: {held[0].describe()}"
                                 f" ({would} {result.points or 0:g} / {max_points:g}:"
                                 f" {result.status})")
        results.append(result)
    return results, problems


def setup_cell_failure(executed) -> str:
    """Why a sheet's model solution fails, when the cause is a cell before the checks (most
    often: the sheet reads a dataset or model that is not under data/ yet, and data/ is
    read-only to the grader)."""
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code" or is_check(cell) or nbgrader(cell).get("solution"):
            continue
        error = error_text(cell)
        if error:
            first = cell_source(cell).strip().splitlines()[0][:80] if cell_source(cell).strip() else ""
            return (f"; the cause is probably cell {index + 1} (`{first}`), which failed:"
                    f" {error.splitlines()[0][:300]}. A sheet reads its data and models from"
                    " data/, read-only under the grader: run the chapters once before grading"
                    " (environment/nb run) so that they exist")
    return ""


def _exits(findings, grade_ids) -> list[str]:
    return [gid for gid in grade_ids for f in findings.get(gid, [])
            if "System.exit" in f.what]


def written_answers(executed) -> list[tuple[str, str]]:
    return [(nbgrader(c).get("grade_id", "?"), cell_source(c)) for c in executed.cells
            if c.cell_type == "markdown" and nbgrader(c).get("solution")]


# ------------------------------------------------------------------------------------------
# A class

@dataclass
class Grader:
    """Grades sheets with one way of running them. ``execute_once(nb, path) -> Execution``."""
    solutions: Path
    execute_once: object
    timeout: int = 600
    sheet_budget: float = 3600
    #: sheet name -> {check grade_id: reported check descriptions}, from the model solution
    references: dict = field(default_factory=dict)
    #: sheet name -> why it cannot be graded
    broken: dict = field(default_factory=dict)

    def grade(self, student: str, path: Path, source, answers, notes) -> SheetResult:
        sheet = SheetResult(student, path.name, notes=list(notes))
        built, missing = assemble(source, answers, f"solutions/{path.name}")
        sheet.notes += missing
        reserved = screen.names_the_checks_use(
            [cell_source(c) for c in source.cells if is_check(c)],
            [cell_source(c) for c in source.cells if c.cell_type == "code"
             and not nbgrader(c).get("solution") and "import " in cell_source(c)])
        # A type the task itself asks for (declared by the model answer) is the student's to
        # declare.
        for cell in solution_cells(source).values():
            reserved -= explain.declared_names(cell_source(cell))
        variables = screen.variables_the_checks_use(
            [cell_source(c) for c in source.cells if c.cell_type == "code" and not is_check(c)
             and not nbgrader(c).get("solution")],
            [cell_source(c) for c in source.cells if is_check(c)])
        findings = {gid: screen.review(gid, text, reserved, variables)
                    for gid, text in answers.items()}
        for gid, items in findings.items():
            sheet.notes += [f"{f.describe()}" + (" (points held for review)" if f.hold else "")
                            for f in items]
        stubs = {nbgrader(c).get("grade_id"): cell_source(c)
                 for c in exercise_from_solution(source, path.name).cells}
        outcome = run_sheet(built, lambda nb: self.execute_once(nb, self.solutions / path.name),
                            timeout=self.timeout, budget=self.sheet_budget, stubs=stubs)
        if outcome.gave_up:
            sheet.notes.append(outcome.gave_up)
        reference = None if student == REFERENCE else self.references.get(path.name)
        sheet.checks, sheet.answer_problems = score(
            outcome, source, reference=reference, findings=findings, timeout=self.timeout)
        sheet.written = written_answers(outcome.nb)
        sheet.seconds = outcome.seconds
        sheet.executed = notebooks.tidy_outputs(outcome.nb)
        return sheet

    def verify(self, name: str, source) -> SheetResult:
        """Grades the model solution; a sheet whose solution loses points is not graded."""
        answers = {gid: cell_source(c) for gid, c in solution_cells(source).items()}
        result = self.grade(REFERENCE, self.solutions / name, source, answers, [])
        lost = [c for c in result.checks if c.status not in gradebook.PENDING
                and c.points != c.max_points]
        if lost:
            self.broken[name] = (f"the model solution solutions/{name} does not pass under the"
                                 f" grader ({lost[0].grade_id}: {lost[0].message})"
                                 + setup_cell_failure(result.executed))
        self.references[name] = {nbgrader(c)["grade_id"]: reported_checks(c)
                                 for c in result.executed.cells if is_check(c)}
        return result


def grade_folder(submissions: Path, solutions: Path, out: Path, *, execute_once,
                 timeout: int = 600, sheet_budget: float = 3600,
                 notebook_filter: str | None = None, run_info: dict | None = None,
                 save_executed: bool = True) -> list[SheetResult]:
    """Grades every SUBMISSIONS/<student>/<sheet>.ipynb into ``out``."""
    students = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not students:
        raise SystemExit(f"no student folders in {submissions} (expected"
                         " SUBMISSIONS/<student>/<NN-name>.ipynb)")
    grader = Grader(solutions, execute_once, timeout, sheet_budget)
    sheets = []
    started = time.monotonic()
    for student_dir in students:
        for path in sorted(student_dir.glob("*.ipynb")):
            if notebook_filter and path.name != notebook_filter:
                continue
            sheet = SheetResult(student_dir.name, path.name)
            sheets.append(sheet)
            source_path = solutions / path.name
            if not source_path.is_file():
                sheet.notes.append(f"no exercise sheet solutions/{path.name}: not graded")
                sheet.graded = False
                continue
            source = notebooks.read(source_path)
            if path.name not in grader.references and path.name not in grader.broken:
                print(f"checking the model solution of {path.name} under the grader ...",
                      flush=True)
                reference = grader.verify(path.name, source)
                if path.name in grader.broken and save_executed:
                    # What the model solution printed, for the instructor to see why.
                    notebooks.write(reference.executed,
                                    out / "executed" / "_model-solution" / path.name)
                print(f"  {reference.points:g} / {reference.max_points:g} in"
                      f" {reference.seconds:.1f} s" + (f" — NOT GRADABLE: {grader.broken[path.name]}"
                                                      if path.name in grader.broken else ""),
                      flush=True)
            if path.name in grader.broken:
                sheet.notes.append("not graded: " + grader.broken[path.name])
                sheet.graded = False
                continue
            print(f"grading {student_dir.name}/{path.name} ...", flush=True)
            answers, notes = read_answers(path, source)
            graded = grader.grade(student_dir.name, path, source, answers, notes)
            sheets[-1] = graded
            if save_executed:
                notebooks.write(graded.executed, out / "executed" / student_dir.name / path.name)
            print(f"  {graded.score_line()} ({graded.seconds:.1f} s)", flush=True)
    info = dict(run_info or {}, seconds=round(time.monotonic() - started, 1),
                sheets=len(sheets))
    gradebook.write(sheets, out, info)
    return sheets


# ------------------------------------------------------------------------------------------
# Command line

def kernelspec(name: str) -> dict:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel as error:
        raise KernelUnavailable(f"the Jupyter kernel '{name}' is not installed: run"
                                " environment/setup") from error
    return {"argv": list(spec.argv), "env": dict(spec.env or {})}


def data_dir(root: Path) -> Path:
    configured = os.environ.get("LOGOKIT_DATA_DIR")
    return Path(configured) if configured else root / "data"


def limits_from(args) -> sandbox.Limits:
    return sandbox.Limits(cpu_seconds=args.cpu_seconds, memory_bytes=int(args.memory_gib * 2**30),
                          tasks=args.threads, processes=args.processes, scratch_bytes=int(args.scratch_mib * 2**20),
                          output_bytes=int(args.output_mib * 2**20))


def add_run_options(parser) -> None:
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds one cell may run (default 600)")
    parser.add_argument("--sheet-timeout", type=float, default=None,
                        help="seconds all runs of one sheet may take (default 4 x --timeout)")
    parser.add_argument("--profile", default="smoke", choices=("smoke", "full"))
    parser.add_argument("--kernel", default=KERNEL_NAME)
    parser.add_argument("--cpu-seconds", type=int, default=1800,
                        help="CPU seconds per sheet's kernel (default 1800)")
    parser.add_argument("--memory-gib", type=float, default=6.0,
                        help="memory per kernel, GiB (default 6)")
    parser.add_argument("--processes", type=int, default=64,
                        help="processes per kernel (default 64)")
    parser.add_argument("--threads", type=int, default=1024,
                        help="processes + threads per kernel (default 1024)")
    parser.add_argument("--scratch-mib", type=float, default=1024,
                        help="writable scratch per kernel, MiB (default 1024)")
    parser.add_argument("--output-mib", type=float, default=4.0,
                        help="output (text and pictures) one cell may show, MiB (default 4)")
    parser.add_argument("--unsafe", action="store_true",
                        help="grade WITHOUT the sandbox (only for submissions you trust)")


def make_runner(args, root: Path, hidden: list[Path], log: Path):
    """(execute_once, description, cleanup) for the chosen way of running kernels."""
    limits = limits_from(args)
    env = {"LOGOKIT_PROFILE": args.profile}
    ok, why = sandbox.probe()
    if not ok and not args.unsafe:
        raise sandbox.SandboxError(
            f"grading runs every submission in a sandbox, and {why}. Without it a submission"
            " could read solutions/ and other submissions or change files. Pass --unsafe to"
            " grade without the sandbox (only for submissions you trust).")
    if args.unsafe:
        print("WARNING --unsafe: submissions run WITHOUT the sandbox, with your rights, and can"
              " read and change your files" + ("" if ok else f" ({why})"), flush=True)
        scratch = Path(tempfile.mkdtemp(prefix="logokit-unsafe-"))

        def execute_once(nb, path):
            folder = scratch / f"run-{time.monotonic_ns()}"
            folder.mkdir()
            return execute(nb, path, kernel=args.kernel, timeout=args.timeout,
                           allow_errors=True, env=env, kernel_log=log, cwd=folder,
                           output_limit=limits.output_bytes)
        return execute_once, "none (--unsafe)", lambda: shutil.rmtree(scratch, True)
    box = sandbox.Sandbox(kernelspec(args.kernel), root=root, data_dir=data_dir(root),
                          hidden=hidden, limits=limits, env=env)
    for warning in box.warnings:
        print(f"warn sandbox: {warning}", flush=True)

    def execute_once(nb, path):
        return execute(nb, path, kernel=args.kernel, timeout=args.timeout, allow_errors=True,
                       env=env, kernel_log=log, output_limit=limits.output_bytes,
                       kernel_manager=lambda: box.kernel_manager(args.kernel))
    return execute_once, f"bubblewrap ({why}; {limits.describe()})", box.close


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="environment/grade", description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of <student>/<NN-name>.ipynb")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the gradebook and feedback go (default SUBMISSIONS/../gradebook)")
    parser.add_argument("--notebook", help="grade only this sheet, e.g. 04-boxes-iou-nms.ipynb")
    add_run_options(parser)
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"ERROR {args.submissions} is not a folder of student submissions", file=sys.stderr)
        return 2
    root = notebooks.repo_root()
    if not (root / "solutions").is_dir():
        print("ERROR this copy of the course has no solutions/ (a student edition?): grading"
              " needs the instructor's copy", file=sys.stderr)
        return 2
    out = (args.out or args.submissions.resolve().parent / "gradebook").resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        execute_once, how, cleanup = make_runner(
            args, root, [args.submissions.resolve(), out], out / "kernel-logs" / "kernel.log")
    except (sandbox.SandboxError, KernelUnavailable) as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 2
    print(f"sandbox: {how}")
    try:
        sheets = grade_folder(args.submissions, root / "solutions", out,
                              execute_once=execute_once, timeout=args.timeout,
                              sheet_budget=args.sheet_timeout or 4 * args.timeout,
                              notebook_filter=args.notebook,
                              run_info={"sandbox": how, "profile": args.profile})
    except KernelUnavailable as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ngrading stopped (Ctrl-C or SIGTERM); no gradebook written", file=sys.stderr)
        return 130
    finally:
        cleanup()
    print()
    print(f"{'student':<20} {'notebook':<32} {'automatic':>10}  pending")
    for sheet in sheets:
        auto = f"{sheet.points:g} / {sheet.max_points:g}" if sheet.graded else "not graded"
        print(f"{sheet.student:<20} {sheet.notebook:<32} {auto:>10}  {sheet.pending_points:g}")
    print(f"gradebook: {out / 'gradebook.csv'}, {out / 'gradebook.json'}; feedback (for the"
          f" students): {out / 'feedback'}")
    return 1 if any(not s.graded for s in sheets) else 0


if __name__ == "__main__":
    sys.exit(main())
