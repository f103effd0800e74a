#!/usr/bin/env bash
# Measures what convene costs while it waits: CPU time and wake-ups of the release binary in
# a tmux pane over a window of N seconds (default 60) with a countdown running.
#
#   scripts/measure-idle.sh [SECONDS] [-- convene args...]
#
# CPU time comes from /proc/PID/stat (utime + stime, in clock ticks), wake-ups from the
# context switches in /proc/PID/status, summed over all the process's threads.
set -euo pipefail
cd "$(dirname "$0")/.."
window=${1:-60}
shift || true
[ "${1:-}" = "--" ] && shift
args=("$@")

# CONVENE_BIN measures another build (an earlier release, for a before/after figure).
if [ -z "${CONVENE_BIN:-}" ]; then
  cargo build --release --quiet --bin convene
fi
bin=${CONVENE_BIN:-$PWD/target/release/convene}
work=$(mktemp -d)
sock=$work/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

cmd="exec '$bin'"
for a in "${args[@]}"; do cmd+=" '$a'"; done
tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 -e "CONVENE_DATA_DIR=$work/data" "$cmd"
pid=""
for _ in $(seq 100); do
  pid=$(tmux -S "$sock" display-message -p '#{pane_pid}' 2>/dev/null || true)
  if tmux -S "$sock" capture-pane -p | grep -q 'start/pause'; then break; fi
  sleep 0.05
done
tmux -S "$sock" send-keys Space
sleep 1

hz=$(getconf CLK_TCK)
sample() {
  local ticks=0 switches=0 ns=0
  for task in /proc/"$pid"/task/*; do
    read -r -a stat < <(sed 's/^.*) //' "$task/stat")
    ticks=$((ticks + stat[11] + stat[12]))
    switches=$((switches + $(awk '/ctxt_switches/ {s += $2} END {print s}' "$task/status")))
    ns=$((ns + $(cut -d' ' -f1 "$task/schedstat" 2>/dev/null || echo 0)))
  done
  echo "$ticks $switches $ns"
}
rss_kb() { awk '/VmRSS/ {print $2}' /proc/"$pid"/status; }

read -r t0 s0 n0 < <(sample)
start=$(date +%s.%N)
sleep "$window"
read -r t1 s1 n1 < <(sample)
end=$(date +%s.%N)
screen=$(tmux -S "$sock" capture-pane -p | grep -o 'running · [0-9:]*' || true)

awk -v n0="$n0" -v n1="$n1" -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v a="$start" -v b="$end" -v hz="$hz" \
    -v rss="$(rss_kb)" -v screen="$screen" -v cores="$(nproc)" 'BEGIN {
  secs = b - a
  printf "window          %.1f s (%d cores)\n", secs, cores
  printf "cpu             %.3f%% of one core (%d ticks of 1/%d s in /proc/PID/stat)\n", 100 * (t1 - t0) / hz / secs, t1 - t0, hz
  printf "cpu (schedstat) %.4f%% of one core (%.2f ms on CPU)\n", 100 * (n1 - n0) / 1e9 / secs, (n1 - n0) / 1e6
  printf "wake-ups        %.2f per second (%d context switches)\n", (s1 - s0) / secs, s1 - s0
  printf "resident memory %.1f MB\n", rss / 1024
  printf "screen          %s\n", screen
}'
