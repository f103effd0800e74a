#!/usr/bin/env python3
"""Start-to-first-frame and keystroke-to-screen latency of convene, against `cat`.

Each program runs on its own pseudo-terminal (120x40, TERM=tmux-256color), exactly as a
tmux pane gives it one. convene wraps every frame in a synchronized update, so a frame is
complete when its end marker (ESC [ ? 2026 l) arrives; `cat` is the terminal's own echo
(the kernel's line discipline), the floor for any keystroke.

  measure-latency.py BIN startup AGENDA [ROUNDS]
  measure-latency.py BIN keys [ROUNDS] [-- CONVENE ARGS...]
"""

import fcntl
import os
import pty
import random
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

FRAME_END = b"\x1b[?2026l"


def spawn(argv, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return pid, fd


def read_until(fd, marker, deadline=5.0, buffer=b""):
    end = time.perf_counter() + deadline
    while marker not in buffer:
        left = end - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"no {marker!r} within {deadline}s; got {buffer[-200:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                buffer += os.read(fd, 65536)
            except OSError:
                raise TimeoutError("the program exited")
    return buffer


def drain(fd, quiet=0.05):
    """Reads until nothing has arrived for `quiet` seconds."""
    while select.select([fd], [], [], quiet)[0]:
        try:
            os.read(fd, 65536)
        except OSError:
            return


def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)


def env_with(data):
    env = dict(os.environ, TERM="tmux-256color", CONVENE_DATA_DIR=data)
    env.pop("NO_COLOR", None)
    return env


def summary(name, values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    print(f"{name:<34} median {statistics.median(values):7.2f} ms   p90 {p90:7.2f} ms   "
          f"min {values[0]:6.2f}   max {values[-1]:6.2f}   (n={len(values)})")
    return statistics.median(values), p90


def startup(binary, agenda, rounds):
    times = []
    for _ in range(rounds):
        data = tempfile.mkdtemp(prefix="convene-startup-")
        t0 = time.perf_counter()
        pid, fd = spawn([binary, "run", agenda], env_with(data))
        read_until(fd, FRAME_END)
        times.append((time.perf_counter() - t0) * 1000)
        stop(pid, fd)
        shutil.rmtree(data, ignore_errors=True)
    return summary("start to first frame", times)


def keystrokes(argv, env, rounds, marker, setup=b""):
    pid, fd = spawn(argv, env)
    try:
        if marker == FRAME_END:
            read_until(fd, FRAME_END)
        drain(fd, 0.3)
        if setup:
            os.write(fd, setup)
            drain(fd, 0.3)
        times = []
        letters = b"abcdefghijklmnopqrstuvwxyz"
        for i in range(rounds):
            key = letters[i % len(letters):i % len(letters) + 1]
            t0 = time.perf_counter()
            os.write(fd, key)
            got = read_until(fd, marker if marker == FRAME_END else key)
            times.append((time.perf_counter() - t0) * 1000)
            if marker == FRAME_END and key not in got:
                raise RuntimeError(f"the frame after {key!r} does not show it: {got[-200:]!r}")
            time.sleep(random.uniform(0.02, 0.05))
            drain(fd, 0.005)
        return times
    finally:
        stop(pid, fd)


def keys(binary, rounds, args):
    data = tempfile.mkdtemp(prefix="convene-keys-")
    try:
        cat = keystrokes(["cat"], env_with(data), rounds, None)
        # `q` opens the capture line: every letter then is text, echoed by a redraw.
        ours = keystrokes([binary] + (args or ["run"]), env_with(data), rounds, FRAME_END, setup=b"q")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    cat_median, _ = summary("cat echo (terminal floor)", cat)
    median, p90 = summary("convene keystroke to frame", ours)
    print(f"{'convene above cat':<34} median {median - cat_median:+7.2f} ms")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    binary, what = sys.argv[1], sys.argv[2]
    rest = sys.argv[3:]
    extra = []
    if "--" in rest:
        i = rest.index("--")
        rest, extra = rest[:i], rest[i + 1:]
    if what == "startup":
        startup(binary, rest[0], int(rest[1]) if len(rest) > 1 else 30)
    elif what == "keys":
        keys(binary, int(rest[0]) if rest else 200, extra)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
