//! Capture, crash and resume, as a note-taker lives it: the real binary in tmux, killed
//! with SIGKILL mid-event, and continued with `convene run --resume`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Pane, field_after};

fn agenda() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/citizen-lab.toml")
}

fn kill9(pane: &Pane) {
    let pid = pane.pid().expect("pane pid");
    let status = Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    pane.wait_exit();
}

/// Seconds left on the running countdown, read from the status line.
fn seconds_left(screen: &str) -> i64 {
    let shown = field_after(screen, "running · ").expect("a running countdown");
    let clock: String = shown.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
    let (m, s) = clock.split_once(':').expect("MM:SS");
    m.parse::<i64>().unwrap() * 60 + s.parse::<i64>().unwrap()
}

fn capture(pane: &Pane, key: &str, text: &str, count: usize) {
    pane.keys(&[key]);
    pane.wait_text("▸");
    pane.type_text(text);
    pane.keys(&["Enter"]);
    pane.wait_text(&format!("Captured in this session: {count}"));
    // Shown as saved only once the writer made it durable: only then may a crash not lose it.
    pane.wait_text("Saved ");
}

fn records(data: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.join("records"))
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

#[test]
fn captured_items_survive_sigkill_and_come_back_on_resume() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = agenda();
    let agenda = agenda.to_str().unwrap();
    let pane = Pane::start(dir.path(), &data, &["run", agenda], 120, 40);
    pane.wait_text("Porsgrunn Citizen Lab 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");

    capture(&pane, "q", "Will the dust reach the school? @residents #health", 1);
    pane.keys(&["n"]);
    pane.wait_text("Session 2/9");
    capture(&pane, "c", "Trucks through the village at night #traffic", 1);
    capture(&pane, "a", "Publish the dust measurements >Clara due:2026-06-01 #environment", 2);
    let before = pane.wait_all(&["Publish the dust measurements → Clara due 1 Jun #environment"]);
    let left_before = seconds_left(&before);

    kill9(&pane);
    drop(pane);

    let dir2 = tempfile::tempdir().unwrap();
    let pane = Pane::start(dir2.path(), &data, &["run", "--resume", agenda], 120, 40);
    let screen = pane.wait_all(&[
        "Resumed: ",
        "Session 2/9",
        "running ·",
        "Captured in this session: 2",
        "Trucks through the village at night #traffic",
        "Publish the dust measurements → Clara due 1 Jun #environment",
    ]);
    // The timer is where it was, having run on while the laptop was down.
    let left_after = seconds_left(&screen);
    assert!(
        left_after <= left_before && left_before - left_after < 10,
        "{left_before} → {left_after}"
    );

    // Looking back shows session 1 and its items; session 2 runs on and r returns to it.
    pane.keys(&["p"]);
    pane.wait_all(&[
        "Viewing session 1/9",
        "▶ Session 2 runs · ",
        "Q open Will the dust reach the school? — Local residents #health",
    ]);
    pane.keys(&["r"]);
    pane.wait_all(&["Session 2/9", "running ·", "Trucks through the village at night #traffic"]);
    assert_eq!(records(&data).len(), 1, "resume continues the same record");
}

#[test]
fn repeated_kills_at_different_points_lose_no_acknowledged_item() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = agenda();
    let agenda = agenda.to_str().unwrap();
    let mut count = 0;
    for round in 0..3 {
        let pane_dir = tempfile::tempdir().unwrap();
        let args: Vec<&str> =
            if round == 0 { vec!["run", agenda] } else { vec!["run", "--resume", agenda] };
        let pane = Pane::start(pane_dir.path(), &data, &args, 100, 30);
        pane.wait_text(&format!("Captured in this session: {count}"));
        if round == 0 {
            pane.keys(&["Space"]);
            pane.wait_text("running ·");
        }
        for i in 0..=round {
            count += 1;
            capture(&pane, "i", &format!("idea {count} from round {round}, item {i}"), count);
        }
        match round {
            // Killed while idle, while typing an unsaved line, and right after a save.
            0 => {}
            1 => {
                pane.keys(&["q"]);
                pane.type_text("this line was never saved");
                pane.wait_text("never saved");
            }
            _ => pane.keys(&["Space"]),
        }
        kill9(&pane);
    }
    let pane_dir = tempfile::tempdir().unwrap();
    // Tall enough for every item of the session to be listed.
    let pane = Pane::start(pane_dir.path(), &data, &["run", "--resume", agenda], 100, 50);
    let total = format!("Captured in this session: {count}");
    let ideas: Vec<String> = (1..=count).map(|n| format!("idea {n} from round")).collect();
    let mut wanted: Vec<&str> = ideas.iter().map(String::as_str).collect();
    wanted.push(&total);
    let screen = pane.wait_all(&wanted);
    assert!(!screen.contains("never saved"), "{screen}");
    let journal = std::fs::read_to_string(support::journal_of(&records(&data)[0])).unwrap();
    assert_eq!(journal.matches("\"event\":\"item_captured\"").count(), count);
}

#[test]
fn a_second_instance_says_who_holds_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = agenda();
    let agenda = agenda.to_str().unwrap();
    let first = Pane::start(dir.path(), &data, &["run", agenda], 100, 30);
    first.wait_text("Recording to");
    let pid = first.pid().unwrap();
    // The record is created (and locked) by the first one's writer once its screen is up.
    first.wait_for("the record's journal", std::time::Duration::from_secs(10), |_| {
        records(&data).first().is_some_and(|r| r.join("journals").is_dir())
    });

    let dir2 = tempfile::tempdir().unwrap();
    let second = Pane::start(dir2.path(), &data, &["run", "--resume", agenda], 100, 30);
    second.wait_exit();
    let screen = second.output();
    assert!(screen.contains("error: the record"), "{screen}");
    assert!(screen.contains(&format!("(process {pid})")), "{screen}");
    // The first one is untouched and still running.
    assert!(!first.exited());
}

#[test]
fn resume_without_a_record_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = agenda();
    let pane =
        Pane::start(dir.path(), &data, &["run", "--resume", agenda.to_str().unwrap()], 120, 40);
    pane.wait_exit();
    let screen = pane.output();
    assert!(screen.contains("error: no unfinished record"), "{screen}");
    assert!(!screen.contains("panicked"), "{screen}");
}

#[test]
fn typed_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pane = Pane::start(dir.path(), &data, &["run", agenda().to_str().unwrap()], 120, 40);
    pane.wait_text("Porsgrunn");
    pane.keys(&["c"]);
    pane.wait_text("▸");
    // An OSC title change, a screen clear and a bell, typed or pasted as raw bytes.
    pane.type_text("before \u{1b}]0;pwned\u{7}\u{1b}[2J after");
    pane.keys(&["Enter"]);
    let screen = pane.wait_all(&["Captured in this session: 1", "Saved concern 1"]);
    assert!(screen.contains("Porsgrunn Citizen Lab 2026"), "the screen was not cleared:\n{screen}");
    let journal = std::fs::read_to_string(support::journal_of(&records(&data)[0])).unwrap();
    assert!(!journal.contains("pwned\\u0007"), "{journal}");
    assert!(!journal.contains("\\u001b"), "{journal}");
}
