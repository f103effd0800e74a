//! Several note-takers as a new user meets them: three convene processes on one machine
//! (the facilitator's `convene run --share` and two `convene join`), each in its own tmux
//! pane with its own data folder, on the sample lab. One note-taker's network is cut (a
//! relay between it and the hub stops relaying) while all three capture, edit and delete;
//! once it is restored, the three replicas write byte-identical minutes, and `convene merge`
//! of the copies gives them too.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::proxy::Relay;
use support::{Pane, convene, only_record, read};

fn sample_lab() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/citizen-lab.toml").display().to_string()
}

const WAIT: Duration = Duration::from_secs(20);

/// The address and the code the facilitator's pairing panel shows.
fn pairing(hub: &Pane) -> (String, String) {
    let screen = hub.wait_for("the pairing code", WAIT, |s| {
        s.contains("convene join 127.0.0.1:") && s.contains("valid until")
    });
    let address = screen
        .split("convene join ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an address after `convene join`")
        .to_string();
    let code = screen
        .split(|c: char| c.is_whitespace() || c == '│')
        .find(|word| {
            word.len() == 9
                && word
                    .char_indices()
                    .all(|(i, c)| if i == 4 { c == '-' } else { c.is_ascii_digit() })
        })
        .expect("a code of 8 digits")
        .to_string();
    (address, code)
}

/// Starts `convene join ADDRESS` in its own folder and pairs it with the code.
fn join(dir: &Path, address: &str, code: &str) -> Pane {
    std::fs::create_dir_all(dir).expect("a folder for the note-taker");
    let pane = Pane::start(dir, &dir.join("data"), &["join", address], 130, 40);
    pane.wait_for("the code prompt", WAIT, |s| s.contains("Pairing code"));
    pane.type_text(code);
    pane.keys(&["Enter"]);
    pane.wait_for("the note-taker's live screen", WAIT, |s| {
        s.contains("as a note-taker") || s.contains("note-taker of hub")
    });
    pane
}

/// Captures one item: its kind's key, the text, Enter; waits until it is saved.
fn capture(pane: &Pane, key: &str, text: &str) {
    pane.keys(&[key]);
    pane.type_text(text);
    pane.keys(&["Enter"]);
    pane.wait_for(&format!("\"{text}\" saved"), WAIT, |s| s.contains("Saved ") && s.contains(text));
}

/// Presses Escape and waits until the screen took it: a key sent right after an Escape
/// would otherwise arrive with it as one Alt-key.
fn escape(pane: &Pane, gone: impl Fn(&str) -> bool) {
    pane.keys(&["Escape"]);
    pane.wait_for("Escape to be taken", WAIT, gone);
}

/// No item selected: the list shows the newest first, and no detail band is open.
fn unselect(pane: &Pane) {
    escape(pane, |s| {
        !s.lines().any(|line| {
            ["Question", "Concern", "Action", "Decision", "Idea", "Note"]
                .iter()
                .any(|kind| line.starts_with(&format!(" {kind} ")))
        })
    });
}

/// Closes the pairing panel.
fn close_pairing(pane: &Pane) {
    escape(pane, |s| !s.contains("Pair a note-taker"));
}

/// Selects the item whose detail band is titled `kind` ("Question", "Concern").
fn select(pane: &Pane, kind: &str) {
    unselect(pane);
    for _ in 0..6 {
        pane.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(150));
        if pane.screen().contains(&format!(" {kind} ")) {
            return;
        }
    }
    panic!("no {kind} could be selected; screen:\n{}", pane.screen());
}

/// Replaces the selected item's text.
fn edit(pane: &Pane, kind: &str, text: &str) {
    select(pane, kind);
    pane.keys(&["e"]);
    pane.keys(&["C-u"]);
    pane.type_text(text);
    pane.keys(&["Enter"]);
    pane.wait_for(&format!("the edit \"{text}\""), WAIT, |s| s.contains(text));
    unselect(pane);
}

fn record_of(data: &Path) -> PathBuf {
    only_record(data)
}

/// Waits until the files `name` of every record read the same, and returns that text.
fn converged(records: &[PathBuf], name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let texts: Vec<Option<String>> =
            records.iter().map(|r| std::fs::read_to_string(r.join(name)).ok()).collect();
        if let Some(Some(first)) = texts.first()
            && texts.iter().all(|t| t.as_ref() == Some(first))
        {
            return first.clone();
        }
        assert!(
            Instant::now() < deadline,
            "{name} differs between the replicas after 30 s:\n{}",
            texts
                .iter()
                .zip(records)
                .map(|(t, r)| format!(
                    "== {}\n{}",
                    r.display(),
                    t.as_deref().unwrap_or("(none)").lines().last().unwrap_or("")
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

const X: &str = "Is the dust from the plant measured near the school?";
const X_BY_B: &str = "Is the dust measured at Vestsiden school, and who reads it?";
const X_BY_A: &str = "Is the dust from the plant measured at Vestsiden school?";
const Y: &str = "Trucks on Tollboden road at night wake the children";
const Y_BY_B: &str = "Trucks on Tollboden road at night, twice a week";

#[test]
fn three_laptops_capture_through_a_network_cut_and_write_byte_identical_minutes() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let lab = sample_lab();
    let hub_dir = temp.path().join("facilitator");
    std::fs::create_dir_all(&hub_dir).expect("the facilitator's folder");
    let hub_data = hub_dir.join("data");
    let args =
        ["run", lab.as_str(), "--share", "--bind", "127.0.0.1", "--port", "0", "--peer-port", "0"];
    let hub = Pane::start(&hub_dir, &hub_data, &args, 130, 40);
    hub.wait_for("the note-takers' line", WAIT, |s| s.contains("note-takers: none paired yet"));

    // The first note-taker pairs directly.
    hub.keys(&["N"]);
    let (address, code) = pairing(&hub);
    let a = join(&temp.path().join("a"), &address, &code);
    hub.wait_for("the pairing's outcome", WAIT, |s| s.contains("Paired note-taker"));
    close_pairing(&hub);

    // A code is good for one attempt: the second note-taker needs a new one. It reaches the
    // hub through a relay the test can cut.
    let relay = Relay::start(address.parse().expect("a socket address"));
    hub.keys(&["N"]);
    let (_, code) = pairing(&hub);
    let b_address = relay.address().to_string();
    let b = join(&temp.path().join("b"), &b_address, &code);
    hub.wait_for("both paired", WAIT, |s| {
        s.contains("note-takers:") && s.matches("heard").count() >= 2
    });
    close_pairing(&hub);

    // A note-taker cannot run the sessions; the facilitator starts the first one.
    a.keys(&["Space"]);
    a.wait_for("the refusal", WAIT, |s| {
        s.contains("Only the facilitator's laptop runs the sessions")
    });
    hub.keys(&["Space"]);
    for pane in [&a, &b] {
        pane.wait_for("the session running everywhere", WAIT, |s| s.contains("running ·"));
    }
    capture(&hub, "q", X);
    capture(&hub, "c", Y);
    for pane in [&a, &b] {
        pane.wait_all(&[X, Y]);
    }

    // B's network goes down.
    relay.cut();
    b.wait_for("B offline", WAIT, |s| s.contains("OFFLINE"));
    // Online, A deletes Y; offline, B (which cannot know) edits it, and edits X; then A
    // edits X too, later by the clock.
    select(&a, "Concern");
    a.keys(&["x"]);
    a.wait_for("Y deleted", WAIT, |s| !s.contains(Y));
    hub.wait_for("Y deleted on the hub", WAIT, |s| !s.contains(Y));
    edit(&b, "Question", X_BY_B);
    edit(&b, "Concern", Y_BY_B);
    edit(&a, "Question", X_BY_A);
    hub.wait_all(&[X_BY_A]);

    // Everyone captures meanwhile.
    let mut captured = vec![X.to_string(), Y.to_string()];
    for round in 1..=5 {
        for (who, pane, key) in [("facilitator", &hub, "q"), ("A", &a, "c"), ("B", &b, "a")] {
            let text = format!("{who} during the cut, number {round}: the flare at Herøya");
            capture(pane, key, &text);
            captured.push(text);
        }
    }
    b.wait_for("B's lines waiting", WAIT, |s| s.contains("not yet delivered"));

    // The network is back: B catches up both ways.
    relay.restore();
    b.wait_for("B delivered", Duration::from_secs(30), |s| {
        s.contains("everything of mine delivered") && !s.contains("OFFLINE")
    });
    hub.wait_all(&["B during the cut, number 5"]);
    b.wait_all(&["A during the cut, number 5", X_BY_A]);
    for round in 1..=5 {
        for (who, pane, key) in [("facilitator", &hub, "d"), ("A", &a, "i"), ("B", &b, "q")] {
            if captured.len() == 30 {
                break;
            }
            let text = format!("{who} after the cut, number {round}: bus to Heistad");
            capture(pane, key, &text);
            captured.push(text);
        }
    }
    assert_eq!(captured.len(), 30);

    // The facilitator ends the event; every laptop writes its minutes.
    hub.keys(&["E"]);
    hub.wait_text("End the event");
    hub.keys(&["y"]);
    for pane in [&hub, &a, &b] {
        pane.wait_for("the minutes", WAIT, |s| s.contains("Minutes written"));
    }
    let records = [
        record_of(&hub_data),
        record_of(&temp.path().join("a/data")),
        record_of(&temp.path().join("b/data")),
    ];
    let minutes = converged(&records, "minutes.md");
    let public = converged(&records, "minutes.public.md");
    for text in captured.iter().filter(|t| *t != X && *t != Y) {
        assert!(minutes.contains(text.as_str()), "{text} is missing from the minutes:\n{minutes}");
    }
    // Delete wins over B's later edit; of the two edits of X, A's (later by the clock)
    // counts; B's stays in its journal, on every copy.
    assert!(!minutes.contains(Y_BY_B) && !minutes.contains(Y), "{minutes}");
    assert!(minutes.contains(X_BY_A) && !minutes.contains(X_BY_B), "{minutes}");
    for record in &records {
        let journals: String = std::fs::read_dir(record.join("journals"))
            .expect("the journals")
            .filter_map(|e| e.ok())
            .map(|e| read(&e.path()))
            .collect();
        assert!(journals.contains(X_BY_B), "B's edit is kept in {}", record.display());
    }
    let vector = minutes.lines().last().expect("the version vector");
    assert!(vector.starts_with("Record: journal entries per device: "), "{vector}");
    assert_eq!(vector.matches(" · ").count(), 2, "three laptops: {vector}");
    assert!(public.ends_with(&format!("{vector}\n")), "{public}");

    // Leave everywhere, then merge: the facilitator's journal alone, with the note-takers'
    // copies merged in from "USB sticks", gives the same minutes.
    for pane in [&hub, &a, &b] {
        pane.keys(&["q"]);
        pane.wait_exit();
    }
    let usb = temp.path().join("usb");
    let copy = usb.join(records[0].file_name().expect("a record name"));
    std::fs::create_dir_all(copy.join("journals")).expect("the copy's folders");
    std::fs::copy(records[0].join("agenda.toml"), copy.join("agenda.toml")).expect("the agenda");
    for entry in std::fs::read_dir(records[0].join("journals")).expect("the hub's journals") {
        let path = entry.expect("a journal").path();
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        // Only the hub's own journals: its device's and its inbox.
        if read(&path).contains("facilitator_changed") || name.ends_with("-inbox.jsonl") {
            std::fs::copy(&path, copy.join("journals").join(&name)).expect("copy a journal");
        }
    }
    let copy_arg = copy.display().to_string();
    let (a_copy, b_copy) = (records[1].display().to_string(), records[2].display().to_string());
    let merged = convene(&usb, &["merge", copy_arg.as_str(), a_copy.as_str(), b_copy.as_str()]);
    assert_eq!(merged.code, 0, "merge: {}", merged.stderr);
    let out = convene(&usb, &["minutes", copy_arg.as_str(), "-o", "-"]);
    assert_eq!(out.code, 0, "minutes: {}", out.stderr);
    assert_eq!(out.stdout, minutes, "merged from copies vs live sync");
}

#[test]
fn when_the_hub_laptop_dies_a_note_taker_continues_the_event_as_the_hub() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let lab = sample_lab();
    let hub_dir = temp.path().join("facilitator");
    std::fs::create_dir_all(&hub_dir).expect("the facilitator's folder");
    let args =
        ["run", lab.as_str(), "--share", "--bind", "127.0.0.1", "--port", "0", "--peer-port", "0"];
    let hub = Pane::start(&hub_dir, &hub_dir.join("data"), &args, 130, 40);
    hub.wait_for("the note-takers' line", WAIT, |s| s.contains("note-takers: none paired yet"));
    hub.keys(&["N"]);
    let (address, code) = pairing(&hub);
    let a = join(&temp.path().join("a"), &address, &code);
    hub.wait_for("the pairing's outcome", WAIT, |s| s.contains("Paired note-taker"));
    close_pairing(&hub);
    hub.keys(&["Space"]);
    capture(&hub, "q", X);
    capture(&a, "c", Y);
    hub.wait_all(&[X, Y]);
    a.wait_all(&[X, Y, "running ·"]);

    // The facilitator's laptop dies mid-session.
    let pid = hub.pid().expect("the hub's process");
    let killed = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    a.wait_for("the hub gone", WAIT, |s| s.contains("OFFLINE"));
    a.keys(&["C-q"]);
    a.wait_text("A session is running. Leave convene?");
    a.keys(&["y"]);
    a.wait_exit();
    let said = a.output();
    assert!(said.contains("convene run --resume"), "{said}");

    // The note-taker's replica continues as the hub: it runs the sessions from now on.
    let replica = record_of(&temp.path().join("a/data"));
    let replica_arg = replica.display().to_string();
    let taken_dir = temp.path().join("a-as-hub");
    std::fs::create_dir_all(&taken_dir).expect("a folder for the new hub's pane");
    let args = [
        "run",
        "--resume",
        replica_arg.as_str(),
        "--share",
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--peer-port",
        "0",
    ];
    let taken = Pane::start(&taken_dir, &temp.path().join("a/data"), &args, 130, 40);
    taken.wait_all(&[X, Y, "note-takers: none paired yet", "running ·"]);
    taken.keys(&["n"]);
    taken.wait_for("the next session", WAIT, |s| s.contains("Session 2/9"));
    let z = "Who checks the filters at the harbour after tonight?";
    capture(&taken, "q", z);
    // It pairs note-takers in turn.
    taken.keys(&["N"]);
    pairing(&taken);
    close_pairing(&taken);
    taken.keys(&["E"]);
    taken.wait_text("End the event");
    taken.keys(&["y"]);
    taken.wait_text("Minutes written");
    let minutes = read(&replica.join("minutes.md"));
    for text in [X, Y, z] {
        assert!(minutes.contains(text), "{text} is missing from the minutes:\n{minutes}");
    }
    assert!(minutes.contains("## 2. "), "session 2 was held: {minutes}");
}
