//! Appending one journal line with fsync: the latency a note-taker waits for "saved".
//! Prints percentiles, since the tail matters more than the mean.

use std::time::Instant;

use chrono::DateTime;

use convene::bench::entries;
use convene::journal::{FORMAT, Header, Journal};

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs it once with few samples.
    let quick = !std::env::args().any(|a| a == "--bench");
    let samples = if quick { 20 } else { 2_000 };
    let dir = std::env::var_os("CONVENE_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("convene-fsync-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the bench journal");
    let start = DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").expect("a fixed time");
    let header = Header {
        convene_journal: FORMAT,
        program: "bench".into(),
        agenda_sha256: String::new(),
        title: "bench".into(),
        created: start,
        device: Some(convene::bench::DEVICE),
    };
    let path = dir.join("journal.jsonl");
    let mut journal = Journal::create(&path, header).expect("create the bench journal");
    let mut times: Vec<f64> = Vec::with_capacity(samples);
    for entry in entries(samples, start) {
        let t = Instant::now();
        journal.append(entry).expect("append");
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "journal append + fsync ({samples} appends in {}): p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        dir.parent().map(|d| d.display().to_string()).unwrap_or_default(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}
