import contextlib
import copy
import csv
import io
import json
import tempfile
import unittest
from pathlib import Path

from nbtools import generate, grade, notebooks
from nbtools.notebooks import cell_source
from nbtools.tests.helpers import error, sheet, stream


def fake_kernel(nb, path):
    """Stands in for the Java kernel: a graded cell passes when the answer multiplies."""
    answer = cell_source(nb.cells[2])
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.execution_count = 1
        if "Check.close" in cell_source(cell):
            if "UnsupportedOperationException" in answer:
                cell.outputs = [error("java.lang.AssertionError", "FAIL area of a 2x3 box: not"
                                      " answered yet (Exercise area: replace this stub)")]
            elif "w * h" in answer and "0.5x4" in cell_source(cell):
                cell.outputs = [stream("PASS area of a 2x3 box = 6.0\nPASS area of a 0.5x4 box"
                                       " = 2.0\n")]
            else:
                cell.outputs = [error("java.lang.AssertionError", "FAIL area of a 2x3 box: your"
                                      " value is 5.0; expected 6.0")]
    return nb, None


class GradeTest(unittest.TestCase):

    def test_assemble_takes_answers_from_the_student_and_everything_else_from_the_source(self):
        source = sheet()
        student = generate.exercise_from_solution(source, "s")
        student.cells[2].source = "double area(double w, double h) {\n  return 42;\n}"
        student.cells[3].source = "// I deleted the check"
        student.cells[1].source = "System.exit(0);"
        built, notes = grade.assemble(source, student, "s")
        self.assertIn("return 42;", cell_source(built.cells[2]))
        self.assertIn("0.5x4", cell_source(built.cells[3]), "hidden tests are put back")
        self.assertNotIn("HIDDEN", cell_source(built.cells[3]))
        self.assertEqual(cell_source(built.cells[1]), "import org.logokit.grading.Check;")
        self.assertEqual(notes, [])

    def test_answer_cell_without_metadata_is_found_by_its_cell_id(self):
        source = sheet()
        student = generate.exercise_from_solution(source, "s")
        student.cells[2].source = "double area(double w, double h) {\n  return w * h;\n}"
        student.cells[2].metadata = {}
        built, notes = grade.assemble(source, student, "s")
        self.assertIn("return w * h;", cell_source(built.cells[2]))
        self.assertEqual(notes, [])

    def test_missing_answer_cell_is_graded_as_the_stub_with_a_note(self):
        source = sheet()
        student = generate.exercise_from_solution(source, "s")
        del student.cells[2]
        built, notes = grade.assemble(source, student, "s")
        self.assertIn("UnsupportedOperationException", cell_source(built.cells[2]))
        self.assertTrue(any("'area' is missing" in n for n in notes), notes)

    def test_score_gives_points_only_to_cells_without_errors(self):
        nb = sheet()
        nb.cells[3].outputs = [error("java.lang.AssertionError", "FAIL area: your value is 5")]
        nb.cells[3].execution_count = 3
        checks = grade.score(nb)
        self.assertEqual([(c.grade_id, c.points, c.max_points, c.status) for c in checks],
                         [("area-test", 0.0, 2.0, "FAIL"), ("why", None, 1.0, "MANUAL")])
        self.assertIn("your value is 5", checks[0].message)
        nb.cells[3].outputs = [stream("PASS area = 6\n")]
        self.assertEqual(grade.score(nb)[0].points, 2.0)
        nb.cells[3].outputs, nb.cells[3].execution_count = [], None
        self.assertEqual(grade.score(nb, "the kernel died")[0].status, "NOT RUN")

    def test_a_hanging_cell_is_replaced_by_a_failure_and_the_sheet_runs_again(self):
        from nbtools.execute import Execution
        runs = []

        def hangs_on_the_check(nb):
            runs.append(cell_source(nb.cells[3]))
            done = copy.deepcopy(nb)
            if "Check.close" in cell_source(done.cells[3]):
                return Execution(done, 15.0, "the kernel died", 1, 3)
            done.cells[3].outputs = [error("EvalException", cell_source(done.cells[3]))]
            return Execution(done, 1.0)

        with contextlib.redirect_stdout(io.StringIO()):
            executed, stopped = grade.run_resilient(sheet(), hangs_on_the_check, 15)
        self.assertIsNone(stopped)
        self.assertEqual(len(runs), 2)
        checks = grade.score(executed)
        self.assertEqual(checks[0].status, "FAIL")
        self.assertIn("did not finish within 15 s", checks[0].message)

    def test_tiny_class_gradebook_and_feedback(self):
        source = sheet()
        exercise = generate.exercise_from_solution(source, "s")
        partial = generate.exercise_from_solution(source, "s")
        partial.cells[2].source = "double area(double w, double h) {\n  return w + h;\n}"
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            notebooks.write(source, tmp / "solutions" / "00-a.ipynb")
            for student, nb in (("ada", source), ("bob", exercise), ("cy", partial)):
                notebooks.write(nb, tmp / "subs" / student / "00-a.ipynb")
            (tmp / "subs" / "cy" / "99-unknown.ipynb").write_text(
                notebooks.write_text(exercise))
            with contextlib.redirect_stdout(io.StringIO()):
                sheets = grade.grade_folder(tmp / "subs", tmp / "solutions", tmp / "out",
                                            run=fake_kernel)
            scores = {(s.student, s.notebook): (s.points, s.max_points) for s in sheets}
            self.assertEqual(scores[("ada", "00-a.ipynb")], (2.0, 3.0))
            self.assertEqual(scores[("bob", "00-a.ipynb")], (0.0, 3.0))
            self.assertEqual(scores[("cy", "00-a.ipynb")], (0.0, 3.0))
            self.assertEqual(scores[("cy", "99-unknown.ipynb")], (0, 0))
            with open(tmp / "out" / "gradebook.csv", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            total = [r for r in rows if r["student"] == "ada" and r["grade_id"] == "TOTAL"]
            self.assertEqual(total[0]["points"], "2")
            book = json.loads((tmp / "out" / "gradebook.json").read_text())
            self.assertEqual(book["students"]["ada"]["points"], 2.0)
            self.assertEqual(book["students"]["bob"]["notebooks"]["00-a.ipynb"]["checks"][0]
                             ["status"], "FAIL")
            feedback = (tmp / "out" / "feedback" / "bob" / "00-a.md").read_text()
            self.assertIn("not answered yet", feedback)
            self.assertIn("Score: 0 / 3", feedback)
            self.assertIn("YOUR ANSWER HERE", feedback)
            self.assertIn("your value is 5.0",
                          (tmp / "out" / "feedback" / "cy" / "00-a.md").read_text())
            self.assertIn("no exercise sheet", " ".join(
                book["students"]["cy"]["notebooks"]["99-unknown.ipynb"]["notes"]))


if __name__ == "__main__":
    unittest.main()
