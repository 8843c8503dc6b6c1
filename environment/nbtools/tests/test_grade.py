import contextlib
import copy
import csv
import io
import json
import tempfile
import unittest
from pathlib import Path

from nbformat.v4 import new_code_cell

from nbtools import generate, grade, gradebook, notebooks
from nbtools.execute import Execution
from nbtools.notebooks import cell_source
from nbtools.tests.helpers import error, meta, notebook, sheet, stream

COMPILE_ERROR = ["Compile error:", "|    double area(double w, double h) {",
                 "|      return w * ;", "                 ^", "|    }",
                 "illegal start of expression", ""]


def fake_kernel(nb, path=None):
    """Stands in for the Java kernel: the check passes when the answer multiplies; an answer
    with 'exit' stops the kernel, one with 'loop' runs past the time limit, one with 'return w *
    ;' does not compile."""
    done = copy.deepcopy(nb)
    answer = next((cell_source(c) for c in done.cells if "double area(" in cell_source(c)), "")
    for position, cell in enumerate(done.cells):
        if cell.cell_type != "code":
            continue
        cell.execution_count = position + 1
        text = cell_source(cell)
        if "DatasetLocator" in text:
            cell.outputs = [error("java.nio.file.AccessDeniedException", "data/SynthLogos-32")]
        elif "double area(" in text and "return w * ;" in text:
            cell.outputs = [dict(error("CompilerException", ""), traceback=COMPILE_ERROR)]
        elif "Check.close" in text:
            if "exit" in answer:
                return Execution(done, 1.0, "the kernel died: the kernel exited with status 1",
                                 1, position, "died")
            if "loop" in answer:
                return Execution(done, 1.0, "a cell ran past the 5 s cell timeout", 1, position,
                                 "timeout")
            if "return w * ;" in answer:
                cell.outputs = [error("CompilerException", "")]
                cell.outputs[0]["traceback"] = ["Compile error:", "|    Check.close(...)",
                                                "cannot find symbol", "  symbol: method area"]
            elif "UnsupportedOperationException" in answer:
                cell.outputs = [error("java.lang.AssertionError", "FAIL area of a 2x3 box: not"
                                      " answered yet (Exercise area: replace this stub)")]
            elif "w * h" in answer and "0.5x4" in text:
                cell.outputs = [stream("PASS area of a 2x3 box = 6.0\n"),
                                stream("PASS area of a 0.5x4 box = 2.0\n")]
            else:
                cell.outputs = [stream("PASS area of a 2x3 box = 6.0\nPASS area of a 0.5x4 box"
                                       " = 2.0\n"),  # what a forging answer prints ...
                                error("java.lang.AssertionError",  # ... before the real check
                                      "FAIL area of a 2x3 box: your value is 5.0; expected 6.0")]
    return Execution(done, 1.0)


def submit(nb, folder: Path, student: str, name="00-a.ipynb") -> Path:
    path = folder / student / name
    notebooks.write(nb, path)
    return path


class ReadAnswersTest(unittest.TestCase):

    def test_answers_come_by_grade_id_and_locked_cells_are_ignored(self):
        source = sheet()
        student = generate.exercise_from_solution(source, "s")
        student.cells[2].source = "double area(double w, double h) {\n  return 42;\n}"
        student.cells[3].source = "// I deleted the check"
        student.cells[1].source = "System.exit(0);"
        with tempfile.TemporaryDirectory() as tmp:
            answers, notes = grade.read_answers(submit(student, Path(tmp), "s"), source)
        self.assertEqual(sorted(answers), ["area", "why"])
        built, missing = grade.assemble(source, answers, "s")
        self.assertIn("return 42;", cell_source(built.cells[2]))
        self.assertIn("0.5x4", cell_source(built.cells[3]), "hidden tests are put back")
        self.assertNotIn("HIDDEN", cell_source(built.cells[3]))
        self.assertEqual(cell_source(built.cells[1]), "import org.logokit.grading.Check;")
        self.assertEqual(notes + missing, [])

    def test_answer_cell_without_metadata_is_found_by_its_cell_id(self):
        source = sheet()
        student = generate.exercise_from_solution(source, "s")
        student.cells[2].source = "double area(double w, double h) {\n  return w * h;\n}"
        student.cells[2].metadata = {}
        with tempfile.TemporaryDirectory() as tmp:
            answers, _ = grade.read_answers(submit(student, Path(tmp), "s"), source)
        self.assertIn("return w * h;", answers["area"])

    def test_missing_answer_cell_is_graded_as_the_stub_with_a_note(self):
        source = sheet()
        built, notes = grade.assemble(source, {}, "s")
        self.assertIn("UnsupportedOperationException", cell_source(built.cells[2]))
        self.assertTrue(any("'area' is missing" in n for n in notes), notes)

    def test_bad_files_give_no_answers_and_a_note_instead_of_a_crash(self):
        source = sheet()
        cases = {
            "not json": b"{ this is not json",
            "not utf-8": b"\xff\xfe\x00garbage",
            "not a notebook": b'["a", "list"]',
            "cells not a list": b'{"cells": {"a": 1}}',
            "odd cells": json.dumps({"cells": [1, None, {"metadata": "x"}, {
                "cell_type": "code", "metadata": {"nbgrader": {"solution": True,
                                                               "grade_id": "area"}},
                "source": {"not": "text"}}]}).encode(),
        }
        with tempfile.TemporaryDirectory() as tmp:
            for label, raw in cases.items():
                path = Path(tmp) / f"{label}.ipynb"
                path.write_bytes(raw)
                answers, notes = grade.read_answers(path, source)
                self.assertEqual(answers, {}, label)
                self.assertTrue(notes, label)
            huge = Path(tmp) / "huge.ipynb"
            with open(huge, "wb") as handle:
                handle.truncate(grade.MAX_SUBMISSION_BYTES + 1)
            answers, notes = grade.read_answers(huge, source)
            self.assertEqual(answers, {})
            self.assertIn("MiB", notes[0])

    def test_an_oversized_or_retyped_answer_is_refused_with_a_note(self):
        source = sheet()
        student = generate.exercise_from_solution(source, "s")
        student.cells[2].source = "x" * (grade.MAX_ANSWER_CHARS + 1)
        student.cells[4].cell_type = "raw"
        with tempfile.TemporaryDirectory() as tmp:
            answers, notes = grade.read_answers(submit(student, Path(tmp), "s"), source)
        self.assertEqual(answers, {})
        self.assertEqual(len(notes), 2, notes)


class RunAndScoreTest(unittest.TestCase):

    def outcome(self, answer):
        source = sheet()
        built, _ = grade.assemble(source, {"area": answer}, "s")
        return source, grade.run_sheet(built, fake_kernel, timeout=5, budget=60)

    def score(self, answer, reference=None):
        source, outcome = self.outcome(answer)
        return grade.score(outcome, source, reference=reference, findings={
            "area": grade.screen.review("area", answer)}, timeout=5)

    def test_a_check_needs_the_answers_it_calls_and_what_their_solutions_call(self):
        model = {"one": "int convOutputSize(int n) {\n return n;\n}",
                 "two": "int featureSize(int n) {\n return convOutputSize(n) / 2;\n}",
                 "three": "long params() {\n return 3;\n}"}
        self.assertEqual(grade.answers_used("Check.equal(\"x\", () -> featureSize(4), 2);",
                                            model), ["two", "one"])

    def test_checks_run_after_every_other_cell(self):
        nb = notebook(new_code_cell("a"), new_code_cell("t1", metadata=meta("t1", grade=True)),
                      new_code_cell("b"), new_code_cell("t2", metadata=meta("t2", grade=True)))
        self.assertEqual(grade.grading_order(nb), [0, 2, 1, 3])

    def test_a_right_answer_passes_and_written_answers_are_pending(self):
        checks, problems = self.score("double area(double w, double h) { return w * h; }",
                                      {"area-test": ["area of a 2x3 box", "area of a 0.5x4 box"]})
        self.assertEqual([(c.status, c.points) for c in checks], [("PASS", 2.0), ("MANUAL", None)])
        self.assertEqual(problems, {})

    def test_pass_lines_printed_by_the_answer_do_not_score(self):
        checks, _ = self.score('double area(double w, double h) {\n System.out.println("PASS'
                               ' area of a 2x3 box = 6.0");\n return w + h; }')
        self.assertEqual(checks[0].status, "FAIL")
        self.assertIn("your value is 5.0", checks[0].message)

    def test_a_check_that_does_not_report_what_the_model_solution_reports_fails(self):
        checks, _ = self.score("double area(double w, double h) { return w * h; }",
                               {"area-test": ["area of a 2x3 box", "a check that never ran"]})
        self.assertEqual(checks[0].status, "FAIL")
        self.assertIn("a check that never ran", checks[0].message)

    def test_a_stopped_kernel_costs_only_its_check_and_says_why(self):
        source, outcome = self.outcome("double area(double w, double h) { System.exit(1);"
                                       " return 0; }")
        self.assertEqual(outcome.runs, 2)
        self.assertEqual(list(outcome.stops), [3])
        checks, _ = grade.score(outcome, source, reference=None, timeout=5,
                                findings={"area": grade.screen.review(
                                    "area", cell_source(outcome.nb.cells[2]))})
        self.assertEqual(checks[0].status, "FAIL")
        self.assertIn("exited with status 1", checks[0].message)
        self.assertIn("calls System.exit", checks[0].message)

    def test_a_time_out_is_explained(self):
        checks, _ = self.score("double area(double w, double h) { /* loop */ return 0; }")
        self.assertIn("did not finish within the 5 s time limit", checks[0].message)

    def test_a_compile_error_is_reported_with_its_line(self):
        checks, problems = self.score("double area(double w, double h) {\n  return w * ;\n}")
        self.assertEqual(problems["area"], "does not compile: line 2: illegal start of expression")
        self.assertIn("your answer 'area' does not compile: line 2", checks[0].message)

    def test_reflection_holds_the_points_for_review(self):
        checks, _ = self.score("double area(double w, double h) {\n  Object o = Check.class"
                               ".getDeclaredFields();\n  return w * h; }")
        self.assertEqual(checks[0].status, "HELD")
        self.assertIsNone(checks[0].points)
        self.assertIn("line 2", checks[0].message)
        self.assertIn("would score 2 / 2", checks[0].message)


class GradeFolderTest(unittest.TestCase):

    def test_tiny_class_gradebook_and_feedback(self):
        source = sheet()
        exercise = generate.exercise_from_solution(source, "s")
        partial = generate.exercise_from_solution(source, "s")
        partial.cells[2].source = "double area(double w, double h) {\n  return w + h;\n}"
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            notebooks.write(source, tmp / "solutions" / "00-a.ipynb")
            for student, nb in (("ada", source), ("bob", exercise), ("cy", partial)):
                submit(nb, tmp / "subs", student)
            (tmp / "subs" / "cy" / "99-unknown.ipynb").write_text(notebooks.write_text(exercise))
            (tmp / "subs" / "dee").mkdir()
            (tmp / "subs" / "dee" / "00-a.ipynb").write_text("{ broken")
            with contextlib.redirect_stdout(io.StringIO()):
                sheets = grade.grade_folder(tmp / "subs", tmp / "solutions", tmp / "out",
                                            execute_once=fake_kernel, timeout=5)
            scores = {(s.student, s.notebook): (s.points, s.max_points, s.pending_points)
                      for s in sheets}
            self.assertEqual(scores[("ada", "00-a.ipynb")], (2.0, 2.0, 1.0))
            self.assertEqual(scores[("bob", "00-a.ipynb")], (0.0, 2.0, 1.0))
            self.assertEqual(scores[("cy", "00-a.ipynb")], (0.0, 2.0, 1.0))
            self.assertEqual(scores[("dee", "00-a.ipynb")], (0.0, 2.0, 1.0))
            self.assertEqual(scores[("cy", "99-unknown.ipynb")], (0, 0, 0))
            with open(tmp / "out" / "gradebook.csv", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            total = [r for r in rows if r["student"] == "ada" and r["grade_id"] == "TOTAL"]
            self.assertEqual((total[0]["points"], total[0]["max_points"],
                              total[0]["pending_points"]), ("2", "2", "1"))
            book = json.loads((tmp / "out" / "gradebook.json").read_text())
            self.assertEqual(book["students"]["ada"]["points"], 2.0)
            self.assertEqual(book["students"]["ada"]["pending_points"], 1.0)
            self.assertEqual(book["students"]["bob"]["notebooks"]["00-a.ipynb"]["checks"][0]
                             ["status"], "FAIL")
            feedback = (tmp / "out" / "feedback" / "ada" / "00-a.md").read_text()
            self.assertIn("2 / 2 automatic points; 1 for written answers, pending", feedback)
            feedback = (tmp / "out" / "feedback" / "bob" / "00-a.md").read_text()
            self.assertIn("not answered yet", feedback)
            self.assertIn("YOUR ANSWER HERE", feedback)
            self.assertIn("your value is 5.0",
                          (tmp / "out" / "feedback" / "cy" / "00-a.md").read_text())
            self.assertIn("not a readable notebook",
                          (tmp / "out" / "feedback" / "dee" / "00-a.md").read_text())
            self.assertIn("no exercise sheet", " ".join(
                book["students"]["cy"]["notebooks"]["99-unknown.ipynb"]["notes"]))
            executed = notebooks.read(tmp / "out" / "executed" / "ada" / "00-a.ipynb")
            self.assertEqual(len(executed.cells[3].outputs), 1, "stream outputs are merged")

    def test_a_sheet_whose_model_solution_fails_is_not_graded(self):
        source = sheet()
        source.cells[2].source = source.cells[2].source.replace("w * h", "w - h")
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            notebooks.write(source, tmp / "solutions" / "00-a.ipynb")
            submit(source, tmp / "subs", "ada")
            with contextlib.redirect_stdout(io.StringIO()):
                sheets = grade.grade_folder(tmp / "subs", tmp / "solutions", tmp / "out",
                                            execute_once=fake_kernel, timeout=5)
        self.assertFalse(sheets[0].graded)
        self.assertIn("does not pass under the grader", sheets[0].notes[0])

    def test_a_failing_cell_before_the_checks_is_named_as_the_likely_cause(self):
        source = sheet()
        source.cells.insert(2, new_code_cell("var data = DatasetLocator.locate().open();"))
        source.cells[3].source = source.cells[3].source.replace("w * h", "w - h")
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            notebooks.write(source, tmp / "solutions" / "00-a.ipynb")
            submit(source, tmp / "subs", "ada")
            with contextlib.redirect_stdout(io.StringIO()):
                sheets = grade.grade_folder(tmp / "subs", tmp / "solutions", tmp / "out",
                                            execute_once=fake_kernel, timeout=5)
            kept = (tmp / "out" / "executed" / "_model-solution" / "00-a.ipynb").is_file()
        self.assertFalse(sheets[0].graded)
        self.assertIn("the cause is probably cell 3 (`var data = DatasetLocator", sheets[0].notes[0])
        self.assertIn("AccessDeniedException: data/SynthLogos-32", sheets[0].notes[0])
        self.assertTrue(kept, "the model solution's executed copy is kept for the instructor")


class RefusalTest(unittest.TestCase):

    def test_without_a_working_sandbox_grading_refuses_unless_unsafe(self):
        import argparse
        from nbtools import sandbox
        parser = argparse.ArgumentParser()
        grade.add_run_options(parser)
        original = sandbox.probe
        sandbox.probe = lambda: (False, "bubblewrap (bwrap) is not installed: install it")
        try:
            with self.assertRaises(sandbox.SandboxError) as refused:
                grade.make_runner(parser.parse_args([]), Path("."), [], Path("k.log"))
            self.assertIn("--unsafe", str(refused.exception))
            with contextlib.redirect_stdout(io.StringIO()) as out:
                _, how, cleanup = grade.make_runner(parser.parse_args(["--unsafe"]), Path("."),
                                                    [], Path("k.log"))
            cleanup()
            self.assertEqual(how, "none (--unsafe)")
            self.assertIn("WITHOUT the sandbox", out.getvalue())
        finally:
            sandbox.probe = original


class GradebookTest(unittest.TestCase):

    def test_pending_points_are_not_counted_as_lost(self):
        result = gradebook.SheetResult("ada", "00-a.ipynb", checks=[
            gradebook.CheckResult("t", 3.0, 3.0, "PASS", ""),
            gradebook.CheckResult("w", None, 1.0, "MANUAL", ""),
            gradebook.CheckResult("h", None, 2.0, "HELD", "")])
        self.assertEqual((result.points, result.max_points, result.pending_points), (3, 3, 3))
        self.assertIn("3 / 3 automatic points; 1 for written answers, pending (graded by your"
                      " instructor); 2 held for review",
                      result.score_line())


if __name__ == "__main__":
    unittest.main()
