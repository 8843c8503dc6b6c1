#!/usr/bin/env python3
"""Starts a Jupyter kernel once, runs one cell in it and reports what came back and how long it took.

usage: kernel_probe.py [--kernel logokit-java] [--timeout S] [--code CODE] [--env NAME=VALUE]...
       kernel_probe.py --settings [--kernel logokit-java] [--timeout S]

The first form prints one line for environment/doctor ("OK ..." or "FAIL ...", exit code 0 or 1).
``--settings`` is the test that the course settings switch under the installed kernel (rapaio,
IJava or JJava alike): it starts the kernel twice, with LOGOKIT_ENGINE=PyTorch, LOGOKIT_PROFILE=smoke,
LOGOKIT_LOG=debug and then with LOGOKIT_ENGINE=MXNet, LOGOKIT_PROFILE=full and no LOGOKIT_LOG, and
checks in each that DJL's engine, the course profile and the library's log level are the ones asked
for (so one of the two runs always differs from the engine kernel.json names). Run it with the
venv's Python and JUPYTER_PATH pointing at the venv's share/jupyter (environment/test does).
"""
from __future__ import annotations

import argparse
import os
import queue
import sys
import tempfile
import time
from dataclasses import dataclass, field

from jupyter_client.kernelspec import NoSuchKernel
from jupyter_client.manager import KernelManager

KERNEL_NAME = "logokit-java"

#: The doctor's cell: it needs the library on the kernel's classpath and costs no engine start.
DOCTOR_CODE = ('System.out.println("Java " + System.getProperty("java.version") + ", default engine "'
               ' + ai.djl.engine.Engine.getDefaultEngineName() + ", profile " + org.logokit.config.Profile.current());')

#: What the settings check reads back from the kernel, one "name=value" line each.
SETTINGS_CODE = "\n".join([
    'System.out.println("engine=" + ai.djl.engine.Engine.getInstance().getEngineName());',
    'System.out.println("profile=" + org.logokit.config.Profile.current());',
    'org.slf4j.Logger probeLog = org.slf4j.LoggerFactory.getLogger("org.logokit.kernelprobe");',
    'System.out.println("debug=" + probeLog.isDebugEnabled() + " warn=" + probeLog.isWarnEnabled());',
])

#: (settings, what the kernel must print): each setting both ways.
SETTINGS_CASES = [
    ({"LOGOKIT_ENGINE": "PyTorch", "LOGOKIT_PROFILE": "smoke", "LOGOKIT_LOG": "debug"},
     {"engine": "PyTorch", "profile": "SMOKE", "debug": "true", "warn": "true"}),
    ({"LOGOKIT_ENGINE": "MXNet", "LOGOKIT_PROFILE": "full", "LOGOKIT_LOG": None},
     {"engine": "MXNet", "profile": "FULL", "debug": "false", "warn": "true"}),
]


@dataclass
class Probe:
    """One start of a kernel and one cell run in it."""
    kernel: str
    ok: bool = False
    #: seconds from starting the process to the kernel's first reply; None when it never answered
    start_seconds: float | None = None
    #: seconds the cell took, from execute_request to the kernel going idle
    cell_seconds: float | None = None
    stdout: str = ""
    stderr: str = ""
    #: why it is not ok: the cell's error, or why the kernel did not start or answer
    problem: str = ""
    #: the last lines the kernel process wrote to its own stderr (start-up errors land there)
    kernel_log: list[str] = field(default_factory=list)


def probe(code: str, kernel: str = KERNEL_NAME, env: dict | None = None, timeout: float = 120) -> Probe:
    """Starts ``kernel`` with the environment changed by ``env`` (a value None removes the
    variable), runs ``code`` once, shuts the kernel down and says what happened."""
    result = Probe(kernel)
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    km = KernelManager(kernel_name=kernel)
    kc = None
    started = time.monotonic()
    try:
        km.start_kernel(env=environment, stdout=log, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=timeout)
        except RuntimeError as e:  # timed out, or the kernel died
            result.problem = ("the kernel died while starting" if not km.is_alive()
                              else f"the kernel did not answer within {timeout:.0f} s") + f" ({first_line(e)})"
            return result
        result.start_seconds = time.monotonic() - started
        run_cell(kc, code, timeout, result)
    except NoSuchKernel:
        result.problem = f"no kernelspec named {kernel} (run environment/setup)"
    except Exception as e:  # a start that raises is a finding, not a crash of the probe
        result.problem = f"{type(e).__name__}: {first_line(e)}"
    finally:
        if kc is not None:
            kc.stop_channels()
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass
        log.seek(0)
        result.kernel_log = [line.rstrip() for line in log.read().splitlines() if line.strip()][-5:]
        log.close()
    return result


def run_cell(kc, code: str, timeout: float, result: Probe) -> None:
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    deadline = t0 + timeout
    try:
        while True:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                if content["name"] == "stdout":
                    result.stdout += content["text"]
                else:
                    result.stderr += content["text"]
            elif kind == "error":
                result.problem = f"the cell failed: {content.get('ename', '')}: {content.get('evalue', '')}"[:400]
            elif kind == "status" and content["execution_state"] == "idle":
                break
    except queue.Empty:
        result.problem = f"the cell did not finish within {timeout:.0f} s"
        return
    result.cell_seconds = time.monotonic() - t0
    result.ok = not result.problem


def first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0][:300] if lines else type(error).__name__


def read_values(stdout: str) -> dict:
    """{name: value} from the "name=value name=value" words the settings cell prints."""
    values = {}
    for word in stdout.split():
        name, sep, value = word.partition("=")
        if sep:
            values[name] = value
    return values


def check_settings(kernel: str, timeout: float) -> int:
    failures = 0
    for settings, expected in SETTINGS_CASES:
        shown = " ".join(f"{k}={v}" if v is not None else f"{k} unset" for k, v in settings.items())
        result = probe(SETTINGS_CODE, kernel, settings, timeout)
        if not result.ok:
            failures += 1
            print(f"FAIL  {shown}: {result.problem}" + "".join(f"\n        kernel: {l}" for l in result.kernel_log))
            continue
        got = read_values(result.stdout)
        wrong = {k: got.get(k) for k, v in expected.items() if got.get(k) != v}
        if result.stderr.strip():
            wrong["stderr"] = result.stderr.strip().splitlines()[0][:200]
        failures += bool(wrong)
        seen = ", ".join(f"{k} {got.get(k)}" for k in expected)
        wanted = ", ".join(f"{k} {expected.get(k, 'nothing')}" for k in wrong)
        print(f"{'FAIL' if wrong else 'OK  '}  {shown}: {seen}" + (f" (expected {wanted})" if wrong else "")
              + f"  [start {result.start_seconds:.1f} s, cell {result.cell_seconds:.1f} s]")
    return 1 if failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="kernel_probe.py", description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", default=KERNEL_NAME)
    parser.add_argument("--timeout", type=float, default=120, help="seconds for the start and for the cell")
    parser.add_argument("--code", default=DOCTOR_CODE)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--settings", action="store_true", help="check that the LOGOKIT_* settings switch")
    args = parser.parse_args(argv)
    if args.settings:
        return check_settings(args.kernel, args.timeout)
    env = dict(item.split("=", 1) for item in args.env)
    result = probe(args.code, args.kernel, env, args.timeout)
    if result.ok:
        said = " ".join(result.stdout.split())[:200]
        print(f"OK    started in {result.start_seconds:.1f} s, ran a cell in {result.cell_seconds:.2f} s"
              + (f": {said}" if said else ""))
        if result.stderr.strip():
            print(f"WARN  the cell wrote to stderr: {result.stderr.strip().splitlines()[0][:200]}")
        return 0
    print(f"FAIL  {result.problem}" + "".join(f"\n        kernel: {line}" for line in result.kernel_log))
    return 1


if __name__ == "__main__":
    sys.exit(main())
