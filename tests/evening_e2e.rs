//! The promises of an evening that hostile input, a failing disk or a hurried facilitator
//! used to break, checked on the real binary in tmux.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use support::Pane;

fn agenda() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/citizen-lab.toml")
}

fn journal(data: &Path) -> PathBuf {
    let records = data.join("records");
    let record = std::fs::read_dir(&records)
        .expect("a records folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .next()
        .expect("one record");
    support::journal_of(&record)
}

fn captured_lines(journal: &Path) -> Vec<String> {
    std::fs::read_to_string(journal)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"item_captured\"") || l.contains("ItemCaptured"))
        .map(str::to_string)
        .collect()
}

fn start(dir: &Path, width: u16, height: u16) -> (Pane, PathBuf) {
    let data = dir.join("data");
    let agenda = agenda();
    let pane = Pane::start(dir, &data, &["run", agenda.to_str().unwrap()], width, height);
    pane.wait_text("Porsgrunn Citizen Lab 2026");
    (pane, data)
}

#[test]
fn two_thousand_captures_sent_in_one_hundred_bursts_all_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let (pane, data) = start(dir.path(), 120, 40);
    // Each burst is about 1.2 KB of input arriving at once: more than the terminal reader
    // takes in one read.
    for burst in 0..100 {
        let mut keys = String::new();
        for n in 0..20 {
            keys.push_str(&format!(
                "qburst {burst:03} item {n:02} from the back row of the hall\r"
            ));
        }
        pane.type_text(&keys);
    }
    let journal = journal(&data);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while captured_lines(&journal).len() < 2000 {
        assert!(
            std::time::Instant::now() < deadline,
            "only {} of 2000 captures arrived; screen:\n{}",
            captured_lines(&journal).len(),
            pane.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let lines = captured_lines(&journal);
    assert_eq!(lines.len(), 2000);
    assert!(
        lines[1999].contains("burst 099 item 19 from the back row of the hall"),
        "{}",
        lines[1999]
    );
    pane.wait_text("Captured in this session: 2000");
}

#[test]
fn a_hundred_kilobyte_paste_is_cut_to_one_item_of_4000_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (pane, data) = start(dir.path(), 120, 40);
    let text: String = "The dust from the plant settles on the school yard every windy day. "
        .chars()
        .cycle()
        .take(100_000)
        .collect();
    let file = dir.path().join("paste.txt");
    std::fs::write(&file, &text).unwrap();
    pane.keys(&["c"]);
    pane.wait_text("concern ▸");
    pane.tmux(&["load-buffer", file.to_str().unwrap()]);
    // -p: a bracketed paste, as a terminal delivers one.
    pane.tmux(&["paste-buffer", "-p"]);
    pane.wait_text("An item holds at most 4000 characters: 96000 characters cut off");
    // The countdown line and the rest of the screen still answer at once.
    pane.keys(&["Enter"]);
    pane.wait_all(&["Captured in this session: 1", "Saved concern 1"]);
    let lines = captured_lines(&journal(&data));
    assert_eq!(lines.len(), 1);
    let kept: String = text.chars().take(4000).collect();
    assert!(
        lines[0].contains(&format!("\"text\":\"{}\"", kept.trim_end())),
        "{}",
        &lines[0][..200]
    );
}

#[test]
fn ctrl_c_in_the_capture_line_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (pane, data) = start(dir.path(), 120, 40);
    pane.keys(&["q"]);
    pane.wait_text("question ▸");
    pane.type_text("Who measures the water in the fjord?");
    pane.keys(&["C-c"]);
    pane.wait_text("The line you are typing is not saved yet");
    pane.keys(&["n"]);
    pane.wait_text("question ▸ Who measures the water in the fjord?");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved question 1");
    assert_eq!(captured_lines(&journal(&data)).len(), 1);
    assert!(!pane.exited());
}

#[test]
fn keys_wait_while_the_terminal_is_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let (pane, _data) = start(dir.path(), 120, 40);
    pane.resize(40, 10);
    pane.wait_text("terminal too small");
    pane.keys(&["Space"]);
    pane.keys(&["q"]);
    pane.type_text("x");
    std::thread::sleep(Duration::from_millis(300));
    pane.resize(120, 40);
    // The whole frame, down to the footer (which differs when the capture line is open).
    let screen = pane.wait_for("the whole screen", Duration::from_secs(10), |s| {
        let footer = ["start/pause", "Enter save", "Recording to"];
        s.contains("Session 1/") && footer.iter().any(|f| s.contains(f))
    });
    assert!(!screen.contains("running ·"), "space must not have started the timer:\n{screen}");
    assert!(!screen.contains("question ▸"), "q must not have opened the capture line:\n{screen}");
}

#[test]
fn term_dumb_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = agenda();
    let pane = Pane::start_with_term(
        dir.path(),
        &data,
        &["run", agenda.to_str().unwrap()],
        120,
        40,
        "dumb",
    );
    pane.wait_exit();
    let out = pane.output();
    assert!(
        out.contains(
            "error: the live screen needs a terminal that can move the cursor, and TERM=dumb cannot"
        ),
        "{out}"
    );
    assert!(!data.join("records").exists(), "nothing recorded");
}

/// Makes a path immutable for as long as it lives (root on ext4 and most Linux file systems).
struct Immutable(Vec<PathBuf>);

impl Immutable {
    fn set(paths: &[PathBuf]) -> Immutable {
        for path in paths {
            let status = Command::new("chattr").arg("+i").arg(path).status().expect("chattr runs");
            assert!(
                status.success(),
                "chattr +i {} (needs root and a file system with attributes)",
                path.display()
            );
        }
        Immutable(paths.to_vec())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = Command::new("chattr").arg("-i").arg(path).status();
        }
    }
}

#[test]
fn a_failing_disk_says_not_saved_and_leaving_writes_the_changes_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (pane, data) = start(dir.path(), 120, 40);
    pane.keys(&["q"]);
    pane.type_text("Will the trucks use the school road?\r");
    pane.wait_text("Saved question 1");
    let journal = journal(&data);
    let journals = journal.parent().unwrap().to_path_buf();
    let record = journals.parent().unwrap().to_path_buf();
    let guard = Immutable::set(&[journal.clone(), journals.clone()]);
    pane.keys(&["c"]);
    pane.type_text("Noise from the night shift\r");
    let screen = pane.wait_text("NOT SAVED — kept in memory: concern 2");
    assert!(!screen.contains("Saved concern"), "{screen}");
    pane.keys(&["C-q"]);
    pane.wait_text("1 change is NOT SAVED");
    pane.keys(&["w"]);
    pane.wait_exit();
    drop(guard);
    let out = pane.output();
    let rescued = dir
        .path()
        .join(format!("convene-unsaved-{}", record.file_name().unwrap().to_string_lossy()));
    assert!(out.contains(&format!("every change was written to {}", rescued.display())), "{out}");
    // The copy is a whole record: its minutes hold both items.
    let minutes = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["minutes", rescued.to_str().unwrap(), "-o", "-"])
        .output()
        .unwrap();
    let minutes = String::from_utf8_lossy(&minutes.stdout);
    assert!(minutes.contains("Will the trucks use the school road?"), "{minutes}");
    assert!(minutes.contains("Noise from the night shift"), "{minutes}");
    // The record on the failing disk still holds what was saved before.
    assert_eq!(captured_lines(&journal).len(), 1);
}
