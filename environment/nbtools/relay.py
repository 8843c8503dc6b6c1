"""Runs INSIDE the grading sandbox, as its first process: starts the Java kernel and relays the
Jupyter client's connections to it.

The sandbox has a network namespace of its own (no network, only its own loopback), so the
client outside cannot reach the kernel's TCP ports. The launcher outside (``sandbox.launch``)
therefore listens on Unix sockets, one per Jupyter channel, and hands the listening sockets to
this process as inherited file descriptors. Each accepted connection is joined byte for byte to
the kernel's TCP port on the sandbox's loopback; ZeroMQ speaks the same ZMTP stream over both.

    python -I -S relay.py FD:PORT [FD:PORT ...] -- KERNEL ARGV ...

Exits with the kernel's status (128 + N when signal N ended it), which bubblewrap reports to the
grader. Standard library only: it runs with ``-I -S``, without the venv.
"""
import os
import socket
import subprocess
import sys
import threading
import time

CONNECT_PATIENCE_S = 180  # the kernel binds its ports once its JVM is up (1-5 s, more when busy)


def _close(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


def _pump(source, target):
    try:
        while True:
            data = source.recv(1 << 16)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        _close(source, target)


def _wait_for(port):
    """Until the kernel listens on ``port`` (its JVM takes seconds to start)."""
    deadline = time.monotonic() + CONNECT_PATIENCE_S
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def _join(client, port):
    try:
        kernel = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        _close(client)  # the kernel is gone; the client will see its connection end
        return
    kernel.settimeout(None)
    kernel.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=_pump, args=(client, kernel), daemon=True).start()
    _pump(kernel, client)


def _serve(listener, port):
    # Accept only once the kernel listens: until then the client's connections wait in the
    # listen queue (or are retried by ZeroMQ), and no thread waits for a kernel per connection
    # (Jupyter's heartbeat reconnects every second while a kernel starts).
    if not _wait_for(port):
        return
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=_join, args=(client, port), daemon=True).start()


def main(argv):
    if "--" not in argv:
        print("relay: usage: relay.py FD:PORT ... -- KERNEL ARGV", file=sys.stderr)
        return 2
    split = argv.index("--")
    for pair in argv[:split]:
        fd, port = (int(x) for x in pair.split(":"))
        listener = socket.socket(fileno=fd)
        threading.Thread(target=_serve, args=(listener, port), daemon=True).start()
    kernel = subprocess.Popen(argv[split + 1:], close_fds=True)
    code = kernel.wait()
    sys.stdout.flush()
    os._exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
