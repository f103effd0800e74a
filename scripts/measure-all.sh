#!/usr/bin/env bash
# Every whole-process figure of the Performance section, on this machine, in one run:
# start to first frame (200 sessions), and against tclock (clock-tui) in the same run,
# keystroke latency against cat, idle CPU, wake-ups and memory while a countdown runs, each
# with no items and with 10,000 items, and the fsync-family calls of each step of an event.
#
#   scripts/measure-all.sh [IDLE_SECONDS]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
window=${1:-60}

cargo build --release --quiet --bin convene --example bench_data
bin=$PWD/target/release/convene
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
target/release/examples/bench_data agenda 200 "$work/agenda-200.toml"
record=$(target/release/examples/bench_data record 10000 "$work/data")

echo; echo "== start to first frame, 200-session agenda"
python3 scripts/measure-latency.py "$bin" startup "$work/agenda-200.toml" 30

echo; echo "== start to first frame against tclock timer -d 25m (clock-tui), taking turns"
scripts/measure-startup.sh 30

echo; echo "== keystroke to screen, demo agenda, no items"
python3 scripts/measure-latency.py "$bin" keys 200 -- run
echo; echo "== keystroke to screen, 10,000 items in the session"
python3 scripts/measure-latency.py "$bin" keys 200 -- run --resume "$record"

echo; echo "== idle with a countdown running, demo agenda, no items (${window}s)"
scripts/measure-idle.sh "$window"
echo; echo "== idle with a countdown running, 10,000 items (${window}s)"
scripts/measure-idle.sh "$window" -- run --resume "$record"

echo; echo "== fsync-family calls at each step of an event, demo agenda"
scripts/count-fsyncs.sh
