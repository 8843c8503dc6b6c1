"""Reading, writing and cleaning notebooks in one stable format.

Every notebook the kit writes goes through :func:`write_text` (nbformat's own serialisation:
indent 1, sorted keys, a final newline), so a generated file only changes when its content does
and CI can compare generated trees byte for byte.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import warnings
from pathlib import Path

import nbformat

KERNEL_NAME = "logokit-java"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Java (logokit)", "language": "java"}

#: Cell metadata keys that only record one particular execution.
VOLATILE_CELL_METADATA = ("execution", "scrolled", "collapsed")


class NotebookError(Exception):
    """A notebook is malformed; the message names the notebook and cell."""


def repo_root() -> Path:
    """The repository root: the nearest parent of this file holding lib/pom.xml."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "lib" / "pom.xml").is_file():
            return parent
    raise NotebookError("Cannot find the repository root (no lib/pom.xml above " + str(here) + ")")


def read(path: Path) -> nbformat.NotebookNode:
    """Reads a notebook, with a clear error for files that are not notebooks."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        # nbformat would invent random ids for cells that have none: give them stable ones first.
        if isinstance(raw, dict) and (raw.get("nbformat"), raw.get("nbformat_minor", 0)) >= (4, 5):
            raw = add_stable_ids(nbformat.from_dict(raw), Path(path).stem)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as error:  # nbformat raises several unrelated types
        raise NotebookError(f"{path}: not a readable notebook ({error})") from error


def write_text(nb: nbformat.NotebookNode) -> str:
    """The notebook as the kit stores it on disk."""
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_text(nb), encoding="utf-8")


def add_stable_ids(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Gives every cell without an id one derived from ``name`` and its position.

    nbformat 4.5 requires cell ids and invents random ones on writing when they are missing, which
    would make generated files differ on every run.
    """
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        for index, cell in enumerate(nb.cells):
            if not cell.get("id"):
                cell["id"] = hashlib.sha1(f"{name}:{index}".encode()).hexdigest()[:8]
    return nb


def missing_ids(nb: dict) -> int:
    """Cells of a notebook as stored (plain JSON) that lack the id nbformat 4.5 requires."""
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        return 0
    return sum(1 for cell in nb.get("cells", []) if not cell.get("id"))


def strip_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without outputs, execution counts or per-run cell metadata."""
    clean = copy.deepcopy(nb)
    for cell in clean.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return clean


_CARRIAGE_RETURN = re.compile(r"[^\n]*\r(?=[^\n])")
_BACKSPACE = re.compile(r"[^\n\x08]\x08")


def settle_text(text: str) -> str:
    """Terminal text as it finally reads: a progress bar redrawn with ``\\r`` keeps only its last
    state, ``\\b`` erases the character before it; ``\\r\\n`` line ends stay line ends."""
    previous = None
    while previous != text:
        previous, text = text, _BACKSPACE.sub("", text)
    return _CARRIAGE_RETURN.sub("", text)


def tidy_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Merges consecutive stream outputs of the same stream (the Java kernels send every
    ``print`` as its own message) and settles progress redraws, in place, so an executed
    notebook and its HTML export read like the live notebook. Returns ``nb``."""
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or not cell.get("outputs"):
            continue
        merged = []
        for output in cell.outputs:
            if (output.get("output_type") == "stream" and merged
                    and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == output.get("name")):
                merged[-1]["text"] = merged[-1]["text"] + output.get("text", "")
            else:
                merged.append(output)
        for output in merged:
            if output.get("output_type") == "stream":
                output["text"] = settle_text(output.get("text", ""))
        cell.outputs = [o for o in merged
                        if o.get("output_type") != "stream" or o.get("text")]
    return nb


def cell_source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def nbgrader(cell) -> dict:
    """The cell's nbgrader metadata, or an empty dict."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def cell_label(path, index: int, cell) -> str:
    """How errors name a cell: notebook, 1-based cell number and grade id when there is one."""
    grade_id = nbgrader(cell).get("grade_id")
    label = f"{path}, cell {index + 1}"
    return label + (f" (grade_id '{grade_id}')" if grade_id else "")


_MAGIC = re.compile(r"^\s*%")
_AWT_STAR = re.compile(r"^\s*import\s+java\.awt\.\*\s*;", re.MULTILINE)
_SYSTEM_ERR = re.compile(r"\bSystem\.err\b")


def problems(path: Path, nb: nbformat.NotebookNode) -> list[str]:
    """Everything that breaks the committed-notebook rules in notebooks/CONVENTIONS.md."""
    found = []
    spec = nb.metadata.get("kernelspec", {})
    if spec.get("name") != KERNEL_NAME:
        found.append(f"{path}: kernelspec name is {spec.get('name')!r}; expected {KERNEL_NAME!r}")
    if nb.metadata.get("language_info", {}).get("name") != "java":
        found.append(f"{path}: language_info.name must be 'java'")
    for index, cell in enumerate(nb.cells):
        where = cell_label(path, index, cell)
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            found.append(f"{where}: has outputs (run `environment/nb strip {path}`)")
        if cell.get("execution_count") is not None:
            found.append(f"{where}: has an execution count (run `environment/nb strip {path}`)")
        source = cell_source(cell)
        for number, line in enumerate(source.splitlines(), 1):
            if _MAGIC.match(line):
                found.append(f"{where}, line {number}: magics are not allowed: {line.strip()}")
        if _AWT_STAR.search(source):
            found.append(f"{where}: `import java.awt.*;` makes List ambiguous; import AWT classes"
                         " one by one")
        if _SYSTEM_ERR.search(source):
            found.append(f"{where}: writes to System.err (nbgrader scores stderr as a failure);"
                         " print to System.out")
    return found


_IMPORT = re.compile(r"^\s*import\s+(?:static\s+)?(org\.logokit\.[\w.]+?)(?:\.\*|\.(\w+))?\s*;",
                     re.MULTILINE)
# A fully qualified use in code (``org.logokit.box.Nms.nms(...)``): the same as an import.
_QUALIFIED_USE = re.compile(r"\b(org\.logokit(?:\.[a-z]\w*)+\.[A-Z]\w*)")
_PUBLIC_METHOD = re.compile(r"\bpublic\s+(?:static\s+)?(?:final\s+)?(?:<[^>]+>\s+)?"
                            r"([\w.<>\[\], ?]+?)\s+(\w+)\s*\(")
_TASK_METHOD = re.compile(r"^[ \t]*(?:static\s+)?([\w.<>\[\], ?]+?)\s+(\w+)\s*\([^;{]*\)\s*\{",
                          re.MULTILINE)
_TYPE_FAMILY = {"int": "integer", "long": "integer", "short": "integer", "byte": "integer",
                "Integer": "integer", "Long": "integer", "float": "real", "double": "real",
                "Float": "real", "Double": "real"}


def _type_family(java_type: str) -> str:
    """A return type reduced to what matters for 'could this answer the task': generics dropped,
    integer and floating-point types each one family."""
    plain = re.sub(r"<.*>", "", java_type).replace(" ", "")
    arrays = plain.count("[]")
    base = plain.replace("[]", "").rsplit(".", 1)[-1]
    return _TYPE_FAMILY.get(base, base) + "[]" * arrays


def library_methods(root: Path, qualified: str) -> set[tuple[str, str]]:
    """(return type family, name) of the public methods of a library class (from its source), or
    of every class of a package for ``import org.logokit.pkg.*``."""
    base = root / "lib" / "src" / "main" / "java"
    path = base / (qualified.replace(".", "/") + ".java")
    files = [path] if path.is_file() else sorted((base / qualified.replace(".", "/")).glob("*.java"))
    names = set()
    for file in files:
        names |= {(_type_family(t), n) for t, n in
                  _PUBLIC_METHOD.findall(file.read_text(encoding="utf-8"))}
    return names


def helper_import_problems(path, nb, root: Path) -> list[str]:
    """A sheet must not import or name (fully qualified, in any code cell, hidden tests included)
    the library helper a task asks the student to write: a class with a public method that returns
    the same kind of value under the task's name, or a name the task's name ends with
    (``outputSize`` for ``convOutputSize``)."""
    tasks = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and nbgrader(cell).get("solution"):
            tasks |= {(_type_family(t), n) for t, n in _TASK_METHOD.findall(cell_source(cell))
                      if t not in ("return", "new", "else")}
    if not tasks:
        return []
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = cell_source(cell)
        imported = [m.group(1) + ("." + m.group(2) if m.group(2) else "")
                    for m in _IMPORT.finditer(source)]
        code = _IMPORT.sub("", source)
        used = sorted(set(_QUALIFIED_USE.findall(code)) - set(imported))
        for qualified, how in [(q, "imports") for q in imported] + [(q, "uses") for q in used]:
            methods = library_methods(root, qualified)
            for kind, task in sorted(tasks):
                clash = sorted(m for k, m in methods if k == kind and (
                    m.lower() == task.lower() or (len(m) >= 6 and task.lower().endswith(m.lower()))))
                if clash:
                    found.append(f"{cell_label(path, index, cell)}: {how} {qualified}, whose"
                                 f" {clash[0]}() answers the task {task}(); a sheet must not"
                                 " import or call the helper a task asks for, not even in its"
                                 " hidden tests (see CONVENTIONS.md, 'Exercises test the student')")
    return found
