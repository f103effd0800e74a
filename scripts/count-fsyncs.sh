#!/usr/bin/env bash
# Counts the fsync-family calls (fsync, fdatasync, sync_file_range, syncfs) convene makes at
# each step of a short event on the demo agenda: the release binary runs under
# `strace -f -T` in a 120x40 tmux pane (a private server, `tmux -L fsyncs-PID`) with a
# temporary --data-dir, and keys go in with `tmux send-keys`.
#
#   scripts/count-fsyncs.sh
#
# A phase ends when the screen (capture-pane) shows its result; then the strace file is read
# up to its current line (once it has stopped growing), and the calls since the last phase
# are counted. Each phase prints one line, "phase: N fsync-family calls", with the calls by
# name and the time spent in them as strace -T saw it (strace slows each call a little).
# strace is installed with apt-get when it is missing. CONVENE_BIN measures another build.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v strace >/dev/null; then
  echo "strace is not installed: installing it with apt-get" >&2
  if ! { apt-get install -y -qq strace >&2 || { apt-get update -qq >&2 && apt-get install -y -qq strace >&2; }; }; then
    echo "error: strace is missing and apt-get could not install it; install strace and run scripts/count-fsyncs.sh again" >&2
    exit 1
  fi
fi
if [ -z "${CONVENE_BIN:-}" ]; then
  cargo build --release --quiet --bin convene
fi
bin=${CONVENE_BIN:-$PWD/target/release/convene}
work=$(mktemp -d)
trace=$work/strace.txt
# A data folder that already holds this installation's device id, as every start but the
# very first finds it.
mkdir -p "$work/data"
python3 -c 'import base64, os; print(base64.b32hexencode(os.urandom(16)).decode().rstrip("=").lower())' >"$work/data/device"
socket=fsyncs-$$
pane() { tmux -L "$socket" "$@"; }
socket_path=""
trap 'pane kill-server 2>/dev/null || true; rm -rf "$work"; [ -z "$socket_path" ] || rm -f "$socket_path"' EXIT

# The pane stays after the program exits, so that its end can be seen; a moment's pause
# lets tmux size the pane before the program starts.
printf 'set -gw remain-on-exit on\nset -g status off\n' >"$work/tmux.conf"
pane -f "$work/tmux.conf" new-session -d -x 120 -y 40 \
  "sleep 0.2; exec strace -f -T -e trace=fsync,fdatasync,sync_file_range,syncfs -o '$trace' '$bin' --data-dir '$work/data' run"
socket_path=$(pane display-message -p '#{socket_path}')

screen() { pane capture-pane -p -J; }
wait_for() {
  local text=$1
  for _ in $(seq 200); do
    if screen | grep -qF -- "$text"; then return; fi
    sleep 0.05
  done
  echo "error: the screen did not show \"$text\" within 10 s; it shows:" >&2
  screen >&2
  exit 1
}
wait_exit() {
  for _ in $(seq 200); do
    if [ "$(pane display-message -p '#{pane_dead}')" = 1 ]; then return; fi
    sleep 0.05
  done
  echo "error: convene did not leave within 10 s; the screen shows:" >&2
  screen >&2
  exit 1
}

# The strace file's line count once it has stopped growing for 0.2 s.
settled_lines() {
  local before now
  before=$(wc -l <"$trace")
  while true; do
    sleep 0.2
    now=$(wc -l <"$trace")
    [ "$now" = "$before" ] && break
    before=$now
  done
  echo "$now"
}

mark=0
phase() {
  local now
  now=$(settled_lines)
  # A call cut by another thread's is logged twice ("fdatasync(4 <unfinished ...>" and
  # "<... fdatasync resumed>"): it is counted by its name and "(", its time by its "<s>" end.
  awk -v from="$mark" -v to="$now" -v name="$1" -v main="${main:-0}" '
    NR > from && NR <= to {
      if (match($0, /(fsync|fdatasync|sync_file_range|syncfs)\(/)) {
        call = substr($0, RSTART, RLENGTH - 1); calls[call]++; total++
        if ($1 == main) ui++
      }
      if (match($0, /<[0-9.]+>$/)) seconds += substr($0, RSTART + 1, RLENGTH - 2)
    }
    END {
      by = ""
      for (call in calls) by = by (by == "" ? "" : ", ") call " " calls[call]
      printf "%s: %d fsync-family calls (%s%.2f ms in them), %d on the UI thread\n", name, total, (by == "" ? "" : by "; "), seconds * 1000, ui
    }' "$trace"
  mark=$now
}

wait_for "Recording to"
# The program's main (UI) thread: its thread id is the process id, strace's child.
main=$(pgrep -P "$(pane display-message -p '#{pane_pid}')" | head -1)
if [ -z "$main" ]; then
  echo "error: cannot find convene's process under strace" >&2
  exit 1
fi
echo "convene's UI thread: $main (the other threads' calls are the writer's)"
wait_for "space starts"
phase "start, the first frame and the record's creation (on the writer thread)"

pane send-keys Space
wait_for "running ·"
phase "start the session's timer (space)"

pane send-keys q
pane send-keys -l "Will the dust reach the school? #health"
pane send-keys Enter
wait_for "Captured in this session: 1 ·"
phase "one capture (q, a line, Enter)"

burst=()
for i in $(seq 10); do burst+=(q "burst item $i" Enter); done
pane send-keys "${burst[@]}"
wait_for "Captured in this session: 11 ·"
phase "a burst of 10 captures (sent at once)"

# n ends the running session, selects the next and starts it: three changes, one key.
pane send-keys n
wait_for "Session 2/"
phase "next session (n: end, select, start)"

pane send-keys E
wait_for "y yes"
pane send-keys y
wait_for "Minutes written:"
phase "end the event (E, y; the minutes written)"

pane send-keys q
wait_exit
phase "leave (q)"

mark=0
phase "the whole run"
journal=$(echo "$work"/data/records/*/journals/*.jsonl)
echo "journals/<device>.jsonl: $(wc -l <"$journal") lines (a header and one line per change)"
