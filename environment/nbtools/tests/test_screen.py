import unittest

from nbformat.v4 import new_code_cell, new_output

from nbtools import explain, notebooks, screen
from nbtools.tests.helpers import notebook, stream


def whats(source):
    return [(f.line, f.what, f.hold) for f in screen.review("t", source)]


class ScreenTest(unittest.TestCase):

    def test_a_plain_answer_has_no_findings(self):
        self.assertEqual(whats("int f(int n) {\n  // Check the org chart, java style\n"
                               '  String s = "Check org java System.exit";\n'
                               "  java.util.List<Integer> l = java.util.List.of(n);\n"
                               "  return org.logokit.model.ConvArithmetic.outputSize(n, 3, 1, 1);\n}"),
                         [])

    def test_system_exit_is_noted_but_not_held(self):
        self.assertEqual(whats("int f() {\n  System.exit(1);\n  return 0;\n}"),
                         [(2, "calls System.exit, which ends the whole kernel (return a value"
                              " instead)", False)])

    def test_reflection_kernel_internals_and_redirection_are_held(self):
        source = ("int f() throws Exception {\n"
                  "  var field = Class.forName(\"org.logokit.grading.Check\").getDeclaredField(\"x\");\n"
                  "  field.setAccessible(true);\n"
                  "  System.setOut(null);\n"
                  "  new ProcessBuilder(\"sh\").start();\n"
                  "  Object k = org.rapaio.jupyter.kernel.global.Global.class;\n"
                  "  return 0;\n}")
        found = whats(source)
        self.assertTrue(all(hold for _, _, hold in found), found)
        self.assertEqual(sorted({line for line, _, _ in found}), [2, 3, 4, 5, 6])

    def test_shadowing_check_or_a_package_root_is_held(self):
        self.assertEqual(whats("class Check { static void equal(Object... a) {} }")[0][:1], (1,))
        self.assertEqual(whats("var org = new Object();")[0],
                         (1, "declares the name 'org', which hides the package of that name from"
                             " the checks", True))

    def test_declaring_a_name_the_checks_use_is_held(self):
        reserved = screen.names_the_checks_use(
            ['Check.that("w", () -> f(), r -> Math.abs(r - 150) < 1e-9, "h");',
             "Check.equal(\"x\", () -> Arrays.stream(g()).sum(), 3);"])
        self.assertTrue({"Math", "Arrays", "String"} <= reserved)
        found = screen.review("t", "double f() { return 1; }\nclass Math {\n static double abs(double x)"
                              " { return 0; } }", reserved)
        self.assertEqual([(f.line, f.hold) for f in found], [(2, True)])
        self.assertIn("'Math'", found[0].what)
        found = screen.review("t", "int g() {\n  String Arrays = \"x\";\n  return 1;\n}", reserved)
        self.assertEqual([f.line for f in found], [2])
        self.assertEqual(screen.review("t", "record Pair(int a, int b) {}\nPair p = new Pair(1, 2);",
                                       reserved), [])

    def test_setting_a_variable_the_checks_read_is_held(self):
        variables = screen.variables_the_checks_use(
            ["FlickrLogos32 data = DatasetLocator.locate().open();\nint unused = 3;"],
            ["Check.equal(\"n\", () -> countBoxes(data.split(Split.TRAIN)), all);"])
        self.assertEqual(variables, {"data"})
        answer = "int countBoxes(List<LogoImage> images) {\n  return 0;\n}\ndata = emptyDataset();"
        found = screen.review("count", answer, variables=variables)
        self.assertEqual([(f.line, f.hold) for f in found], [(4, True)])
        self.assertEqual(screen.review("count", "int countBoxes(List<LogoImage> images) {\n"
                                       "  int total = 0;\n  if (total == 0) total = 1;\n"
                                       "  return total;\n}", variables=variables), [])

    def test_unicode_escapes_are_decoded_first_as_javac_does(self):
        # \u0053ystem.exit is System.exit to javac; "\\u0053" (an escaped backslash) is not.
        self.assertEqual(len(whats("void f() { \\u0053ystem.\\u0065xit(0); }")), 1)
        self.assertEqual(screen.decode_unicode_escapes("a\\\\u0041b"), "a\\\\u0041b")
        self.assertEqual(screen.decode_unicode_escapes("\\uu0041"), "A")

    def test_comments_and_strings_are_stripped_but_lines_kept(self):
        text = 'a /* one\ntwo */ b // three\nc "q\\"uote" d'
        self.assertEqual(screen.strip_comments(text, strings=True), 'a \n b \nc "" d')


RAPAIO_COMPILE_ERROR = "\n".join([
    "CompilerException", "Compile error:", "|    int f(int a) {", "|      int b = a +;",
    "                  ^", "|      return b;", "|    }", "illegal start of expression", ""])


class ExplainTest(unittest.TestCase):

    def test_a_compile_error_names_the_line_of_the_answer(self):
        source = "int f(int a) {\n  int b = a +;\n  return b;\n}"
        self.assertEqual(explain.compile_problems(RAPAIO_COMPILE_ERROR, source),
                         [(2, "illegal start of expression")])

    def test_the_names_an_answer_declares(self):
        self.assertEqual(explain.declared_names(
            "/** doc */\nlong convParameters(int in, int out, int k) {\n return 1;\n}\n"
            "List<String> blocksToFreeze(List<String> b, int n) {\n}\nrecord Pair(int a) {}"),
            {"convParameters", "blocksToFreeze", "Pair"})

    def test_a_failed_check_shows_its_fail_line(self):
        cell = new_code_cell("Check.equal(...)")
        cell.outputs = [new_output("error", ename="java.lang.AssertionError",
                                   evalue="FAIL x: your value is 3; expected 4", traceback=[])]
        self.assertEqual(explain.check_failure(cell, {}, {}), "FAIL x: your value is 3; expected 4")


class TidyOutputsTest(unittest.TestCase):

    def test_consecutive_streams_merge_and_progress_redraws_settle(self):
        cell = new_code_cell("x")
        cell.outputs = [stream("a"), stream("b\n"), stream("\rbar  1%"), stream("\rbar 50%"),
                        stream("\rbar100%\n"), stream("oops\n", "stderr"), stream("more\n"),
                        new_output("display_data", data={"text/plain": "img"}), stream("end\n")]
        nb = notebooks.tidy_outputs(notebook(cell))
        self.assertEqual([(o.get("name"), o.get("text")) for o in nb.cells[0].outputs],
                         [("stdout", "ab\nbar100%\n"), ("stderr", "oops\n"), ("stdout", "more\n"),
                          (None, None), ("stdout", "end\n")])

    def test_settle_text_keeps_line_ends_and_erases_backspaces(self):
        self.assertEqual(notebooks.settle_text("x\r\ny"), "x\r\ny")
        self.assertEqual(notebooks.settle_text("abc\b\bd"), "ad")
        self.assertEqual(notebooks.settle_text("p 1\rp 2\r"), "p 2\r")


if __name__ == "__main__":
    unittest.main()
