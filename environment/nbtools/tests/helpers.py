"""Small hand-made notebooks for the tool tests."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from nbtools.notebooks import KERNELSPEC


def meta(grade_id, *, solution=False, grade=False, locked=False, points=None):
    data = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        data["points"] = points
    return {"nbgrader": data}


def notebook(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "java"}
    # Stable ids so generated text is comparable across calls.
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
    return nb


SOLUTION = """double area(double w, double h) {
    // BEGIN SOLUTION
    double a = w * h;
    return a;
    // END SOLUTION
}"""

TESTS = """Check.close("area of a 2x3 box", () -> area(2, 3), 6.0, 1e-9);
// BEGIN HIDDEN TESTS
Check.close("area of a 0.5x4 box", () -> area(0.5, 4), 2.0, 1e-9);
// END HIDDEN TESTS"""


def sheet():
    """A sheet with imports, one answer, one graded check and one written answer."""
    return notebook(
        new_markdown_cell("# Sheet"),
        new_code_cell("import org.logokit.grading.Check;"),
        new_code_cell(SOLUTION, metadata=meta("area", solution=True)),
        new_code_cell(TESTS, metadata=meta("area-test", grade=True, locked=True, points=2)),
        new_markdown_cell("Why?\n### BEGIN SOLUTION\nBecause w times h.\n### END SOLUTION",
                          metadata=meta("why", solution=True, grade=True, points=1)),
    )


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def error(ename, evalue):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def png_output(width=3, height=2):
    import base64
    raw = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + width.to_bytes(4, "big")
           + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00")
    return new_output("display_data", data={"image/png": base64.b64encode(raw).decode()})
