//! The parking lot as a facilitator uses it: the real binary in tmux on the sample council,
//! an item captured straight into the lot with `!park`, another parked with `L` and an owner,
//! one marked resolved in the lot; then the journal and both minutes read back.

mod support;

use support::{Pane, journal_of, read};

const COUNCIL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/agendas/policy-council.toml");
const SESSION: &str = "1. Welcome, tour de table and the Chatham House Rule";

/// The lines of `markdown` from the line `from` to the next blank line.
fn block<'a>(markdown: &'a str, from: &str) -> Vec<&'a str> {
    markdown.lines().skip_while(|l| *l != from).take_while(|l| !l.is_empty()).collect()
}

#[test]
fn a_parked_item_appears_with_its_owner_in_both_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pane = Pane::start(dir.path(), &data, &["run", COUNCIL], 120, 40);
    pane.wait_text("Policy Council 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");

    // Straight into the lot, the line's owner following it up.
    pane.keys(&["q"]);
    pane.wait_text("question ▸");
    pane.type_text("Who certifies the origin of recycled magnets? @kari >civil !park");
    pane.wait_text("owner Civil society · parked");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved question 1 in the parking lot, owner Civil society");

    // Parked afterwards: L asks for the owner, Tab completes the name.
    pane.keys(&["c"]);
    pane.type_text("Recycling targets nobody can check @katarzyna");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved concern 2");
    pane.keys(&["Up", "L"]);
    pane.wait_text("park concern 2 · owner ▸");
    pane.type_text("katar");
    pane.keys(&["Tab"]);
    pane.wait_text("owner ▸ Katarzyna Nowak");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved concern 2 in the parking lot, owner Katarzyna Nowak");
    pane.wait_text("[parked]");

    // The lot: the first one is followed up already.
    // Apart: an Escape and the next key together arrive as one Alt-key.
    pane.keys(&["Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    pane.keys(&["l"]);
    pane.wait_text("Parking lot · 2 parked · 2 open");
    pane.keys(&["Space"]);
    pane.wait_all(&["Saved question 1 as resolved", "Parking lot · 2 parked · 1 open"]);
    // The timer kept running behind the lot.
    pane.keys(&["Escape"]);
    pane.wait_text("running ·");
    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["q"]);
    pane.wait_exit();

    let record = support::only_record(&data);
    let journal = read(&journal_of(&record));
    let parking: Vec<serde_json::Value> = journal
        .lines()
        .skip(1)
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .filter(|line| line["event"].as_str().is_some_and(|e| e.contains("park")))
        .map(|mut line| {
            for field in ["v", "device", "seq", "clock", "at", "crc"] {
                line.as_object_mut().map(|o| o.remove(field));
            }
            line
        })
        .collect();
    let id = |n: u64| {
        let capture = journal.lines().filter(|l| l.contains("\"item_captured\"")).nth(n as usize);
        let line: serde_json::Value = serde_json::from_str(capture.expect("a capture")).unwrap();
        line["item"].clone()
    };
    assert_eq!(
        parking,
        [
            serde_json::json!({"event": "item_parked", "item": id(0), "owner": {"group": "civil-society"}}),
            serde_json::json!({"event": "item_parked", "item": id(1), "owner": {"participant": "Katarzyna Nowak"}}),
            serde_json::json!({"event": "parked_resolved", "item": id(0), "resolved": true}),
        ]
    );

    // Chatham House: the public minutes show a person who did not consent by her group.
    let internal = read(&record.join("minutes.md"));
    let public = read(&record.join("minutes.public.md"));
    assert_eq!(
        block(&internal, "| Item | Owner | Status | Session |"),
        [
            "| Item | Owner | Status | Session |",
            "|---|---|---|---|",
            &format!(
                "| **Question** Who certifies the origin of recycled magnets? — *Kari Nordvik* | Civil society | resolved | {SESSION} |"
            ),
            &format!(
                "| **Concern** Recycling targets nobody can check — *Katarzyna Nowak* | Katarzyna Nowak | open | {SESSION} |"
            ),
        ]
    );
    assert_eq!(
        block(&public, "| Item | Owner | Status | Session |")[2..],
        [
            format!(
                "| **Question** Who certifies the origin of recycled magnets? — *a participant from Industry* | Civil society | resolved | {SESSION} |"
            ),
            format!(
                "| **Concern** Recycling targets nobody can check — *a participant from Civil society* | a participant from Civil society | open | {SESSION} |"
            ),
        ]
    );
    let open = format!(
        "- **Concern** Recycling targets nobody can check — *a participant from Civil society* · owner: a participant from Civil society (session {SESSION})"
    );
    assert_eq!(block(&public, "### Parked, still open").len(), 1, "the heading, then a blank");
    assert!(public.lines().any(|l| l == open), "{public}");
    assert!(!public.contains("Katarzyna") && !public.contains("Kari"), "{public}");
    assert!(internal.contains("- Parking lot: 2 parked (1 open)"), "{internal}");
}
