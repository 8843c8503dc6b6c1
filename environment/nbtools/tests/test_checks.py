import unittest

from nbformat.v4 import new_code_cell, new_output

from nbtools import notebooks, run
from nbtools.tests.helpers import error, meta, notebook, png_output, sheet, stream


class NotebookRulesTest(unittest.TestCase):

    def test_a_clean_sheet_has_no_problems(self):
        self.assertEqual(notebooks.problems("s.ipynb", sheet()), [])

    def test_outputs_magics_awt_star_stderr_and_wrong_kernel_are_reported(self):
        nb = notebook(new_code_cell("%maven org.foo:bar:1"),
                      new_code_cell("import java.awt.*;\nSystem.err.println(1);"))
        nb.cells[0].outputs = [stream("x")]
        nb.metadata.kernelspec["name"] = "java"
        found = "\n".join(notebooks.problems("n.ipynb", nb))
        for fragment in ("kernelspec", "has outputs", "magics", "java.awt", "System.err",
                         "n.ipynb, cell 2"):
            self.assertIn(fragment, found)

    def test_reading_a_notebook_without_cell_ids_gives_the_same_ids_every_time(self):
        import json, tempfile
        from pathlib import Path
        raw = json.loads(notebooks.write_text(sheet()))
        for cell in raw["cells"]:
            del cell["id"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "05-x.ipynb"
            path.write_text(json.dumps(raw))
            first, second = notebooks.read(path), notebooks.read(path)
        self.assertEqual([c.id for c in first.cells], [c.id for c in second.cells])
        self.assertEqual(notebooks.write_text(first), notebooks.write_text(second))

    def test_strip_removes_outputs_counts_and_run_metadata(self):
        nb = sheet()
        nb.cells[1].outputs = [stream("x")]
        nb.cells[1].execution_count = 4
        nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026"}
        clean = notebooks.strip_outputs(nb)
        self.assertEqual(notebooks.problems("s", clean), [])
        self.assertNotIn("execution", clean.cells[1].metadata)


class RunChecksTest(unittest.TestCase):

    def executed_solution(self):
        nb = sheet()
        nb.cells[1].outputs = [png_output(640, 400)]
        nb.cells[1].metadata["tags"] = ["shows-image"]
        nb.cells[3].outputs = [stream("PASS area = 6\n")]
        return nb

    def test_a_good_solution_run_passes_and_counts_images(self):
        result = run.Result("s")
        run.check_strict(self.executed_solution(), result)
        self.assertEqual(result.problems, [])
        self.assertEqual(result.images, 1)

    def test_missing_image_missing_pass_and_stderr_in_graded_cell_fail(self):
        nb = self.executed_solution()
        nb.cells[1].outputs = []
        nb.cells[3].outputs = [stream("done\n"), stream("oops\n", "stderr")]
        result = run.Result("s")
        run.check_strict(nb, result)
        text = "\n".join(result.problems)
        self.assertIn("shows no image/png", text)
        self.assertIn("no PASS line", text)
        self.assertIn("stderr", text)

    def test_after_a_stopped_run_only_the_cells_that_ran_are_checked(self):
        nb = self.executed_solution()
        nb.cells[1].execution_count = 1
        nb.cells[2].execution_count = 2
        nb.cells[2].outputs = [error("java.lang.IllegalStateException", "boom")]
        nb.cells[3].outputs = []
        result = run.Result("s")
        run.check_strict(nb, result, stopped=True)
        self.assertEqual(len(result.problems), 2, result.problems)
        self.assertIn("boom", result.problems[0])
        self.assertIn("1 cells after the failure did not run", result.problems[1])

    def test_errors_fail_unless_tagged_raises_exception(self):
        nb = self.executed_solution()
        nb.cells[2].outputs = [error("java.lang.IllegalStateException", "boom")]
        result = run.Result("s")
        run.check_strict(nb, result)
        self.assertTrue(any("boom" in p for p in result.problems))
        nb.cells[2].metadata["tags"] = ["raises-exception"]
        result = run.Result("s")
        run.check_strict(nb, result)
        self.assertEqual(result.problems, [])

    def test_exercise_mode_wants_graded_cells_to_fail_with_a_check_message(self):
        nb = sheet()
        nb.cells[3].outputs = [error("java.lang.AssertionError", "FAIL area: not answered yet")]
        result = run.Result("e")
        run.check_exercise(nb, result)
        self.assertEqual(result.problems, [])
        nb.cells[3].outputs = [stream("PASS area = 6\n")]
        result = run.Result("e")
        run.check_exercise(nb, result)
        self.assertIn("passed on the untouched stub", result.problems[0])
        nb.cells[3].outputs = [error("CompilationException", "cannot find symbol area")]
        nb.cells[1].outputs = [error("java.lang.RuntimeException", "setup broke")]
        result = run.Result("e")
        run.check_exercise(nb, result)
        self.assertEqual(len(result.problems), 2, result.problems)

    def test_required_text_counts_stdout_and_results_but_not_stderr(self):
        printing = new_code_cell("System.out.println(engine);")
        printing.outputs = [stream("engine: PyTorch, device: cpu()\n"), stream("engine: MXNet\n", "stderr")]
        showing = new_code_cell("profile")
        showing.outputs = [new_output("execute_result", data={"text/plain": "SMOKE"}, execution_count=2)]
        nb = notebook(printing, showing)
        self.assertEqual(run.missing_texts(nb, ["engine: PyTorch", "SMOKE"]), [])
        self.assertEqual(run.missing_texts(nb, ["engine: MXNet", "FULL"]), ["engine: MXNet", "FULL"])


if __name__ == "__main__":
    unittest.main()
