//! Makes data for the measuring scripts.
//!
//!   bench_data agenda SESSIONS FILE      an agenda with SESSIONS sessions
//!   bench_data record ITEMS DATA_DIR     a paused, unfinished record of the demo agenda with
//!                                        ITEMS captured items in its first session; prints
//!                                        the record folder
//!   bench_data replay EVENTS RUNS        parses and folds a journal of EVENTS events RUNS
//!                                        times; prints min / median / max in ms (the
//!                                        minimum is what host noise cannot inflate)

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::DateTime;

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::bench::{agenda_text, entries};
use convene::journal::Change;
use convene::record;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["agenda", sessions, file] => sessions
            .parse::<usize>()
            .map_err(|e| format!("SESSIONS: {e}"))
            .and_then(|n| std::fs::write(file, agenda_text(n)).map_err(|e| format!("{file}: {e}"))),
        ["record", items, data] => items
            .parse::<usize>()
            .map_err(|e| format!("ITEMS: {e}"))
            .and_then(|n| make_record(n, PathBuf::from(data))),
        ["replay", events, runs] => match (events.parse::<usize>(), runs.parse::<usize>()) {
            (Ok(events), Ok(runs)) if runs > 0 => {
                replay(events, runs);
                Ok(())
            }
            _ => Err("EVENTS and RUNS are numbers, RUNS at least 1".into()),
        },
        ["minutes", runs] => match runs.parse::<usize>() {
            Ok(runs) if runs > 0 => {
                minutes(runs);
                Ok(())
            }
            _ => Err("RUNS is a number, at least 1".into()),
        },
        _ => Err("usage: bench_data agenda SESSIONS FILE | bench_data record ITEMS DATA_DIR | bench_data replay EVENTS RUNS | bench_data minutes RUNS".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn replay(events: usize, runs: usize) {
    let Some(agenda) = parse_agenda(DEMO_AGENDA).agenda else { return };
    let Ok(start) = DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00") else { return };
    let mut bytes = Vec::new();
    for entry in entries(events, start) {
        bytes.extend_from_slice(convene::journal::encode(&entry).as_bytes());
    }
    let mut reads = Vec::new();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            let contents = convene::journal::parse(&bytes);
            reads.push(t.elapsed().as_secs_f64() * 1e3);
            let mut live = convene::live::Live::new(agenda.clone());
            let refused =
                live.replay(contents.entries, &contents.lines, convene::live::Now::read());
            let took = t.elapsed().as_secs_f64() * 1e3;
            assert!(refused.is_empty(), "{refused:?}");
            drop(live);
            took
        })
        .collect();
    times.sort_by(f64::total_cmp);
    reads.sort_by(f64::total_cmp);
    println!(
        "replay {events} events ({} MB), {runs} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms (reading alone: median {:.1} ms)",
        bytes.len() / 1_000_000,
        times[0],
        times[runs / 2],
        times[runs - 1],
        reads[runs / 2]
    );
}

/// Both minutes of 10,000 items, as the `minutes` bench writes them, RUNS times: min /
/// median / max, and the median of each part (the fold, each version's model, each Markdown).
fn minutes(runs: usize) {
    use convene::minutes::{Audience, Minutes, fold, markdown};
    let Some(agenda) = parse_agenda(DEMO_AGENDA).agenda else { return };
    let Ok(start) = DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00") else { return };
    let all = entries(11_113, start);
    let mut parts: Vec<[f64; 6]> = Vec::new();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let at = |p: &mut [f64; 6], i: usize, since: &mut std::time::Instant| {
            p[i] = since.elapsed().as_secs_f64() * 1e3;
            *since = std::time::Instant::now();
        };
        let mut p = [0.0; 6];
        let mut since = std::time::Instant::now();
        let replayed = fold(&agenda, &all);
        at(&mut p, 0, &mut since);
        let internal = Minutes::build(&replayed, Audience::Internal);
        at(&mut p, 1, &mut since);
        let public = Minutes::build(&replayed, Audience::Public);
        at(&mut p, 2, &mut since);
        let a = markdown(&internal);
        at(&mut p, 3, &mut since);
        let b = markdown(&public);
        at(&mut p, 4, &mut since);
        p[5] = t.elapsed().as_secs_f64() * 1e3;
        assert!(!a.is_empty() && !b.is_empty());
        parts.push(p);
    }
    let median = |i: usize| {
        let mut v: Vec<f64> = parts.iter().map(|p| p[i]).collect();
        v.sort_by(f64::total_cmp);
        (v[0], v[v.len() / 2], v[v.len() - 1])
    };
    let (min, med, max) = median(5);
    println!(
        "both minutes, 10,000 items, {runs} runs: min {min:.1} ms, median {med:.1} ms, max {max:.1} ms (medians: fold {:.1}, internal model {:.1}, public model {:.1}, internal Markdown {:.1}, public Markdown {:.1})",
        median(0).1,
        median(1).1,
        median(2).1,
        median(3).1,
        median(4).1
    );
}

fn make_record(items: usize, data: PathBuf) -> Result<(), String> {
    let agenda = parse_agenda(DEMO_AGENDA).agenda.ok_or("the demo agenda has errors")?;
    let start =
        DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").map_err(|e| e.to_string())?;
    let device = convene::bench::DEVICE;
    let (mut rec, _) =
        record::create(&data, device, &agenda, DEMO_AGENDA, start).map_err(|e| e.to_string())?;
    // Every tenth event answers a question, so items / 0.9 events hold `items` items.
    let mut all = entries(items + items / 9 + 2, start);
    let mut count = 0;
    all.retain(|e| {
        if matches!(e.change, Change::ItemCaptured { .. }) {
            count += 1;
            count <= items
        } else {
            true
        }
    });
    let last = all.last().cloned().ok_or("no entries")?;
    all.push(convene::journal::Entry {
        seq: last.seq + 1,
        clock: convene::event::Hlc(last.clock.0 + 1),
        change: Change::SessionPaused { session: 0, elapsed_ms: 60_000 },
        ..last
    });
    // The record was created with its first line, the hand-over to this device.
    for entry in all.into_iter().skip(1) {
        rec.journal.append(entry).map_err(|e| e.to_string())?;
    }
    println!("{}", rec.dir.display());
    Ok(())
}
