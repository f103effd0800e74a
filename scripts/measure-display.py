#!/usr/bin/env python3
"""The room display's latency and idle cost, in two tmux panes on this machine.

The facilitator's `convene run` (the demo agenda) runs in one tmux server, `convene display`
in another, both 120x40. The display's output is read back through `tmux pipe-pane`; it
wraps every frame in a synchronized update, so a frame is complete when its end marker
(ESC [ ? 2026 l) arrives.

Latency: the session is started and paused (a paused countdown draws nothing of its own),
then `+` is pressed ROUNDS times on the facilitator's side. For each press the script
notes when the facilitator's journal file has grown by the new line (polled every 0.1 ms;
the line is written, then fdatasync'd, so this is at or before the line is durable), and a
thread notes when each of the display's frames arrives. The latency of a change is from the
line seen in the file to the display's first frame after the key was sent (0 when that
frame came within the polling delay). The whole path, key sent through tmux to the
facilitator's convene, its journal, the display and back through tmux, is given too.

Idle: the session runs (its countdown draws once a second on the display); for SECONDS the
display's CPU time (/proc/PID/stat utime+stime) and context switches (all threads,
/proc/PID/task/*/status) are read, and given per second.

  measure-display.py BIN [ROUNDS] [SECONDS]
"""

import base64
import glob
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

FRAME_END = b"\x1b[?2026l"


class Pane:
    """A program in its own tmux server, its output read back through a FIFO."""

    def __init__(self, argv, data, read=False):
        self.dir = tempfile.mkdtemp(prefix="convene-display-")
        self.sock = os.path.join(self.dir, "sock")
        conf = os.path.join(self.dir, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -gw remain-on-exit on\nset -g status off\n")
        command = "exec " + " ".join("'" + a.replace("'", "'\\''") + "'" for a in argv)
        self.tmux("-f", conf, "new-session", "-d", "-x", "120", "-y", "40",
                  "-e", f"CONVENE_DATA_DIR={data}", "-e", "TERM=tmux-256color", "sh", "-c", command)
        self.fd = None
        if read:
            fifo = os.path.join(self.dir, "out")
            os.mkfifo(fifo)
            self.tmux("pipe-pane", "-O", f"cat > '{fifo}'")
            self.fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock, *args], check=True,
                              stdout=subprocess.PIPE).stdout.decode()

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def pid(self):
        return int(self.tmux("display-message", "-p", "#{pane_pid}").strip())

    def screen(self):
        return self.tmux("capture-pane", "-p")

    def drain(self, quiet=0.05):
        while select.select([self.fd], [], [], quiet)[0]:
            try:
                if not os.read(self.fd, 65536):
                    return
            except BlockingIOError:
                return

    def record_frames(self):
        """Reads the output on a thread of its own, keeping each frame's arrival time."""
        self.frames = []
        self.reading = True

        def read():
            tail = b""
            while self.reading:
                if not select.select([self.fd], [], [], 0.1)[0]:
                    continue
                try:
                    chunk = os.read(self.fd, 65536)
                except BlockingIOError:
                    continue
                now = time.perf_counter()
                tail += chunk
                while FRAME_END in tail:
                    self.frames.append(now)
                    tail = tail.split(FRAME_END, 1)[1]

        self.thread = threading.Thread(target=read, daemon=True)
        self.thread.start()

    def frame_after(self, moment, deadline=5.0):
        end = time.perf_counter() + deadline
        while time.perf_counter() < end:
            later = [t for t in self.frames if t >= moment]
            if later:
                return later[0]
            time.sleep(0.001)
        raise TimeoutError(f"no frame within {deadline}s")

    def next_frame(self, deadline=5.0):
        buffer = b""
        end = time.perf_counter() + deadline
        while FRAME_END not in buffer:
            left = end - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no frame within {deadline}s")
            if select.select([self.fd], [], [], left)[0]:
                try:
                    buffer += os.read(self.fd, 65536)
                except BlockingIOError:
                    pass
        return time.perf_counter()

    def stop(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], stderr=subprocess.DEVNULL)
        if self.fd is not None:
            os.close(self.fd)
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_for(what, test, seconds=10.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = test()
        if found:
            return found
        time.sleep(0.05)
    raise TimeoutError(f"no {what} within {seconds}s")


def journal_size(data):
    paths = glob.glob(os.path.join(data, "records", "*", "journals", "*.jsonl"))
    return sum(os.path.getsize(p) for p in paths)


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def switches(pid):
    """Voluntary context switches (the program's own wake-ups) and involuntary ones (the
    host taking the core away), summed over its threads."""
    voluntary = involuntary = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        with open(status) as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches"):
                    voluntary += int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches"):
                    involuntary += int(line.split()[1])
    return voluntary, involuntary


def spread(name, values, unit="ms"):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    print(f"{name:<34} min {values[0]:7.2f}   median {statistics.median(values):7.2f}   "
          f"p90 {p90:7.2f}   max {values[-1]:7.2f} {unit}   (n={len(values)})")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    binary = os.path.abspath(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    data = tempfile.mkdtemp(prefix="convene-display-data-")
    with open(os.path.join(data, "device"), "w") as f:
        f.write(base64.b32hexencode(os.urandom(16)).decode().rstrip("=").lower() + "\n")
    facilitator = Pane([binary, "run"], data)
    display = None
    try:
        wait_for("the facilitator's record", lambda: journal_size(data) > 0)
        display = Pane([binary, "display"], data, read=True)
        wait_for("the display of the record", lambda: "waiting" not in display.screen() and display.screen().strip())
        # Start and pause: a paused countdown draws nothing of its own.
        for key in ("Space", "Space"):
            size = journal_size(data)
            facilitator.keys(key)
            wait_for("the journal line", lambda: journal_size(data) > size)
        time.sleep(0.5)
        display.drain(0.3)
        display.record_frames()
        journal = glob.glob(os.path.join(data, "records", "*", "journals", "*.jsonl"))[0]
        latencies, whole = [], []
        for _ in range(rounds):
            size = os.path.getsize(journal)
            sent = time.perf_counter()
            facilitator.keys("+")
            # The moment the line is seen in the file (it is fdatasync'd after): polled on
            # this thread while another reads the display's frames as they come. A frame
            # that comes before the growth is seen came within the polling delay: 0.
            while os.path.getsize(journal) <= size:
                time.sleep(0.0001)
            written = time.perf_counter()
            shown = display.frame_after(sent)
            latencies.append(max(0.0, shown - written) * 1000)
            whole.append((shown - sent) * 1000)
            time.sleep(0.05)
        display.reading = False
        display.thread.join()
        spread("journal line to display frame", latencies)
        spread("key sent to display frame", whole)

        # Idle: the countdown runs.
        facilitator.keys("Space")
        time.sleep(2)
        pid = display.pid()
        t0, c0, s0 = time.monotonic(), cpu_ticks(pid), switches(pid)
        end = t0 + seconds
        while time.monotonic() < end:
            display.drain(0.5)
        t1, c1, s1 = time.monotonic(), cpu_ticks(pid), switches(pid)
        hz = os.sysconf("SC_CLK_TCK")
        cpu = (c1 - c0) / hz / (t1 - t0) * 100
        span = t1 - t0
        print(f"{'idle, countdown running':<34} {cpu:.3f}% of a core, "
              f"{(s1[0] - s0[0]) / span:.2f} wake-ups/s "
              f"(+{(s1[1] - s0[1]) / span:.2f}/s taken by the host) over {span:.0f} s")
    finally:
        facilitator.stop()
        if display:
            display.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
