#!/usr/bin/env bash
# Start to first frame of convene against clock-tui's `tclock timer -d 25m` (a countdown in
# large digits, like convene's), in the same run: the programs take turns, round by round,
# so that whatever else the machine does hits them alike. convene runs `run` on the demo
# agenda and on a 200-session agenda, each launch with a fresh temporary --data-dir (so its
# first frame includes creating the record, as at a real event). Every program gets a
# 120x40 terminal.
#
#   scripts/measure-startup.sh [--tmux] [ROUNDS]      (default 30 launches of each)
#
# First frame, the same for every program: the time from spawn until the first cursor hide
# (ESC [ ? 25 l) is read back from the terminal. ratatui writes it at the end of every
# Terminal::draw, after the frame's last cell (convene is on ratatui 0.30, tclock on 0.25),
# so it is the last byte of the first full screen paint; convene's synchronized-update end
# (ESC [ ? 2026 l) follows it in the same write. A first frame without the big digits
# (U+2588) is not a full paint and stops the run. By default the programs run on a bare
# pseudo-terminal and the clock starts before the fork; with --tmux they run in a tmux pane,
# held at a gate, and the clock starts when the gate opens (that adds tmux's cost to both).
#
# Prints min / median / p90 / max in ms for each program and the ratio of the medians,
# convene over tclock. tclock is installed with `cargo install clock-tui` when it is
# missing; when that fails too, convene is measured alone and the peer is said to be
# unmeasured. CONVENE_BIN measures another build of convene.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
if [ "${1:-}" = "--tmux" ]; then
  shift
else
  mode=(--pty)
fi
rounds=${1:-30}

if [ -z "${CONVENE_BIN:-}" ]; then
  cargo build --release --quiet --bin convene --example bench_data
else
  cargo build --release --quiet --example bench_data
fi
bin=${CONVENE_BIN:-$PWD/target/release/convene}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/bench_data agenda 200 "$work/agenda-200.toml"

find_tclock() {
  command -v tclock 2>/dev/null && return
  local cargo_bin=${CARGO_HOME:-$HOME/.cargo}/bin/tclock
  if [ -x "$cargo_bin" ]; then echo "$cargo_bin"; fi
}
tclock=$(find_tclock || true)
if [ -z "$tclock" ]; then
  echo "tclock (clock-tui) is not installed: installing it with cargo install clock-tui" >&2
  if nice cargo install --quiet clock-tui >&2; then
    tclock=$(find_tclock || true)
  fi
fi

peer=()
if [ -n "$tclock" ]; then
  peer=(-- "$tclock" timer -d 25m)
  version=$(cargo install --list 2>/dev/null | awk '/^clock-tui / {sub(":", "", $2); print $2}')
  echo "peer: tclock (clock-tui ${version:-of unknown version}) at $tclock"
else
  echo "the peer could not be measured: tclock is not installed and cargo install clock-tui failed; convene alone"
fi
echo "convene: $bin"
python3 scripts/measure-latency.py "${mode[@]}" "$bin" versus "$rounds" "$work/agenda-200.toml" "${peer[@]}"
