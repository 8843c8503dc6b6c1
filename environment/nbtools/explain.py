"""Turns what the kernel reported into sentences a student can act on.

Kernels report a failed cell as an error output: an ``AssertionError`` whose message is the
check's own ``FAIL ...`` line, a compile error (rapaio: ``CompilerException`` with the snippet's
lines, a caret and javac's message), or any other exception. A kernel that stopped reports
nothing; the grader knows why from the sandbox (time-out, exit status, limit).
"""
from __future__ import annotations

import re

from .execute import error_text
from .notebooks import cell_source

_DECLARED_METHOD = re.compile(
    r"^[ \t]*(?:(?:public|private|protected|static|final|synchronized)\s+)*"
    r"(?:<[^>]*>\s*)?[\w$][\w$<>\[\],.? ]*?\s+([\w$]+)\s*\([^;{]*\)\s*(?:throws [^{]+)?\{",
    re.M)
_DECLARED_TYPE_OR_VAR = re.compile(r"\b(?:class|interface|record|enum)\s+([\w$]+)")


def declared_names(source: str) -> set[str]:
    """Top-level method and type names an answer cell declares (by its model solution)."""
    names = {m.group(1) for m in _DECLARED_METHOD.finditer(source)}
    names |= {m.group(1) for m in _DECLARED_TYPE_OR_VAR.finditer(source)}
    return names - {"if", "for", "while", "switch", "catch", "return", "new"}


def uses(source: str, names: set[str]) -> bool:
    return any(re.search(rf"\b{re.escape(n)}\b", source) for n in names)


def compile_problems(error: str, source: str) -> list[tuple[int | None, str]]:
    """(line in ``source`` or None, javac's message) for each problem of a compile error.

    rapaio prints the snippet's lines prefixed with ``|``, a caret line under the offending one
    (not always), then javac's message."""
    problems, last_code, pointed = [], None, None
    for raw in error.splitlines():
        text = raw.rstrip()
        stripped = text.strip()
        if text.startswith("|"):
            last_code = text[1:]
            continue
        if stripped and set(stripped) <= {"^", "-", "~"}:
            pointed = last_code  # the caret points into the line just above it
            continue
        if not stripped or stripped.startswith(("Compile error", "CompilerException")):
            continue
        if stripped.startswith(("symbol:", "location:", "both ", "required:", "found:",
                                "reason:")) and problems:
            line, message = problems[-1]
            problems[-1] = (line, f"{message} ({stripped})")
            continue
        problems.append((_find_line(pointed or last_code, source), stripped))
        pointed = None
    return problems


def _find_line(code: str | None, source: str) -> int | None:
    if code is None:
        return None
    wanted = code.strip()
    if not wanted:
        return None
    for number, line in enumerate(source.splitlines(), 1):
        if line.strip() == wanted:
            return number
    for number, line in enumerate(source.splitlines(), 1):
        if wanted in line or (line.strip() and line.strip() in wanted):
            return number
    return None


def is_compile_error(error: str) -> bool:
    return error.startswith(("CompilerException", "CompilationException")) or \
        "Compile error" in error.splitlines()[0:3].__str__()


def answer_problem(cell) -> str | None:
    """What went wrong when an answer cell ran (compile error with its line, an exception),
    or None when it ran cleanly."""
    error = error_text(cell)
    if not error:
        return None
    source = cell_source(cell)
    if is_compile_error(error):
        problems = compile_problems(error, source)
        if problems:
            return "does not compile: " + "; ".join(
                (f"line {line}: " if line else "") + message for line, message in problems[:3])
        return "does not compile"
    return "threw " + summary(error)


def summary(error: str, limit: int = 300) -> str:
    """The first meaningful line of an error."""
    for line in error.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "|")):
            return line[:limit]
    return error[:limit]


def check_failure(cell, answers: dict[str, str], answer_problems: dict[str, str]) -> str:
    """Why a check cell failed, for the feedback. ``answers`` maps the grade_id of each answer
    cell the check uses to its source; ``answer_problems`` what went wrong in those cells."""
    error = error_text(cell) or ""
    for line in error.splitlines():
        if "FAIL" in line:
            return line[line.index("FAIL"):].strip()[:500]
    broken = [f"your answer '{gid}' {answer_problems[gid]}" for gid in answers
              if gid in answer_problems]
    if "Java heap space" in error or "OutOfMemoryError" in error:
        detail = "unable to create more threads" if "native thread" in error else "Java heap space"
        return f"your code ran out of memory ({detail}) while this check ran"
    if is_compile_error(error):
        if broken:
            return "; ".join(broken)
        problems = compile_problems(error, cell_source(cell))
        detail = "; ".join(message for _, message in problems[:2]) or summary(error)
        return (f"the check could not call your answer: {detail} (keep the method's name,"
                " parameters and return type as given)")
    if "cannot be invoked until" in error or "is not declared" in error:
        return "; ".join(broken) or ("your answer uses something that is not declared: "
                                     + summary(error))
    return "; ".join(broken) or f"the check stopped with {summary(error)}"


def stopped(kind: str | None, reason: str, timeout: int, exits: list[str]) -> str:
    """Why a cell did not finish; ``exits`` are the answers (grade ids) that call System.exit."""
    if kind == "timeout" or "cell timeout" in reason:
        return (f"did not finish within the {timeout} s time limit (an endless loop, or far too"
                " slow); the kernel was stopped")
    text = reason[len("the kernel died: "):] if reason.startswith("the kernel died: ") else reason
    if exits and "exited with status" in text:
        return (f"{text}: your answer '{exits[0]}' calls System.exit, which ends the whole"
                " kernel (return a value instead)")
    return text
