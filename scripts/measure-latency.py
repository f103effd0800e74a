#!/usr/bin/env python3
"""Start-to-first-frame and keystroke-to-screen latency of convene, against `cat`.

By default each program runs in a tmux pane (120x40): keys go in with `tmux send-keys`,
and what the program writes is read back through `tmux pipe-pane`, so every figure is
"tmux received it", cat and convene measured the same way in the same run. With --pty the
program runs on a bare pseudo-terminal instead, without tmux's own cost.

convene wraps every frame in a synchronized update, so a frame is complete when its end
marker (ESC [ ? 2026 l) arrives; `cat` is the terminal's own echo (the kernel's line
discipline), the floor for any keystroke.

`versus` measures start to first frame of convene against another full-screen program (a
peer: clock-tui's `tclock timer -d 25m`, see scripts/measure-startup.sh) in the same run,
the programs taking turns round by round. There the first frame has one definition for
every program: the time from spawn until the first cursor hide (ESC [ ? 25 l) is read from
the terminal. ratatui writes it at the end of every Terminal::draw, after the frame's last
cell (convene on ratatui 0.30, tclock on 0.25), so it is the first full screen paint's last
byte for both; convene's synchronized-update end follows it in the same write. A frame that
holds no big digit (U+2588) is not taken as a full paint and stops the run.

  measure-latency.py [--pty] BIN startup AGENDA [ROUNDS]
  measure-latency.py [--pty] BIN keys [ROUNDS] [-- CONVENE ARGS...]
  measure-latency.py [--pty] BIN versus [ROUNDS] [AGENDA...] [-- PEER ARGS...]
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
import subprocess
import sys
import base64
import tempfile
import termios
import time

FRAME_END = b"\x1b[?2026l"
CURSOR_HIDE = b"\x1b[?25l"


def spawn(argv, env):
    pid, fd = pty.fork()
    if pid == 0:
        # Sized before the program starts, so that it never reads the size of an unsized pty.
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.execvpe(argv[0], argv, env)
        except OSError as e:
            print(f"cannot run {argv[0]}: {e}", file=sys.stderr)
        os._exit(127)
    return pid, fd


class Pty:
    """A program on a bare pseudo-terminal."""

    def __init__(self, argv, env):
        self.pid, self.fd = spawn(argv, env)

    def start(self):
        pass

    def send(self, data):
        os.write(self.fd, data)

    def stop(self):
        stop(self.pid, self.fd)


class Tmux:
    """A program in a tmux pane, held at a gate until start() so that timing can begin."""

    def __init__(self, argv, env):
        self.dir = tempfile.mkdtemp(prefix="convene-tmux-")
        self.sock = os.path.join(self.dir, "sock")
        conf = os.path.join(self.dir, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -gw remain-on-exit on\nset -g status off\n")
        fifo = os.path.join(self.dir, "out")
        os.mkfifo(fifo)
        gate = "read _; exec " + " ".join("'" + a.replace("'", "'\\''") + "'" for a in argv)
        extra = []
        for name in ("CONVENE_DATA_DIR",):
            if name in env:
                extra += ["-e", f"{name}={env[name]}"]
        self.tmux("-f", conf, "new-session", "-d", "-x", "120", "-y", "40", *extra, "sh", "-c", gate)
        self.tmux("pipe-pane", "-O", f"cat > '{fifo}'")
        self.fd = os.open(fifo, os.O_RDONLY)

    def tmux(self, *args):
        subprocess.run(["tmux", "-S", self.sock, *args], check=True, stdout=subprocess.DEVNULL)

    def start(self):
        self.tmux("send-keys", "Enter")

    def send(self, data):
        self.tmux("send-keys", "-l", data.decode())

    def stop(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], stderr=subprocess.DEVNULL)
        os.close(self.fd)
        shutil.rmtree(self.dir, ignore_errors=True)


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


def fresh_data():
    """A new data folder holding a device id, as every start but an installation's first finds it."""
    data = tempfile.mkdtemp(prefix="convene-startup-")
    device = base64.b32hexencode(os.urandom(16)).decode().rstrip("=").lower()
    with open(os.path.join(data, "device"), "w") as f:
        f.write(device + "\n")
    return data


def startup(kind, binary, agenda, rounds):
    times = []
    for _ in range(rounds):
        data = fresh_data()
        pane = kind([binary, "run", agenda], env_with(data))
        if kind is Tmux:
            drain(pane.fd, 0.1)
        t0 = time.perf_counter()
        pane.start()
        read_until(pane.fd, FRAME_END)
        times.append((time.perf_counter() - t0) * 1000)
        pane.stop()
        shutil.rmtree(data, ignore_errors=True)
    return summary("start to first frame", times)


def spread(name, values):
    """One line: min / median / p90 / max in ms (p90 as in summary)."""
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    median = statistics.median(values)
    print(f"{name:<40} min {values[0]:7.2f}   median {median:7.2f}   p90 {p90:7.2f}   "
          f"max {values[-1]:7.2f} ms   (n={len(values)})")
    return median


def first_frame(kind, argv, env):
    """Milliseconds from spawn until the first frame's cursor hide is read."""
    if kind is Pty:
        t0 = time.perf_counter()
        pane = kind(argv, env)
    else:
        pane = kind(argv, env)
        drain(pane.fd, 0.1)
        t0 = time.perf_counter()
        pane.start()
    try:
        got = read_until(pane.fd, CURSOR_HIDE)
        took = (time.perf_counter() - t0) * 1000
    finally:
        pane.stop()
    frame = got[:got.index(CURSOR_HIDE)]
    if "\u2588".encode() not in frame:
        raise RuntimeError(f"{argv[0]}: the first frame holds no big digit: {frame[-200:]!r}")
    return took


def versus(kind, binary, rounds, agendas, peer):
    """convene (demo agenda, then each of `agendas`) and `peer`, taking turns each round."""
    programs = [("convene run (demo agenda)", [])]
    programs += [(f"convene run {os.path.basename(a)}", [a]) for a in agendas]
    times = {name: [] for name, _ in programs}
    peer_name = " ".join([os.path.basename(peer[0])] + peer[1:]) if peer else None
    if peer:
        times[peer_name] = []
    for round_ in range(rounds):
        turns = list(programs) + ([(peer_name, None)] if peer else [])
        # Each round starts with another program, so that none always follows the same one.
        shift = round_ % len(turns)
        for name, args in turns[shift:] + turns[:shift]:
            if args is None:
                try:
                    times[name].append(first_frame(kind, peer, dict(os.environ, TERM="tmux-256color")))
                except (OSError, RuntimeError, TimeoutError) as e:
                    print(f"the peer could not be measured: {peer_name}: {e}")
                    del times[name]
                    peer, peer_name = None, None
                continue
            data = fresh_data()
            try:
                argv = [binary, "--data-dir", data, "run"] + args
                times[name].append(first_frame(kind, argv, env_with(data)))
            finally:
                shutil.rmtree(data, ignore_errors=True)
    medians = {name: spread(name, values) for name, values in times.items()}
    if peer_name:
        for name, _ in programs:
            label = name.removeprefix("convene run ").strip("()")
            print(f"median convene / {os.path.basename(peer[0])}, {label}: "
                  f"{medians[name] / medians[peer_name]:.2f}")


def keystrokes(kind, argv, env, rounds, marker, setup=b""):
    pane = kind(argv, env)
    try:
        pane.start()
        if marker == FRAME_END:
            read_until(pane.fd, FRAME_END)
        drain(pane.fd, 0.3)
        if setup:
            pane.send(setup)
            drain(pane.fd, 0.3)
        times = []
        letters = b"abcdefghijklmnopqrstuvwxyz"
        for i in range(rounds):
            key = letters[i % len(letters):i % len(letters) + 1]
            t0 = time.perf_counter()
            pane.send(key)
            got = read_until(pane.fd, marker if marker == FRAME_END else key)
            times.append((time.perf_counter() - t0) * 1000)
            if marker == FRAME_END and key not in got:
                raise RuntimeError(f"the frame after {key!r} does not show it: {got[-200:]!r}")
            time.sleep(random.uniform(0.02, 0.05))
            drain(pane.fd, 0.005)
        return times
    finally:
        pane.stop()


def keys(kind, binary, rounds, args):
    data = tempfile.mkdtemp(prefix="convene-keys-")
    try:
        cat = keystrokes(kind, ["cat"], env_with(data), rounds, None)
        # `q` opens the capture line: every letter then is text, echoed by a redraw.
        ours = keystrokes(kind, [binary] + (args or ["run"]), env_with(data), rounds, FRAME_END, setup=b"q")
    finally:
        shutil.rmtree(data, ignore_errors=True)
    cat_median, _ = summary("cat echo (terminal floor)", cat)
    median, p90 = summary("convene keystroke to frame", ours)
    print(f"{'convene above cat':<34} median {median - cat_median:+7.2f} ms")


def main():
    args = sys.argv[1:]
    kind = Tmux
    if args and args[0] == "--pty":
        kind, args = Pty, args[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    binary, what, rest = args[0], args[1], args[2:]
    extra = []
    if "--" in rest:
        i = rest.index("--")
        rest, extra = rest[:i], rest[i + 1:]
    print(f"({'in a tmux pane' if kind is Tmux else 'on a bare pseudo-terminal'})")
    if what == "startup":
        startup(kind, binary, rest[0], int(rest[1]) if len(rest) > 1 else 30)
    elif what == "keys":
        keys(kind, binary, int(rest[0]) if rest else 200, extra)
    elif what == "versus":
        print("(120x40; first frame = from spawn to the first ESC [ ? 25 l read back)")
        versus(kind, binary, int(rest[0]) if rest else 30, rest[1:], extra)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
