//! Speed targets: drawing the main screen with 10,000 items, replaying 100,000 journal
//! events, writing both minutes for 10,000 items, a 100 KB paste.

use std::hint::black_box;
use std::time::Duration;

use chrono::DateTime;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::app::{App, Msg, update};
use convene::bench::entries;
use convene::journal::{encode, parse};
use convene::live::{Live, Now};
use convene::minutes::render_both;
use convene::tui::view::{Cache, Theme, draw, draw_cached};

fn start() -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").expect("a fixed time")
}

fn live_with(events: usize) -> (Live, Now) {
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda is valid");
    let mut live = Live::new(agenda);
    let mono = std::time::Instant::now();
    // Each entry applied at its own time, so the countdown stands at the same place (just
    // started) whatever the number of items: frames differ only by the items.
    for entry in entries(events, start()) {
        let now = Now { mono, wall: entry.at };
        live.apply_owned(entry, now).expect("the benchmark journal is valid");
    }
    (live, Now { mono, wall: start() })
}

fn draw_screen(c: &mut Criterion) {
    // 11,113 events (a hand-over, a session start, items and answers) hold 10,000 captured items (every tenth event answers a question).
    let (live, now) = live_with(11_113);
    assert_eq!(live.items.len(), 10_000);
    let app = App::new(live);
    let theme = Theme { color: true };
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("a test terminal");
    c.bench_function("draw 160x50, 10,000 items in the session", |b| {
        b.iter(|| {
            terminal.draw(|frame| draw(frame, black_box(&app), now, &theme)).expect("draw");
        })
    });
}

fn replay(c: &mut Criterion) {
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda is valid");
    let mut bytes = Vec::new();
    for entry in entries(100_000, start()) {
        bytes.extend_from_slice(encode(&entry).as_bytes());
    }
    let mut group = c.benchmark_group("journal");
    group.sample_size(20).measurement_time(Duration::from_secs(10));
    group.bench_function("replay 100,000 events (parse + fold)", |b| {
        // Resume keeps what it replays: dropping it is not part of the replay.
        b.iter_with_large_drop(|| {
            let contents = parse(black_box(&bytes));
            let mut live = Live::new(agenda.clone());
            let _ = live.replay(contents.entries, &contents.lines, Now::read());
            live
        })
    });
    group.finish();
}

fn minutes(c: &mut Criterion) {
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda is valid");
    let all = entries(11_113, start());
    let mut group = c.benchmark_group("minutes");
    group.sample_size(30);
    group.bench_function("both minutes, 10,000 items", |b| {
        b.iter(|| {
            let [internal, public] = render_both(&agenda, black_box(&all));
            black_box(internal.len() + public.len())
        })
    });
    group.finish();
}

/// The frame a keystroke in the capture line costs, with no items and with 10,000: the
/// growth target compares the two.
fn draw_growth(c: &mut Criterion) {
    let theme = Theme { color: true };
    for (name, events) in [("no items", 1), ("10,000 items", 11_113)] {
        let (live, now) = live_with(events);
        let mut app = App::new(live);
        app.mode = convene::app::Mode::Capture {
            line: "Will the dust reach the school? @ingrid #health".into(),
            kind: convene::event::ItemKind::Question,
            editing: None,
        };
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        c.bench_function(&format!("draw 120x40 capture line, {name}"), |b| {
            b.iter(|| {
                terminal.draw(|frame| draw(frame, black_box(&app), now, &theme)).expect("draw");
            })
        });
    }
}

/// The frame a running countdown costs each second: only time changed since the last one.
fn tick_growth(c: &mut Criterion) {
    let theme = Theme { color: true };
    for (name, events) in [("no items", 1), ("10,000 items", 11_113)] {
        let (live, now) = live_with(events);
        let app = App::new(live);
        let mut cache = Cache::default();
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        c.bench_function(&format!("tick frame 120x40, {name}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| draw_cached(frame, black_box(&app), now, &theme, &mut cache))
                    .expect("draw");
            })
        });
    }
}

/// A 100 KB bracketed paste into the capture line: cleaned, inserted in one step, cut at the
/// item limit, and the next frame drawn.
fn paste(c: &mut Criterion) {
    let theme = Theme { color: true };
    let (live, now) = live_with(1);
    let text: String = "The dust from the plant settles on the school yard every windy day. "
        .chars()
        .cycle()
        .take(100_000)
        .collect();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut app = App::new(live);
    c.bench_function("paste 100 KB into the capture line, and its frame", |b| {
        b.iter(|| {
            app.mode = convene::app::Mode::Capture {
                line: "".into(),
                kind: convene::event::ItemKind::Question,
                editing: None,
            };
            update(&mut app, Msg::Paste(black_box(text.clone())), now);
            terminal.draw(|frame| draw(frame, black_box(&app), now, &theme)).expect("draw");
        })
    });
}

criterion_group!(benches, draw_screen, draw_growth, tick_growth, replay, minutes, paste);
criterion_main!(benches);
