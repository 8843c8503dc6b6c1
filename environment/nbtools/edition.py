"""The student edition of the course: everything a student needs, no answers.

    environment/nb student-edition --out DIR        a folder
    environment/nb student-edition --zip FILE       a zip (one top folder, logokit-student/)
    environment/nb student-edition --branch NAME    a git branch with ONE commit and no history
    environment/nb student-edition --check DIR      search a built edition for solution text

The edition holds the files git tracks (notebooks, exercises, lib, environment, data-scripts,
README, CI) except ``solutions/``, plus ``STUDENT-EDITION.md``. It never holds the repository's
history (which contains every solution ever written) or anything untracked (executed copies,
gradebooks). Every build is checked before it is written out: no solution region of any sheet
(model answers, hidden tests, written model answers) may appear in any file of the edition, as a
whole or as one of its distinctive lines.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import notebooks
from .generate import (CODE_BEGIN, CODE_END, HIDDEN_BEGIN, HIDDEN_END, TEXT_BEGIN, TEXT_END,
                       find_regions)
from .notebooks import cell_label, cell_source

WITHHELD = ("solutions/",)
MARKER = "STUDENT-EDITION.md"
#: A line of a solution region shorter than this (without spaces) is too plain to be evidence
#: ("}", "return a;"); the region as a whole is still searched. A region with several longer
#: lines counts as found in a file when two different ones are there and they are at least half
#: of them: one alone, such as "for (LogoImage image : images) {", or a loop header and an array
#: declaration among the ten lines of a long answer, is ordinary code that the library shares.
DISTINCTIVE = 20

GUIDE = """# logokit — student edition

This copy of the course has the chapters (`notebooks/`), the exercise sheets you fill in
(`exercises/`), the library (`lib/`) and the environment (`environment/`). It has no model answers
and no hidden checks: your instructor keeps those (`solutions/`) and grades your sheets with them.

Start with `environment/start`; the first run sets everything up (see `README.md`). In each sheet,
replace the `// YOUR CODE HERE` stubs with your code and run the check cell below each task: it
prints `PASS ...` or says what it expected. When you hand in a sheet, hand in the `.ipynb` file;
the grader takes your answer cells only, runs them in a sandbox with the checks restored and a few
hidden ones added, and sends you a feedback file.

Commands that need the instructor's copy (`environment/grade`, `environment/nb generate`,
`environment/nb class-check`) say so here; `environment/test` skips them.
"""


@dataclass
class Leak:
    file: str
    where: str  # notebook, cell and region the text comes from
    text: str


def tracked_files(root: Path) -> list[str]:
    """Files git tracks (relative paths), or every file when this is not a git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], check=True,
                             capture_output=True).stdout.decode("utf-8")
        return sorted(p for p in out.split("\0") if p and (root / p).is_file())
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "build", "target", "data", "__pycache__"}
        files = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in skip]
            files += [str((Path(folder) / n).relative_to(root)) for n in names]
        return sorted(files)


def edition_files(root: Path) -> list[str]:
    return [p for p in tracked_files(root) if not p.startswith(WITHHELD)]


def build(root: Path, target: Path) -> list[str]:
    """Copies the edition into ``target`` (a new or empty folder); returns the files written."""
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} exists and is not empty: choose a new folder")
    files = edition_files(root)
    for rel in files:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
    (target / MARKER).write_text(GUIDE, encoding="utf-8")
    return files + [MARKER]


# ------------------------------------------------------------------------------------------
# Searching for solution text

def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def solution_regions(solutions: Path) -> list[tuple[str, list[str]]]:
    """(where, lines) of every solution region: model answers, hidden tests, written answers."""
    regions = []
    for path in sorted(solutions.glob("*.ipynb")):
        nb = notebooks.read(path)
        for index, cell in enumerate(nb.cells):
            lines = cell_source(cell).split("\n")
            where = cell_label(f"solutions/{path.name}", index, cell)
            pairs = ((CODE_BEGIN, CODE_END, "model answer"), (HIDDEN_BEGIN, HIDDEN_END, "hidden tests"),
                     (TEXT_BEGIN, TEXT_END, "written model answer"))
            for begin, end, kind in pairs:
                for region in find_regions(lines, begin, end, where):
                    body = [l for l in lines[region.begin + 1:region.end] if l.strip()]
                    if body:
                        regions.append((f"{where}, {kind}", body))
    return regions


def searchable_text(path: Path) -> str | None:
    """A file's text as a reader sees it (a notebook's cell sources and outputs), or None for
    binary files."""
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if path.suffix == ".ipynb":
        try:
            nb = json.loads(text)
            parts = []
            for cell in nb.get("cells", []):
                parts.append(cell_source(cell))
                for output in cell.get("outputs", []):
                    parts.append(str(output.get("text", "")) + json.dumps(output.get("data", {})))
            return "\n".join(parts)
        except (ValueError, AttributeError, TypeError):
            return text
    return text


def find_leaks(edition: Path, solutions: Path) -> list[Leak]:
    """Every place where text of a solution region appears in the edition."""
    regions = solution_regions(solutions)
    leaks = []
    for path in sorted(p for p in edition.rglob("*") if p.is_file() and ".git" not in p.parts):
        text = searchable_text(path)
        if text is None:
            continue
        flat = _squash(text)
        rel = str(path.relative_to(edition))
        for where, lines in regions:
            whole = _squash("\n".join(lines))
            if whole and whole in flat:
                leaks.append(Leak(rel, where, whole[:120]))
                continue
            distinctive = list(dict.fromkeys(_squash(l) for l in lines
                                             if len(_squash(l).replace(" ", "")) >= DISTINCTIVE))
            found = [piece for piece in distinctive if piece in flat]
            if found and len(found) >= min(2, len(distinctive)) \
                    and 2 * len(found) >= len(distinctive):
                leaks.append(Leak(rel, where, " / ".join(found)[:160]))
    return leaks


def check(edition: Path, solutions: Path) -> int:
    if (edition / "solutions").exists():
        print(f"FAIL {edition}/solutions exists in the student edition")
        return 1
    leaks = find_leaks(edition, solutions)
    for leak in leaks:
        print(f"FAIL {leak.file}: holds text of {leak.where}: {leak.text!r}")
    regions = len(solution_regions(solutions))
    files = sum(1 for p in edition.rglob("*") if p.is_file())
    print(("FAIL" if leaks else "OK") + f" student edition {edition}: {files} files searched for"
          f" {regions} solution regions, {len(leaks)} found")
    return 1 if leaks else 0


# ------------------------------------------------------------------------------------------
# Output forms

def write_zip(folder: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo.from_file(path, "logokit-student/"
                                                 + str(path.relative_to(folder)))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def write_branch(root: Path, folder: Path, branch: str, force: bool) -> str:
    """An orphan commit of ``folder`` on ``branch`` (no parent: no history, no solutions)."""
    git = ["git", "-C", str(root)]
    exists = subprocess.run(git + ["rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                            capture_output=True).returncode == 0
    if exists and not force:
        raise SystemExit(f"branch {branch} exists: pass --force to replace it")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GIT_INDEX_FILE=str(Path(tmp) / "index"))
        tree_git = git + ["--work-tree", str(folder)]
        subprocess.run(tree_git + ["add", "-A", "--force", "."], env=env, check=True,
                       capture_output=True)
        tree = subprocess.run(git + ["write-tree"], env=env, check=True, capture_output=True,
                              text=True).stdout.strip()
    commit = subprocess.run(git + ["commit-tree", tree, "-m",
                                   "logokit student edition (no solutions, no history)"],
                            check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(git + ["update-ref", f"refs/heads/{branch}", commit], check=True)
    return commit


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb student-edition", description=__doc__.split("\n")[0])
    form = parser.add_mutually_exclusive_group(required=True)
    form.add_argument("--out", type=Path, help="write the edition into this new folder")
    form.add_argument("--zip", type=Path, help="write the edition as this zip file")
    form.add_argument("--branch", help="commit the edition as this git branch (no history)")
    form.add_argument("--check", type=Path, metavar="DIR",
                      help="only search an edition folder for solution text")
    parser.add_argument("--force", action="store_true", help="replace an existing branch")
    args = parser.parse_args(argv)
    root = notebooks.repo_root()
    solutions = root / "solutions"
    if not solutions.is_dir():
        print("ERROR this copy has no solutions/ (it is a student edition already?)",
              file=sys.stderr)
        return 2
    if args.check:
        return check(args.check, solutions)
    with tempfile.TemporaryDirectory(prefix="logokit-student-") as tmp:
        folder = args.out or Path(tmp) / "edition"
        files = build(root, folder)
        if check(folder, solutions):
            if args.out:
                shutil.rmtree(folder, ignore_errors=True)
            print("ERROR the edition would give answers away (see above); nothing written",
                  file=sys.stderr)
            return 1
        if args.zip:
            write_zip(folder, args.zip)
            print(f"wrote {args.zip} ({len(files)} files)")
        elif args.branch:
            commit = write_branch(root, folder, args.branch, args.force)
            print(f"branch {args.branch} -> {commit[:12]} ({len(files)} files, no history);"
                  f" publish it with: git push <students' remote> {args.branch}:main")
        else:
            print(f"wrote {folder} ({len(files)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
