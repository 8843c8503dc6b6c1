import contextlib
import io
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

from nbformat.v4 import new_code_cell

from nbtools import edition, notebooks
from nbtools.tests.helpers import meta, notebook, sheet


def fake_course(root: Path, leak: str | None = None) -> None:
    notebooks.write(sheet(), root / "solutions" / "00-a.ipynb")
    notebooks.write(notebook(new_code_cell("int x = 1;")), root / "notebooks" / "00-a.ipynb")
    (root / "lib").mkdir()
    (root / "lib" / "pom.xml").write_text("<project/>")
    (root / "README.md").write_text("course\n" + (leak or ""))
    (root / "untracked.txt").write_text("Check.close(\"area of a 0.5x4 box\"")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "solutions", "notebooks", "lib", "README.md"],
                   check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit",
                    "-qm", "course"], check=True)


class EditionTest(unittest.TestCase):

    def test_the_edition_has_tracked_files_but_no_solutions_and_passes_the_search(self):
        with tempfile.TemporaryDirectory() as tmp:
            root, out = Path(tmp) / "course", Path(tmp) / "student"
            fake_course(root)
            files = edition.build(root, out)
            self.assertIn("notebooks/00-a.ipynb", files)
            self.assertIn(edition.MARKER, files)
            self.assertFalse((out / "solutions").exists())
            self.assertFalse((out / "untracked.txt").exists())
            self.assertEqual(edition.find_leaks(out, root / "solutions"), [])

    def test_a_file_holding_a_hidden_test_or_a_model_answer_is_found(self):
        with tempfile.TemporaryDirectory() as tmp:
            root, out = Path(tmp) / "course", Path(tmp) / "student"
            fake_course(root, leak='Check.close("area of a 0.5x4 box", () -> area(0.5, 4), 2.0, 1e-9);')
            edition.build(root, out)
            leaks = edition.find_leaks(out, root / "solutions")
            self.assertEqual([(l.file, "hidden tests" in l.where) for l in leaks],
                             [("README.md", True)])
            notebooks.write(notebook(new_code_cell("double a = w * h;\n    return a;")),
                            out / "notebooks" / "copy.ipynb")
            self.assertTrue(any(l.file == "notebooks/copy.ipynb" and "model answer" in l.where
                                for l in edition.find_leaks(out, root / "solutions")))

    def test_one_ordinary_line_of_a_longer_answer_is_not_a_leak(self):
        with tempfile.TemporaryDirectory() as tmp:
            solutions, out = Path(tmp) / "solutions", Path(tmp) / "student"
            nb = notebook(new_code_cell(
                "int count(List<String> items) {\n    // BEGIN SOLUTION\n    int total = 0;\n"
                "    for (String item : items.subList(0, 3)) {\n        total += item.length();\n"
                "    }\n    return total;\n    // END SOLUTION\n}", metadata=meta("c", solution=True)))
            notebooks.write(nb, solutions / "01-b.ipynb")
            out.mkdir()
            (out / "Lib.java").write_text("for (String item : items.subList(0, 3)) { ... }")
            self.assertEqual(edition.find_leaks(out, solutions), [])
            (out / "Lib.java").write_text("for (String item : items.subList(0, 3)) {\n"
                                          "total += item.length();")
            self.assertEqual(len(edition.find_leaks(out, solutions)), 1)

    def test_a_repeated_line_counts_once_and_a_few_common_lines_of_a_long_answer_are_no_leak(self):
        body = ["for (int i = 0; i < order.length; i++) {", "    double[] precision = new double[n];",
                "}", "for (int i = 0; i < order.length; i++) {", "    double best = Math.max(best, recall[i] * 0.5);",
                "}", "double[] recall = new double[n];", "double spread = Math.abs(best - recall[0]) / 2;",
                "int steps = (int) Math.round(spread * order.length);"]
        with tempfile.TemporaryDirectory() as tmp:
            solutions, out = Path(tmp) / "solutions", Path(tmp) / "student"
            nb = notebook(new_code_cell("double ap(int[] order, int n) {\n    // BEGIN SOLUTION\n"
                                        + "\n".join(body) + "\n    return 0;\n    // END SOLUTION\n}",
                                        metadata=meta("ap", solution=True)))
            notebooks.write(nb, solutions / "04-c.ipynb")
            out.mkdir()
            library = out / "Lib.java"
            library.write_text("for (int i = 0; i < order.length; i++) {\n}\n"
                               "for (int i = 0; i < order.length; i++) {\n}\n")
            self.assertEqual(edition.find_leaks(out, solutions), [], "one line, twice")
            library.write_text(library.read_text() + "double[] precision = new double[n];\n")
            self.assertEqual(edition.find_leaks(out, solutions), [], "2 of 6 different lines")
            library.write_text(library.read_text() + "double spread = Math.abs(best - recall[0]) / 2;\n")
            self.assertEqual(len(edition.find_leaks(out, solutions)), 1, "3 of 6: half the answer")

    def test_zip_and_branch_forms(self):
        with tempfile.TemporaryDirectory() as tmp:
            root, out = Path(tmp) / "course", Path(tmp) / "student"
            fake_course(root)
            edition.build(root, out)
            edition.write_zip(out, Path(tmp) / "s.zip")
            with zipfile.ZipFile(Path(tmp) / "s.zip") as archive:
                names = archive.namelist()
            self.assertIn("logokit-student/notebooks/00-a.ipynb", names)
            self.assertFalse(any("/solutions/" in n for n in names))
            with contextlib.redirect_stdout(io.StringIO()):
                commit = edition.write_branch(root, out, "students", force=False)
            git = ["git", "-C", str(root)]
            parents = subprocess.run(git + ["rev-list", "--parents", "-n", "1", commit],
                                     capture_output=True, text=True).stdout.split()
            self.assertEqual(parents, [commit], "the edition's commit has no history")
            tree = subprocess.run(git + ["ls-tree", "-r", "--name-only", "students"],
                                  capture_output=True, text=True).stdout.split()
            self.assertIn("notebooks/00-a.ipynb", tree)
            self.assertNotIn("solutions/00-a.ipynb", tree)
            with self.assertRaises(SystemExit):
                edition.write_branch(root, out, "students", force=False)


class HelperImportTest(unittest.TestCase):

    def test_importing_the_class_whose_method_the_task_asks_for_is_reported(self):
        root = notebooks.repo_root()
        nb = notebook(new_code_cell("import org.logokit.model.ConvArithmetic;"),
                      new_code_cell("int convOutputSize(int n, int k, int s, int p) {\n"
                                    "    // BEGIN SOLUTION\n    return 0;\n    // END SOLUTION\n}",
                                    metadata=meta("t", solution=True)))
        found = notebooks.helper_import_problems("s.ipynb", nb, root)
        self.assertEqual(len(found), 1)
        self.assertIn("outputSize() answers the task convOutputSize()", found[0])
        nb.cells[0].source = "import org.logokit.grading.Check;"
        self.assertEqual(notebooks.helper_import_problems("s.ipynb", nb, root), [])

    def test_a_fully_qualified_call_of_the_helper_is_reported_like_an_import(self):
        root = notebooks.repo_root()
        nb = notebook(new_code_cell("int convOutputSize(int n, int k, int s, int p) {\n"
                                    "    // BEGIN SOLUTION\n    return 0;\n    // END SOLUTION\n}",
                                    metadata=meta("t", solution=True)),
                      new_code_cell("// BEGIN HIDDEN TESTS\nint expected ="
                                    " org.logokit.model.ConvArithmetic.outputSize(9, 3, 1, 0);\n"
                                    "// END HIDDEN TESTS", metadata=meta("t-test", grade=True)))
        found = notebooks.helper_import_problems("s.ipynb", nb, root)
        self.assertEqual(len(found), 1)
        self.assertIn("uses org.logokit.model.ConvArithmetic", found[0])
        nb.cells[1].source = "Check.equal(\"n\", () -> 1, org.logokit.grading.Check.class.hashCode());"
        self.assertEqual(notebooks.helper_import_problems("s.ipynb", nb, root), [])


if __name__ == "__main__":
    unittest.main()
