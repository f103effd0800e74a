//! Signals while the record's disk hangs: SIGTERM and SIGHUP restore the terminal and end
//! convene within two seconds, though a write never returns. The real (debug) binary runs
//! in tmux with its test-only hook CONVENE_TEST_HANG_WRITES=1, which hangs its writer thread
//! before its first write, as a dead network folder or a pulled USB stick would.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::Pane;

fn agenda() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/citizen-lab.toml")
}

/// Starts convene with a hung writer, captures a question (which stays "Saving…"), sends
/// `signal`, and checks the terminal comes back within two seconds.
fn a_signal_restores_the_terminal_while_a_write_hangs(signal: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = agenda();
    let pane = Pane::start_with_env(
        dir.path(),
        &data,
        &["run", agenda.to_str().unwrap()],
        120,
        40,
        "xterm-256color",
        &[("CONVENE_TEST_HANG_WRITES", "1")],
    );
    pane.wait_text("Porsgrunn Citizen Lab 2026");
    // The screen is up before the record is created: its folder holds no journal yet.
    let records: Vec<PathBuf> =
        std::fs::read_dir(data.join("records")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(!records[0].join("journals").exists());

    pane.keys(&["q"]);
    pane.wait_text("question ▸");
    pane.type_text("Will the dust reach the school?");
    pane.keys(&["Enter"]);
    pane.wait_all(&["Saving question 1…", "Will the dust reach the school?"]);
    pane.wait_text("SAVING… the record's disk has not answered for");
    assert_eq!(pane.format("#{alternate_on}"), "1");

    let pid = pane.pid().expect("pane pid");
    let sent = Instant::now();
    let status = Command::new("kill").args([signal, &pid.to_string()]).status().unwrap();
    assert!(status.success());
    while !pane.exited() {
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "convene did not leave within 2 s of {signal}; screen:\n{}",
            pane.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(pane.format("#{alternate_on}"), "0", "the alternate screen is still on");
    // tmux marks the pane dead when the terminal closes, and reads the exit status when it
    // reaps the process, which it sometimes leaves for later: then the process must be gone
    // (a zombie waiting for tmux, or reaped).
    let reaped = Instant::now();
    while pane.format("#{pane_dead_status}").is_empty() && reaped.elapsed() < Duration::from_secs(1)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    match pane.format("#{pane_dead_status}").as_str() {
        "" => {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = stat.rsplit(") ").next().and_then(|rest| rest.split(' ').next());
            assert!(matches!(state, None | Some("Z")), "convene still runs: {stat}");
        }
        status => assert_eq!(status, code.to_string()),
    }
    let output = pane.output();
    assert!(!pane.screen().contains("Porsgrunn Citizen Lab 2026"), "{output}");
    assert!(
        output.contains(&format!(
            // The hand-over of the sessions to this laptop, and the question.
            "warning: 2 changes not saved in {} were left behind on a signal",
            records[0].display()
        )),
        "{output}"
    );
}

#[test]
fn sigterm_restores_the_terminal_within_two_seconds_while_a_write_hangs() {
    a_signal_restores_the_terminal_while_a_write_hangs("-TERM", 128 + 15);
}

#[test]
fn sighup_restores_the_terminal_within_two_seconds_while_a_write_hangs() {
    a_signal_restores_the_terminal_while_a_write_hangs("-HUP", 128 + 1);
}
