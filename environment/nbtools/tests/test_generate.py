import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell

from nbtools import generate, notebooks
from nbtools.notebooks import NotebookError, cell_source
from nbtools.tests.helpers import meta, notebook, sheet, stream


class GenerateTest(unittest.TestCase):

    def test_solution_region_becomes_a_throwing_stub_at_the_same_indent(self):
        out = generate.exercise_from_solution(sheet(), "solutions/x.ipynb")
        self.assertEqual(
            cell_source(out.cells[2]),
            "double area(double w, double h) {\n"
            "    // YOUR CODE HERE\n"
            '    throw new UnsupportedOperationException("Exercise area: replace this stub with'
            ' your answer");\n'
            "}")

    def test_hidden_tests_are_removed_and_visible_tests_kept(self):
        source = cell_source(generate.exercise_from_solution(sheet(), "s").cells[3])
        self.assertIn('Check.close("area of a 2x3 box"', source)
        self.assertNotIn("0.5x4", source)
        self.assertNotIn("HIDDEN", source)

    def test_written_answers_become_a_placeholder(self):
        source = cell_source(generate.exercise_from_solution(sheet(), "s").cells[4])
        self.assertEqual(source, "Why?\nYOUR ANSWER HERE")

    def test_nbgrader_metadata_is_kept_and_outputs_are_stripped(self):
        nb = sheet()
        nb.cells[3].outputs = [stream("PASS area\n")]
        nb.cells[3].execution_count = 7
        out = generate.exercise_from_solution(nb, "s")
        self.assertEqual(out.cells[3].metadata, nb.cells[3].metadata)
        self.assertEqual(out.cells[3].outputs, [])
        self.assertIsNone(out.cells[3].execution_count)
        self.assertEqual(len(nb.cells[3].outputs), 1, "the source must not be changed")

    def test_output_is_deterministic_and_idempotent(self):
        first = notebooks.write_text(generate.exercise_from_solution(sheet(), "s"))
        second = notebooks.write_text(generate.exercise_from_solution(sheet(), "s"))
        self.assertEqual(first, second)
        self.assertTrue(first.endswith("}\n"))
        again = generate.exercise_from_solution(
            generate.exercise_from_solution(sheet(), "s"), "s")
        self.assertEqual(notebooks.write_text(again), first)

    def test_cells_without_ids_get_stable_ids(self):
        nb = sheet()
        for cell in nb.cells:
            del cell["id"]
        first = notebooks.write_text(generate.exercise_from_solution(nb, "solutions/07-x.ipynb"))
        second = notebooks.write_text(generate.exercise_from_solution(nb, "07-x.ipynb"))
        self.assertEqual(first, second)
        ids = [c.id for c in generate.exercise_from_solution(nb, "07-x").cells]
        self.assertEqual(len(set(ids)), len(ids))

    def test_hidden_tests_kept_drops_only_the_markers(self):
        self.assertEqual(generate.hidden_tests_kept("a\n  // BEGIN HIDDEN TESTS\nb\n"
                                                    "// END HIDDEN TESTS\nc"), "a\nb\nc")

    def _fails(self, cell, *fragments):
        nb = notebook(new_markdown_cell("x"), cell)
        with self.assertRaises(NotebookError) as caught:
            generate.exercise_from_solution(nb, "solutions/07-bad.ipynb")
        message = str(caught.exception)
        self.assertIn("solutions/07-bad.ipynb, cell 2", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message

    def test_unbalanced_begin_names_notebook_cell_and_line(self):
        self._fails(new_code_cell("int f() {\n  // BEGIN SOLUTION\n  return 1;\n}",
                                  metadata=meta("f", solution=True)),
                    "grade_id 'f'", "line 2", "no matching `// END SOLUTION`")

    def test_end_without_begin_is_an_error(self):
        self._fails(new_code_cell("int f() {\n  return 1;\n  // END SOLUTION\n}",
                                  metadata=meta("f", solution=True)), "line 3", "no matching")

    def test_nested_begin_is_an_error(self):
        self._fails(new_code_cell("int f() {\n// BEGIN SOLUTION\n// BEGIN SOLUTION\nreturn 1;\n"
                                  "// END SOLUTION\n}", metadata=meta("f", solution=True)),
                    "still open")

    def test_unbalanced_hidden_tests_and_markdown_markers_are_errors(self):
        self._fails(new_code_cell("// BEGIN HIDDEN TESTS\nx();",
                                  metadata=meta("t", grade=True, locked=True, points=1)),
                    "END HIDDEN TESTS")
        self._fails(new_markdown_cell("### BEGIN SOLUTION\nanswer",
                                      metadata=meta("w", solution=True)), "### END SOLUTION")

    def test_marker_without_solution_metadata_is_an_error(self):
        self._fails(new_code_cell("int f() {\n// BEGIN SOLUTION\nreturn 1;\n// END SOLUTION\n}"),
                    '"solution": true')

    def test_region_that_does_not_end_the_method_body_is_an_error(self):
        self._fails(new_code_cell("int f() {\n// BEGIN SOLUTION\nint a = 1;\n// END SOLUTION\n"
                                  "return a;\n}", metadata=meta("f", solution=True)),
                    "closing brace", "return a;")

    def test_duplicate_grade_ids_are_an_error(self):
        nb = notebook(new_code_cell("int f() {\n// BEGIN SOLUTION\nreturn 1;\n// END SOLUTION\n}",
                                    metadata=meta("f", solution=True)),
                      new_code_cell("x();", metadata=meta("f", grade=True, points=1)))
        with self.assertRaisesRegex(NotebookError, "already used by cell 1"):
            generate.exercise_from_solution(nb, "s")

    def test_check_mode_reports_missing_stale_and_different_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "solutions").mkdir()
            (root / "exercises").mkdir()
            notebooks.write(sheet(), root / "solutions" / "00-a.ipynb")
            notebooks.write(sheet(), root / "solutions" / "01-b.ipynb")
            expected = generate.generate_all(root / "solutions", root)
            self.assertEqual(sorted(expected), ["00-a.ipynb", "01-b.ipynb"])
            (root / "exercises" / "00-a.ipynb").write_text(expected["00-a.ipynb"])
            (root / "exercises" / "99-old.ipynb").write_text("{}")
            report = generate.check(expected, root / "exercises")
            self.assertTrue(any("01-b.ipynb: missing" in l for l in report), report)
            self.assertTrue(any("99-old.ipynb: has no source" in l for l in report), report)
            (root / "exercises" / "00-a.ipynb").write_text(
                expected["00-a.ipynb"].replace("YOUR CODE HERE", "my answer"))
            report = generate.check(expected, root / "exercises")
            self.assertTrue(any("00-a.ipynb: differs" in l for l in report), report)
            self.assertTrue(any("my answer" in l for l in report), "diff lines are shown")

    def test_main_writes_then_check_passes(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "solutions").mkdir()
            notebooks.write(sheet(), root / "solutions" / "00-a.ipynb")
            with contextlib.redirect_stdout(io.StringIO()) as out:
                self.assertEqual(generate.main(["--root", tmp, "--check"]), 1)
                self.assertEqual(generate.main(["--root", tmp]), 0)
                self.assertEqual(generate.main(["--root", tmp, "--check"]), 0)
            self.assertIn("exercises/00-a.ipynb: missing", out.getvalue())


if __name__ == "__main__":
    unittest.main()
