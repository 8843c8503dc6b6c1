"""Reads a student's answer cells before they run and notes what an exercise never needs.

The sandbox protects the machine; this protects the score. A check passes only when the real
``org.logokit.grading.Check`` in the check cell completes without an error, and the check cell
comes from ``solutions/``. The only ways left to pass it without the right answer go through the
kernel itself: reflection, the JShell or Jupyter machinery, output redirection, or a
declaration that shadows a name the checks use (``Check``, ``Math``, a package root such as
``org``: the checks' own code would then call the student's). An answer that uses any of
these is still run and scored, but its points are **held** for the instructor's review (a sheet
never needs them). ``System.exit`` is not held (it only ends the student's own kernel); it is
noted so that the feedback can say why the kernel stopped.

Java's own rules are applied first: ``\\uXXXX`` escapes are decoded (javac does that before
anything else), comments are removed, and string literals are kept only for the name-based
rules (``Class.forName("...")``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    grade_id: str
    line: int  # 1-based, in the answer cell
    what: str
    hold: bool  # True: the answer's points wait for the instructor

    def describe(self) -> str:
        return f"answer '{self.grade_id}', line {self.line}: {self.what}"


#: (pattern on code with strings kept, what it is). All hold the points.
_ON_CODE = [
    (r"\bjava\s*\.\s*lang\s*\.\s*(reflect|invoke)\b", "reflection (java.lang.reflect / invoke)"),
    (r"\b(getDeclared\w*|setAccessible|getMethods?|getFields?|getConstructors?|forName|"
     r"newInstance|trySetAccessible|getClassLoader|defineClass|defineHiddenClass)\s*\(",
     "reflection ({0})"),
    (r"\b(MethodHandles?|VarHandle|LambdaMetafactory|Unsafe|ClassLoader|URLClassLoader|"
     r"Instrumentation|ToolProvider|JavaCompiler|ServiceLoader)\b", "reflection or class loading ({0})"),
    (r"\b(sun|jdk)\s*\.\s*(misc|internal|jshell|attach|tools)\b", "JDK internals ({0}.{1})"),
    (r"\b(JShell|SourceCodeAnalysis|rapaio|spencerpark|ijava|jjava|dflib|zeromq|ZMQ|jeromq)\b",
     "the kernel's own machinery ({0})"),
    (r"\bcom\s*\.\s*sun\b|\bjna\b|\bSystem\s*\.\s*(load|loadLibrary)\s*\(", "native code"),
    (r"\bSystem\s*\.\s*(setOut|setErr|setIn|setSecurityManager|setProperty|setProperties|"
     r"clearProperty)\s*\(", "changes the kernel's System ({0})"),
    (r"\bFileDescriptor\b", "raw file descriptors"),
    (r"\b(ProcessBuilder|ProcessHandle)\b|\bRuntime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*"
     r"(exec|halt|addShutdownHook)\b|\bRuntime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exit\b",
     "starts or stops processes ({0})"),
]
#: java.lang's classes, which every cell sees without an import: an answer that declares one
#: (``class Math``) changes what the checks' own code means.
JAVA_LANG = frozenset("""Object String StringBuilder Math StrictMath Integer Long Double Float Short
Byte Boolean Character Number System Runtime Thread Iterable Comparable CharSequence Enum Record
Void Class Exception RuntimeException Error AssertionError IllegalArgumentException
IllegalStateException UnsupportedOperationException ArithmeticException""".split())

#: (pattern on code without strings, what it is, hold)
_ON_NAMES = [
    (r"\bCheck\b(?!\s*\.)", "declares or replaces the name Check, which the checks use", True),
    (r"\b(org|java|javax|jdk)\b(?!\s*\.)", "declares the name '{0}', which hides the package"
     " of that name from the checks", True),
    (r"\bSystem\s*\.\s*exit\s*\(|\bRuntime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exit\s*\(",
     "calls System.exit, which ends the whole kernel (return a value instead)", False),
]


def decode_unicode_escapes(source: str) -> str:
    """Java's first translation step: ``\\uXXXX`` (any number of u's) becomes the character,
    unless the backslash is itself escaped (an odd run of backslashes before the u)."""
    out, i, n = [], 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            run = 0
            while i + run < n and source[i + run] == "\\":
                run += 1
            # In a run of backslashes, only an odd-positioned one followed by u escapes.
            out.append("\\" * (run - 1))
            i += run - 1
            j = i + 1
            while j < n and source[j] == "u":
                j += 1
            hexa = source[j:j + 4]
            if j > i + 1 and run % 2 == 1 and re.fullmatch(r"[0-9a-fA-F]{4}", hexa):
                out.append(chr(int(hexa, 16)))
                i = j + 4
                continue
            out.append("\\")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def strip_comments(source: str, strings: bool) -> str:
    """Source without comments (and, with ``strings=True``, without the text of string and
    character literals). Line breaks are kept so line numbers stay right."""
    out, i, n = [], 0, len(source)
    while i < n:
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            chunk = source[i:n if end < 0 else end + 2]
            out.append("\n" * chunk.count("\n"))
            i = n if end < 0 else end + 2
        elif source.startswith('"""', i):
            end = source.find('"""', i + 3)
            chunk = source[i:n if end < 0 else end + 3]
            out.append('""' + "\n" * chunk.count("\n") if strings else chunk)
            i = n if end < 0 else end + 3
        elif source[i] in "\"'":
            quote, j = source[i], i + 1
            while j < n and source[j] != quote and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            out.append(quote * 2 if strings else source[i:j + 1])
            i = j + 1
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _describe(what: str, match) -> str:
    groups = [g for g in match.groups() if g] or [match.group(0).strip()]
    return what.format(*(groups + [""] * 3))


def names_the_checks_use(check_sources, imports_sources=()) -> set[str]:
    """The type names a sheet's checks rely on: java.lang's, the classes the sheet imports, and
    every capitalised name in its check cells (``Arrays``, ``List``, ``Math``, ``NDManager``)."""
    names = set(JAVA_LANG)
    for text in list(check_sources) + list(imports_sources):
        code = strip_comments(decode_unicode_escapes(text), strings=True)
        names |= set(re.findall(r"\b([A-Z][A-Za-z0-9_$]*)\b", code))
    return names


_VARIABLE = re.compile(r"(?:^|[;{}])\s*(?:final\s+)?(?:var|[A-Za-z_$][\w$<>\[\],.? ]*?)\s+"
                       r"([a-z_$][\w$]*)\s*=(?!=)", re.MULTILINE)


def variables_the_checks_use(setup_sources, check_sources) -> set[str]:
    """Variables the sheet's own cells declare (``FlickrLogos32 data = ...``) that its check
    cells read: an answer that declares or assigns one changes what the checks compare with."""
    declared = set()
    for text in setup_sources:
        declared |= set(_VARIABLE.findall(strip_comments(text, strings=True)))
    used = set()
    for text in check_sources:
        used |= set(re.findall(r"\b([a-z_$][\w$]*)\b", strip_comments(text, strings=True)))
    return declared & used


def review(grade_id: str, source: str, reserved=frozenset(), variables=frozenset()) -> list[Finding]:
    """Everything in one answer cell that the feedback or the instructor should know.
    ``reserved`` are type names the checks use (see ``names_the_checks_use``), ``variables``
    the sheet's variables they read (``variables_the_checks_use``): an answer that declares such
    a type or variable, or assigns such a variable, is held."""
    decoded = decode_unicode_escapes(source)
    code = strip_comments(decoded, strings=False)
    names = strip_comments(decoded, strings=True)
    found, seen = [], set()
    for name in sorted(variables):
        for match in re.finditer(rf"(?:^|[;{{}}])\s*(?:[\w$<>\[\],.? ]+\s+)?{re.escape(name)}\s*=(?!=)",
                                 names, re.MULTILINE):
            key = (f"sets '{name}', a variable of the sheet that the checks read",
                   _line_of(names, match.end() - 1))
            if key not in seen:
                seen.add(key)
                found.append(Finding(grade_id, key[1], key[0], True))
    declared = re.finditer(r"\b(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)"
                           r"|\b(?:var|[A-Z][\w$<>\[\],.? ]*)\s+([A-Z][\w$]*)\s*[=;,)]", names)
    for match in declared:
        name = match.group(1) or match.group(2)
        if name in reserved and name != "Check":
            key = (f"declares '{name}', a name the checks use (their code would then call yours)",
                   _line_of(names, match.start()))
            if key not in seen:
                seen.add(key)
                found.append(Finding(grade_id, key[1], key[0], True))
    for pattern, what in _ON_CODE:
        for match in re.finditer(pattern, code):
            text = _describe(what, match)
            key = (text, _line_of(code, match.start()))
            if key not in seen:
                seen.add(key)
                found.append(Finding(grade_id, key[1], text, True))
    for pattern, what, hold in _ON_NAMES:
        for match in re.finditer(pattern, names):
            text = _describe(what, match)
            key = (text, _line_of(names, match.start()))
            if key not in seen:
                seen.add(key)
                found.append(Finding(grade_id, key[1], text, hold))
    return sorted(found, key=lambda f: (f.line, f.what))
