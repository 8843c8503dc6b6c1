"""Executes one notebook headless on the course kernel and summarises what every cell did."""
from __future__ import annotations

import asyncio
import atexit
import base64
import copy
import os
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from jupyter_client.kernelspec import NoSuchKernel

from .notebooks import KERNEL_NAME, cell_source, nbgrader

RAISES_TAG = "raises-exception"
IMAGE_TAG = "shows-image"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain(text: str) -> str:
    """Text without the terminal colour codes kernels put in tracebacks."""
    return _ANSI.sub("", text)


class KernelUnavailable(Exception):
    """The course kernel is not installed or does not start."""


@dataclass
class Execution:
    """An executed notebook and how it ended."""
    nb: object
    seconds: float
    #: None when every cell ran; else why the run stopped early (first unexpected error,
    #: timeout, dead kernel).
    stopped: str | None = None
    attempts: int = 1
    #: index (in nb.cells) of the cell that was running when the run stopped, if known
    stopped_at: int | None = None
    #: "timeout", "died", "error" or "failure" when the run stopped early
    stop_kind: str | None = None
    #: indices of cells whose output was cut at the output limit
    cut: list = field(default_factory=list)


DEFAULT_OUTPUT_LIMIT = 64 << 20


class LimitReached(Exception):
    """A cell left the sandboxed kernel at one of its limits; the kernel was stopped."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM arrived while a notebook ran; its kernel has been stopped."""


class CappedClient(NotebookClient):
    """A NotebookClient that keeps at most ``output_limit`` bytes of output per cell (an endless
    print loop would otherwise fill the grader's memory) and notes the cells it cut. Ctrl-C or
    SIGTERM stops the kernel and the run (nbclient's own handlers only tidy up the kernels it
    started itself and let the run go on)."""

    def __init__(self, nb, km=None, output_limit: int = DEFAULT_OUTPUT_LIMIT, **kw):
        super().__init__(nb, km=km, **kw)
        self.output_limit = output_limit
        self.output_sizes: dict[int, int] = {}
        self.cut: list[int] = []
        self.interrupted = False

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        reason = self.km.after_cell() if hasattr(self.km, "after_cell") else None
        if reason:
            raise LimitReached(reason)
        return result

    #: where asyncio's unhandled task errors go (nbclient's output poller raises "Invalid
    #: Signature" when a flooding kernel garbles its own messages); None: the default handler
    error_log = None

    async def async_start_new_kernel_client(self):
        result = await super().async_start_new_kernel_client()
        loop = asyncio.get_event_loop()
        if self.error_log is not None:
            log = self.error_log
            # A task of a finished run can fail after its log was closed: drop it then.
            loop.set_exception_handler(lambda _, context: log.closed or log.write(
                f"[client] {context.get('message')}: {context.get('exception')!r}\n"))
        try:
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(number, self._stop)
        except (RuntimeError, NotImplementedError):
            pass  # not in the main thread: the caller handles signals
        return result

    def _stop(self) -> None:
        self.interrupted = True
        pid = getattr(getattr(self.km, "provisioner", None), "pid", None)
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in
                                                  (content.get("data") or {}).values())
        used = self.output_sizes.get(cell_index, 0) + size
        self.output_sizes[cell_index] = used
        if used > self.output_limit:
            if cell_index not in self.cut:
                self.cut.append(cell_index)
                outs.append(nbformat.v4.new_output(
                    "stream", name="stdout",
                    text=f"\n[output cut: this cell printed more than"
                         f" {self.output_limit / 2**20:g} MiB]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def error_text(cell) -> str | None:
    """The cell's error as one string (name, message, traceback), or None if it did not fail."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            head = ": ".join(p for p in (output.get("ename", ""), output.get("evalue", "")) if p)
            return plain("\n".join(p for p in [head] + list(output.get("traceback", [])) if p))
    return None


def stream_text(cell, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == name)


def png_sizes(cell) -> list[tuple[int, int]]:
    """(width, height) of every image/png output that is a valid PNG."""
    sizes = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}).get("image/png")
        if not data:
            continue
        raw = base64.b64decode(data if isinstance(data, str) else "".join(data))
        if raw[:8] == PNG_MAGIC and raw[12:16] == b"IHDR":
            sizes.append((int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")))
    return sizes


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", []) or []


def execute(nb, path: Path, *, kernel: str = KERNEL_NAME, timeout: int = 1800,
            startup_timeout: int = 120, allow_errors: bool = False, env: dict | None = None,
            retries: int = 1, kernel_log: Path | None = None, kernel_manager=None,
            output_limit: int = DEFAULT_OUTPUT_LIMIT, cwd: Path | None = None) -> Execution:
    """Runs ``nb`` (a copy is executed) with ``path``'s folder (or ``cwd``) as working directory.

    ``allow_errors=False`` stops at the first error in a cell not tagged raises-exception.
    A kernel that does not start is retried ``retries`` times before KernelUnavailable.
    The kernel process's own stdout/stderr (its start-up log, JVM warnings) go to ``kernel_log``
    when given, so they do not mix with the report. ``kernel_manager`` (a callable returning a
    jupyter_client kernel manager) starts the kernel some other way, e.g. in the grading
    sandbox; when the kernel dies, its ``stop_reason()`` says why.
    """
    if env:
        os.environ.update(env)  # the kernel process inherits this process's environment
    attempts = 0
    while True:
        attempts += 1
        work = copy.deepcopy(nb)
        km = kernel_manager() if kernel_manager else None
        folder = cwd or path.parent
        client = CappedClient(work, km=km, kernel_name=kernel, timeout=timeout,
                              startup_timeout=startup_timeout, allow_errors=allow_errors,
                              # Java kernels do not reliably stop a busy cell on an
                              # interrupt: a timeout ends the run, and the kernel is killed.
                              interrupt_on_timeout=False, shutdown_kernel="immediate",
                              record_timing=False, output_limit=output_limit,
                              resources={"metadata": {"path": str(Path(folder).resolve())}})
        started = []
        client.on_cell_start = lambda cell, cell_index: started.append(cell_index)
        start = time.monotonic()
        stopped = kind = None
        log = None
        if kernel_log is not None:
            kernel_log.parent.mkdir(parents=True, exist_ok=True)
            log = open(kernel_log, "a", encoding="utf-8")
            log.write(f"=== {path} (attempt {attempts})\n")
            log.flush()
        streams = {"stdout": log, "stderr": log} if log else {}
        client.error_log = log
        try:
            client.execute(**streams)
        except asyncio.CancelledError:
            client.interrupted = True  # nbclient's own SIGINT/SIGTERM handler cancelled the run
        except NoSuchKernel as error:
            raise KernelUnavailable(f"the Jupyter kernel '{kernel}' is not installed: run"
                                    " environment/setup (it installs the kernel)") from error
        except CellTimeoutError as error:
            kind = "timeout"
            stopped = f"a cell ran past the {timeout} s cell timeout (the kernel was stopped)"
        except LimitReached as error:
            kind = "died"
            stopped = f"the kernel died: {error}"
        except DeadKernelError as error:
            kind = "died"
            reason = km.stop_reason() if hasattr(km, "stop_reason") else None
            stopped = f"the kernel died: {reason or first_line(error)}"
        except CellExecutionError as error:
            kind = "error"
            stopped = f"unexpected error: {first_line(error, skip_source=True)}"
        except (RuntimeError, TimeoutError) as error:
            # nbclient reports a kernel that never answered its first request like this. It
            # leaves a clean-up hook behind that would fail at exit: drop it.
            atexit.unregister(client._cleanup_kernel)
            ran = any(c.get("outputs") or c.get("execution_count") for c in work.cells)
            if not ran and attempts <= retries:
                print(f"  (kernel did not start for {path}: {first_line(error)}; retrying"
                      + (f"; kernel log: {kernel_log}" if kernel_log else "") + ")", flush=True)
                continue
            if not ran:
                reason = km.stop_reason() if hasattr(km, "stop_reason") else None
                raise KernelUnavailable(f"the kernel '{kernel}' did not start within"
                                        f" {startup_timeout} s: {first_line(error)}"
                                        + (f" ({reason})" if reason else "")
                                        + (f" (kernel log: {kernel_log})" if kernel_log else "")
                                        + "; try environment/doctor") from error
            kind = "failure"
            reason = km.stop_reason() if hasattr(km, "stop_reason") else None
            stopped = f"kernel failure: {reason or first_line(error)}"
        except AssertionError as error:
            # nbclient's own clean-up asserts after a kernel died on an interrupt (a cell timeout).
            atexit.unregister(client._cleanup_kernel)
            kind = "died"
            reason = km.stop_reason() if hasattr(km, "stop_reason") else None
            stopped = reason or ("the kernel stopped (a cell ran past the cell timeout of"
                                 f" {timeout} s, or crashed the kernel)")
        finally:
            if km is not None:
                # nbclient shuts down only the kernels it started itself.
                stop_kernel(km)
            if log:
                log.close()
        if client.interrupted:
            raise Interrupted(f"stopped while running {path}")
        return Execution(work, time.monotonic() - start, stopped, attempts,
                         started[-1] if stopped and started else None, kind, list(client.cut))


def stop_kernel(km) -> None:
    """Kills a kernel that a caller-supplied kernel manager started, and removes its files."""
    from jupyter_core.utils import run_sync
    try:
        if run_sync(km.is_alive)():
            run_sync(km.shutdown_kernel)(now=True)
        else:
            run_sync(km.cleanup_resources)()
    except Exception:  # the kernel may already be gone; nothing else to do
        pass


def first_line(error: Exception, skip_source: bool = False) -> str:
    text = plain(str(error)).strip()
    if skip_source and "------------------" in text:
        # CellExecutionError starts with the cell's source between dashed rules; show the error.
        text = text.split("------------------")[-1].strip() or text
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return " | ".join(lines[:3])[:400] if lines else type(error).__name__


def was_run(cell) -> bool:
    """True when the kernel executed the cell (a run that stopped early leaves later cells alone)."""
    return cell.get("execution_count") is not None or bool(cell.get("outputs"))


def code_cells(nb) -> list[tuple[int, object]]:
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def describe(index: int, cell) -> str:
    grade_id = nbgrader(cell).get("grade_id")
    first = next((l.strip() for l in cell_source(cell).splitlines() if l.strip()), "")
    return f"cell {index + 1}" + (f" [{grade_id}]" if grade_id else "") + f" `{first[:60]}`"
