"""``strip`` removes outputs from notebooks; ``check`` verifies committed notebooks follow the rules
of notebooks/CONVENTIONS.md (no outputs, course kernel, no magics, no ``import java.awt.*``)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import notebooks

FOLDERS = ("notebooks", "solutions", "exercises")


def targets(root: Path, paths: list[str]) -> list[Path]:
    if paths:
        out = []
        for p in map(Path, paths):
            out += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
        return out
    return [p for folder in FOLDERS for p in sorted((root / folder).glob("*.ipynb"))]


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog=f"nb {argv[0]}", description=__doc__)
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: all three folders)")
    args = parser.parse_args(argv[1:])
    root = notebooks.repo_root()
    files = targets(root, args.paths)
    if argv[0] == "strip":
        for path in files:
            nb = notebooks.read(path)
            text = notebooks.write_text(notebooks.add_stable_ids(notebooks.strip_outputs(nb),
                                                                 path.stem))
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"stripped {path}")
        return 0
    found = []
    rel = lambda p: p.relative_to(root) if p.is_absolute() and p.is_relative_to(root) else p
    for path in files:
        try:
            missing = notebooks.missing_ids(json.loads(path.read_text(encoding="utf-8")))
            if missing:
                print(f"warn {rel(path)}: {missing} cells have no id; Jupyter invents random ones"
                      f" on every save (run `environment/nb strip {rel(path)}` to add stable ids)")
            nb = notebooks.read(path)
            found += notebooks.problems(rel(path), nb)
            if path.parent.name in ("solutions", "exercises"):
                found += notebooks.helper_import_problems(rel(path), nb, root)
        except notebooks.NotebookError as error:
            found.append(str(error))
    for line in found:
        print(f"FAIL {line}")
    print(("FAIL" if found else "OK") + f" {len(files)} notebooks checked, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
