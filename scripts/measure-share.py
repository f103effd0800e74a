#!/usr/bin/env python3
"""Load on `convene run --share`, on loopback only: phones submitting, display clients
connected, and the facilitator's keystroke latency against `cat`'s echo while it runs.

The facilitator's convene (the demo agenda, `--share --bind 127.0.0.1`) runs in a tmux pane
(120x40) as in measure-latency.py; its frames are read back through `tmux pipe-pane`.

  1. Before the load: ROUNDS keystrokes into the capture line, `cat` and convene in turn
     (each key's time from send-keys to the frame that shows it; cat: to its echo).
  2. The load: DISPLAYS clients hold `GET /v1/display/stream` open for the whole run and
     count the snapshots they receive; PHONES simulated phones, each from its own loopback
     address (127.0.0.2, 127.0.0.3, ...: the server limits each address as it would each
     phone on the venue's Wi-Fi), each loading the form and submitting PER_PHONE questions
     at random moments spread over SECONDS. A submission's latency is from sending the POST
     to reading its `303 See Other` (the answer comes after the inbox line is fdatasync'd).
     Meanwhile keystrokes are measured again, cat and convene in turn, until the load ends.
  3. After: the inbox journal (journals/<hub>-inbox.jsonl) is read; every submission that
     was answered 303 must be there, once, with its exact text.

  measure-share.py BIN [PHONES] [SECONDS] [DISPLAYS] [PER_PHONE] [ROUNDS]
  (defaults: 200 phones, 60 s, 50 display clients, 1 question each, 150 keystrokes)
"""

import glob
import http.client
import importlib.util
import json
import os
import random
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("latency", os.path.join(HERE, "measure-latency.py"))
latency = importlib.util.module_from_spec(spec)
spec.loader.exec_module(latency)

FRAME_END = latency.FRAME_END


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def spread(name, values, unit="ms"):
    values = sorted(values)
    print(f"{name:<44} min {values[0]:7.2f}   median {statistics.median(values):7.2f}   "
          f"p90 {percentile(values, 0.9):7.2f}   p99 {percentile(values, 0.99):7.2f}   "
          f"max {values[-1]:7.2f} {unit}   (n={len(values)})")
    return statistics.median(values)


def wait_for_server(port, seconds=15.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


def form_fields(html):
    """The hidden inputs of the phone form: name → value."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


class Phone(threading.Thread):
    """One phone: its own source address, a form load and PER_PHONE submissions."""

    def __init__(self, index, port, moments, results):
        super().__init__(daemon=True)
        self.index, self.port, self.moments, self.results = index, port, moments, results
        self.source = (f"127.0.{(index + 2) // 256}.{(index + 2) % 256}", 0)

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                          source_address=self.source)

    def run(self):
        for n, moment in enumerate(self.moments):
            time.sleep(max(0.0, moment - time.time()))
            text = f"Phone {self.index} question {n}: is the dust from the plant measured near the school?"
            try:
                c = self.connection()
                c.request("GET", "/")
                fields = form_fields(c.getresponse().read().decode())
                fields["text"] = text
                body = urllib.parse.urlencode(fields)
                t0 = time.perf_counter()
                c.request("POST", "/ask", body=body,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
                response = c.getresponse()
                response.read()
                took = (time.perf_counter() - t0) * 1000
                c.close()
                self.results.append((text, response.status, took))
            except OSError as e:
                self.results.append((text, f"error: {e}", 0.0))


class Display(threading.Thread):
    """One browser display: the event stream held open for the whole run, snapshots and
    keep-alive comments (every 15 s) counted."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.port, self.stop, self.snapshots, self.alive, self.failed = port, stop, 0, 0, None

    def run(self):
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
            c.request("GET", "/v1/display/stream", headers={"Accept": "text/event-stream"})
            response = c.getresponse()
            while not self.stop.is_set():
                line = response.fp.readline()
                if not line:
                    if not self.stop.is_set():
                        self.failed = "the stream ended"
                    return
                if line.startswith(b"data:"):
                    self.snapshots += 1
                elif line.startswith(b":"):
                    self.alive += 1
        except OSError as e:
            if not self.stop.is_set():
                self.failed = str(e)


def frames_until(fd, key, deadline=5.0):
    """Reads frames until one shows `key` (other frames, a new submission's, may come first)."""
    buffer = b""
    end = time.time() + deadline
    while time.time() < end:
        buffer = latency.read_until(fd, FRAME_END, max(0.1, end - time.time()), buffer)
        i = buffer.index(FRAME_END) + len(FRAME_END)
        frame, buffer = buffer[:i], buffer[i:]
        if key in frame:
            return
    raise TimeoutError(f"no frame showed {key!r}")


def keystroke_rounds(convene, cat, rounds, until=None):
    """Keystrokes into both panes in turn: (convene ms, cat ms) lists."""
    ours, floor = [], []
    letters = b"abcdefghijklmnopqrstuvwxyz"
    i = 0
    while (until is None and i < rounds) or (until is not None and time.time() < until):
        key = letters[i % 26:i % 26 + 1]
        t0 = time.perf_counter()
        cat.send(key)
        latency.read_until(cat.fd, key)
        floor.append((time.perf_counter() - t0) * 1000)
        time.sleep(random.uniform(0.01, 0.03))
        latency.drain(convene.fd, 0.002)
        t0 = time.perf_counter()
        convene.send(key)
        frames_until(convene.fd, key)
        ours.append((time.perf_counter() - t0) * 1000)
        time.sleep(random.uniform(0.02, 0.05))
        i += 1
        if i % 60 == 0:
            # The capture line holds 60 letters: Escape empties it, q opens it again.
            convene.send(b"\x1b")
            time.sleep(0.05)
            convene.send(b"q")
            latency.drain(convene.fd, 0.1)
    return ours, floor


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    binary = os.path.abspath(args[0])
    phones = int(args[1]) if len(args) > 1 else 200
    seconds = float(args[2]) if len(args) > 2 else 60.0
    displays = int(args[3]) if len(args) > 3 else 50
    per_phone = int(args[4]) if len(args) > 4 else 1
    rounds = int(args[5]) if len(args) > 5 else 150
    data = tempfile.mkdtemp(prefix="convene-share-")
    port = free_port()
    env = latency.env_with(data)
    convene = latency.Tmux([binary, "run", "--share", "--bind", "127.0.0.1", "--port", str(port)], env)
    cat = latency.Tmux(["cat"], env)
    stop = threading.Event()
    try:
        convene.start()
        cat.start()
        latency.read_until(convene.fd, FRAME_END)
        wait_for_server(port)
        latency.drain(convene.fd, 0.3)
        # The first session runs (the room display counts down), and the capture line opens.
        convene.send(b" ")
        latency.drain(convene.fd, 0.3)
        convene.send(b"q")
        latency.drain(convene.fd, 0.3)
        latency.drain(cat.fd, 0.1)
        print(f"(2 cores; {phones} phones × {per_phone} over {seconds:.0f} s, {displays} display clients, "
              f"loopback port {port}; keystrokes in two tmux panes 120x40)")
        quiet_ours, quiet_cat = keystroke_rounds(convene, cat, rounds)

        streams = [Display(port, stop) for _ in range(displays)]
        for s in streams:
            s.start()
        results = []
        start = time.time() + 1.0
        workers = [Phone(i, port, sorted(start + random.uniform(0, seconds) for _ in range(per_phone)),
                         results) for i in range(phones)]
        for w in workers:
            w.start()
        loaded_ours, loaded_cat = keystroke_rounds(convene, cat, rounds, until=start + seconds)
        for w in workers:
            w.join(30)
        time.sleep(0.5)
        stop.set()

        print("-- before the load")
        cat_quiet = spread("cat echo (terminal floor)", quiet_cat)
        ours_quiet = spread("convene keystroke to frame", quiet_ours)
        print(f"{'convene above cat':<44} median {ours_quiet - cat_quiet:+7.2f} ms")
        print("-- during the load")
        cat_loaded = spread("cat echo (terminal floor)", loaded_cat)
        ours_loaded = spread("convene keystroke to frame", loaded_ours)
        print(f"{'convene above cat':<44} median {ours_loaded - cat_loaded:+7.2f} ms   "
              f"p90 {percentile(loaded_ours, 0.9) - percentile(loaded_cat, 0.9):+7.2f} ms")
        statuses = {}
        for _, status, _ in results:
            statuses[status] = statuses.get(status, 0) + 1
        print(f"submissions: {len(results)} sent, answers {statuses}")
        accepted = [(text, took) for text, status, took in results if status == 303]
        if accepted:
            spread("submit (POST → 303, inbox line fdatasync'd)", [t for _, t in accepted])
        counts = [s.snapshots for s in streams]
        alive = [s.alive for s in streams]
        failed = [s.failed for s in streams if s.failed]
        print(f"display clients: {len(streams)} connected for the whole run, snapshots received "
              f"per client min {min(counts)} max {max(counts)}, keep-alives min {min(alive)} "
              f"max {max(alive)}, {len(failed)} failed {failed[:3]}")

        inboxes = glob.glob(os.path.join(data, "records", "*", "journals", "*-inbox.jsonl"))
        stored = []
        for path in inboxes:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    entry = json.loads(line)
                    if entry.get("event") == "submission_received":
                        stored.append(entry["text"])
        missing = [t for t, _ in accepted if t not in stored]
        twice = len(stored) - len(set(stored))
        print(f"inbox journal: {len(stored)} submissions stored; {len(accepted)} acknowledged; "
              f"{len(missing)} acknowledged but missing; {twice} stored twice")
        ok = not missing and twice == 0 and len(accepted) == len(results) and not failed
        return 0 if ok else 1
    finally:
        stop.set()
        convene.stop()
        cat.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
