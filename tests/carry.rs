//! Carrying open items from one yearly record to the next: ids kept across three years,
//! statuses flowing into later minutes, "You said, we did" per attribution policy, and
//! `convene followups`.

mod support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use convene::agenda::{Agenda, parse_agenda};
use convene::event::{Change, DeviceId, Fields, ItemId, ItemKind, Raiser, Status};
use convene::record::Record;
use convene::stamp::Stamp;
use support::{convene, read};

const YEAR_1: DeviceId = DeviceId::new(0x1111);
const YEAR_2: DeviceId = DeviceId::new(0x2222);
const YEAR_3: DeviceId = DeviceId::new(0x3333);

fn agenda_text(year: u32, policy: &str, carry: &[&str]) -> String {
    let carry = if carry.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = carry.iter().map(|c| format!("{c:?}")).collect();
        format!("carry = [{}]\n", list.join(", "))
    };
    format!(
        r#"title = "Porsgrunn Citizen Lab {year}"
kind = "lab"
date = {year}-05-14
start = "18:00"
attribution = "{policy}"
organisations = ["Porsgrunn municipality"]
{carry}
[[groups]]
id = "residents"
name = "Local residents"

[[participants]]
name = "Ingrid Solberg"
group = "residents"
consent = true

[[sessions]]
title = "Welcome"
duration = "10m"

[[sessions]]
title = "You said, we did"
duration = "20m"
followup = true

[[sessions]]
title = "Your questions"
duration = "40m"
"#
    )
}

fn at(year: u32, minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{year}-05-14T18:{minute:02}:00+02:00")).unwrap()
}

fn agenda(text: &str) -> Agenda {
    let loaded = parse_agenda(text);
    loaded.agenda.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
}

/// A record of one year, created as `convene run` creates one (carrying what its agenda
/// carries), its agenda written beside the records so relative `carry` paths resolve.
struct Year {
    record: Record,
    stamp: Stamp,
    year: u32,
    minute: u32,
}

impl Year {
    fn create(data: &Path, device: DeviceId, year: u32, policy: &str, carry: &[&str]) -> Year {
        let text = agenda_text(year, policy, carry);
        let base = data.join("records");
        let (record, stamp) =
            convene::carry::create(data, device, &agenda(&text), &text, &base, at(year, 0))
                .unwrap();
        Year { record, stamp, year, minute: 1 }
    }

    fn write(&mut self, change: Change) -> ItemId {
        let entry = self.stamp.entry(change, at(self.year, self.minute));
        self.minute += 1;
        self.record.journal.append(entry.clone()).unwrap();
        ItemId { device: entry.device, seq: entry.seq }
    }

    fn capture(&mut self, kind: ItemKind, text: &str, fields: Fields) -> ItemId {
        let fields = Fields { text: text.into(), ..fields };
        self.write(Change::ItemCaptured {
            item: ItemId::default(),
            kind,
            session: 2,
            offset_ms: 1000,
            fields,
        })
    }

    fn status(&mut self, item: ItemId, status: Status, note: &str) {
        self.write(Change::CarriedStatus { item, status, note: note.into() });
    }

    fn end(mut self) -> PathBuf {
        self.write(Change::EventEnded);
        self.record.dir.clone()
    }
}

fn name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// What a carried line holds: item, number, kind, text, history (record, status, note).
type CarriedLine = (ItemId, u64, ItemKind, String, Vec<(String, Option<Status>, String)>);

/// The carried lines of a record's journal, in order: (item, number, kind, text, history).
fn carried_lines(dir: &Path) -> Vec<CarriedLine> {
    let contents = convene::record::read_journal(dir).unwrap();
    let mut found = Vec::new();
    let mut after_handover = false;
    for entry in &contents.entries {
        match &entry.change {
            Change::FacilitatorChanged { .. } => after_handover = true,
            Change::ItemCarried { item, carried } => {
                assert!(after_handover, "carried lines come after the hand-over");
                found.push((
                    *item,
                    carried.number,
                    carried.kind,
                    carried.fields.text.clone(),
                    carried
                        .history
                        .iter()
                        .map(|s| (s.record.clone(), s.status, s.note.clone()))
                        .collect(),
                ));
            }
            _ => {}
        }
    }
    found
}

fn minutes(data: &Path, dir: &Path) -> (String, String) {
    let run = convene(data, &["minutes", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (read(&dir.join("minutes.md")), read(&dir.join("minutes.public.md")))
}

/// The "You said, we did" section of a minutes text.
fn section(minutes: &str) -> String {
    let start = minutes.find("## You said, we did").expect("a You said, we did section");
    let rest = &minutes[start..];
    let end = rest[3..].find("\n## ").map(|i| i + 4).unwrap_or(rest.len());
    rest[..end].to_string()
}

/// Year 1 raises items of every kind; what is open at its end is carried.
fn year_one(data: &Path, policy: &str) -> (PathBuf, [ItemId; 4]) {
    let mut year = Year::create(data, YEAR_1, 2025, policy, &[]);
    let by = |who: &str| Fields { by: Some(Raiser::Participant(who.into())), ..Fields::default() };
    let answered =
        year.capture(ItemKind::Question, "Where does the truck traffic go?", by("Ingrid Solberg"));
    year.write(Change::ItemAnswered { item: answered, answer: "Along the new road".into() });
    let dust = year.capture(
        ItemKind::Question,
        "Will the dust be measured near the school?",
        Fields { themes: vec!["dust".into()], ..by("Ingrid Solberg") },
    );
    let report = year.capture(
        ItemKind::Action,
        "Publish the noise report",
        Fields {
            owner: Some(Raiser::Organisation("Porsgrunn municipality".into())),
            themes: vec!["noise".into()],
            ..Fields::default()
        },
    );
    let resolved = year.capture(ItemKind::Concern, "Night shifts are loud", Fields::default());
    year.write(Change::ItemParked { item: resolved, owner: None });
    year.write(Change::ParkedResolved { item: resolved, resolved: true });
    year.capture(ItemKind::Idea, "An open day at the plant", Fields::default());
    let deleted = year.capture(ItemKind::Question, "Typo question", Fields::default());
    year.write(Change::ItemDeleted { item: deleted });
    let internal = year.capture(
        ItemKind::Concern,
        "The neighbour's lawyer may sue",
        Fields { internal: true, ..Fields::default() },
    );
    let dir = year.end();
    (dir, [answered, dust, report, internal])
}

#[test]
fn carried_items_keep_their_ids_and_history_across_three_yearly_records() {
    let data = tempfile::tempdir().unwrap();
    let (first, [_, dust, report, internal]) = year_one(data.path(), "named");

    let mut second = Year::create(data.path(), YEAR_2, 2026, "named", &[&name(&first)]);
    let second_dir = second.record.dir.clone();
    second.status(report, Status::Done, "");
    second.status(dust, Status::InProgress, "A station is ordered for the school yard");
    // Latest status by clock stands: the first wording is replaced.
    second.status(dust, Status::InProgress, "The station arrives in June");
    let second_dir = {
        second.end();
        second_dir
    };
    let carried = carried_lines(&second_dir);
    let ids: Vec<ItemId> = carried.iter().map(|c| c.0).collect();
    assert_eq!(ids, vec![dust, report, internal], "the open items, with their year-1 ids");
    assert_eq!(
        carried.iter().map(|c| (c.1, c.2, c.3.as_str())).collect::<Vec<_>>(),
        vec![
            (2, ItemKind::Question, "Will the dust be measured near the school?"),
            (3, ItemKind::Action, "Publish the noise report"),
            (7, ItemKind::Concern, "The neighbour's lawyer may sue"),
        ]
    );
    assert!(carried.iter().all(|c| c.4.is_empty()), "nothing happened to them yet");

    let mut third = Year::create(data.path(), YEAR_3, 2027, "named", &[&name(&second_dir)]);
    let third_dir = third.record.dir.clone();
    third.status(dust, Status::Answered, "Measured monthly since June 2026");
    third.end();
    let carried = carried_lines(&third_dir);
    assert_eq!(
        carried,
        vec![
            (
                dust,
                2,
                ItemKind::Question,
                "Will the dust be measured near the school?".to_string(),
                vec![(
                    name(&second_dir),
                    Some(Status::InProgress),
                    "The station arrives in June".to_string()
                )],
            ),
            (
                internal,
                7,
                ItemKind::Concern,
                "The neighbour's lawyer may sue".to_string(),
                vec![(name(&second_dir), None, String::new())],
            ),
        ],
        "year 3 carries year 1's ids and wording, with year 2's status in their history"
    );

    let (internal_minutes, public) = minutes(data.path(), &third_dir);
    assert_eq!(
        section(&internal_minutes),
        "## You said, we did\n\n\
What was raised at earlier events and still open when they ended, and what happened since.\n\n\
- **Q2 at Porsgrunn Citizen Lab 2025, 14 May 2025**: Will the dust be measured near the school? — raised by Ingrid Solberg #dust\n  \
- Porsgrunn Citizen Lab 2026, 14 May 2026: in progress — The station arrives in June\n  \
- Now: answered — Measured monthly since June 2026\n\
- **C7 at Porsgrunn Citizen Lab 2025, 14 May 2025**: The neighbour's lawyer may sue\n  \
- Porsgrunn Citizen Lab 2026, 14 May 2026: no update\n  \
- Now: no update yet\n\n"
    );
    assert!(!section(&public).contains("lawyer"), "an internal item stays internal");
    // The same record's public minutes in Norwegian: what happened to year 1's question.
    let third_arg = third_dir.display().to_string();
    let norwegian = convene(
        data.path(),
        &["minutes", third_arg.as_str(), "--public", "--lang", "nb", "-o", "-"],
    );
    assert_eq!(norwegian.code, 0, "{}", norwegian.stderr);
    let start = norwegian.stdout.find("## Dere sa, vi gjorde").expect("the section in Bokmål");
    let end = norwegian.stdout[start + 3..]
        .find("\n## ")
        .map_or(norwegian.stdout.len(), |i| start + i + 4);
    assert_eq!(
        &norwegian.stdout[start..end],
        "## Dere sa, vi gjorde\n\n\
Det som ble tatt opp på tidligere møter og fortsatt var åpent da de ble avsluttet, og hva som har skjedd siden.\n\n\
- **Q2 på Porsgrunn Citizen Lab 2025, 14. mai 2025**: Will the dust be measured near the school? — tatt opp av Ingrid Solberg #dust\n  \
- Porsgrunn Citizen Lab 2026, 14. mai 2026: under arbeid — The station arrives in June\n  \
- Nå: besvart — Measured monthly since June 2026\n\n"
    );

    // Searching every year finds year 1's question with what the latest year says of it.
    let found = convene(data.path(), &["search", "dust", "school"]);
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert!(
        found.stdout.starts_with(
            "2025-05-14  Porsgrunn Citizen Lab 2025 · session 3 · Q2  Will the dust be measured near the school? (open then)\n      \
since, at Porsgrunn Citizen Lab 2027: answered — Measured monthly since June 2026\n"
        ),
        "{}",
        found.stdout
    );

    // Year 2's minutes: the statuses as set there.
    let (_, public) = minutes(data.path(), &second_dir);
    assert!(section(&public).contains("- Now: in progress — The station arrives in June\n"));
    assert!(section(&public).contains("- Now: done\n"));
}

#[test]
fn you_said_we_did_follows_the_stricter_policy_in_public() {
    for policy in ["named", "group", "anonymous"] {
        let data = tempfile::tempdir().unwrap();
        let (first, [_, dust, report, _]) = year_one(data.path(), "named");
        let mut second = Year::create(data.path(), YEAR_2, 2026, policy, &[&name(&first)]);
        let dir = second.record.dir.clone();
        second.status(dust, Status::Dropped, "The school moved away");
        second.status(report, Status::Done, "");
        second.end();
        let (_, public) = minutes(data.path(), &dir);
        let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/golden/carried/public-{policy}.md"));
        let got = section(&public);
        if std::env::var_os("CONVENE_WRITE_GOLDEN").is_some() {
            std::fs::write(&golden, &got).unwrap();
        }
        assert_eq!(got, read(&golden), "{policy}");
    }
    // Raised under group, followed up under named: still by group, never by name.
    let data = tempfile::tempdir().unwrap();
    let (first, _) = year_one(data.path(), "group");
    let second = Year::create(data.path(), YEAR_2, 2026, "named", &[&name(&first)]);
    let dir = second.record.dir.clone();
    second.end();
    let (internal, public) = minutes(data.path(), &dir);
    assert!(
        section(&public)
            .contains("near the school? — raised by a participant from Local residents #dust\n")
    );
    assert!(section(&internal).contains("near the school? — raised by Ingrid Solberg #dust\n"));
}

#[test]
fn followups_lists_exactly_what_is_still_open() {
    let data = tempfile::tempdir().unwrap();
    let (first, [_, dust, report, _]) = year_one(data.path(), "named");
    let before = convene(data.path(), &["followups"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert_eq!(
        before.stdout,
        format!(
            "3 items still open\n\
\n#dust\n  no owner\n    Q2 2025-05-14  Will the dust be measured near the school?  — last seen in Porsgrunn Citizen Lab 2025 ({0}), no update yet\n\
\n#noise\n  owner Porsgrunn municipality\n    A3 2025-05-14  Publish the noise report  — last seen in Porsgrunn Citizen Lab 2025 ({0}), no update yet\n\
\nNo theme\n  no owner\n    C7 2025-05-14  The neighbour's lawyer may sue (internal)  — last seen in Porsgrunn Citizen Lab 2025 ({0}), no update yet\n",
            name(&first)
        )
    );
    let mut second = Year::create(data.path(), YEAR_2, 2026, "named", &[&name(&first)]);
    let second_dir = second.record.dir.clone();
    second.status(report, Status::Done, "");
    second.status(dust, Status::InProgress, "The station arrives in June");
    second.end();
    let after = convene(data.path(), &["followups"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(
        after.stdout,
        format!(
            "2 items still open\n\
\n#dust\n  no owner\n    Q2 2025-05-14  Will the dust be measured near the school?  — last seen in Porsgrunn Citizen Lab 2026 ({0}), in progress: The station arrives in June\n\
\nNo theme\n  no owner\n    C7 2025-05-14  The neighbour's lawyer may sue (internal)  — last seen in Porsgrunn Citizen Lab 2026 ({0}), no update yet\n",
            name(&second_dir)
        ),
        "the action done in year 2 is no longer open; each item once"
    );
    // Only the first record named: as it left them.
    let only_first = convene(data.path(), &["followups", &name(&first)]);
    assert!(only_first.stdout.starts_with("3 items still open\n"), "{}", only_first.stdout);
}

#[test]
fn check_names_a_carried_record_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, agenda_text(2026, "named", &["2025-05-14-nowhere"])).unwrap();
    let run = convene(dir.path(), &["check", agenda.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        format!(
            "{}:7:10: error: `carry` names \"2025-05-14-nowhere\", which cannot be read: {} is not a convene record (no journal in it); give a record folder relative to the agenda's folder, or its name as `convene records` lists it\n",
            agenda.display(),
            dir.path().join("2025-05-14-nowhere").display()
        )
    );
}

#[test]
fn json_minutes_hold_you_said_we_did_and_match_the_schema() {
    let data = tempfile::tempdir().unwrap();
    let (first, [_, dust, ..]) = year_one(data.path(), "named");
    let mut second = Year::create(data.path(), YEAR_2, 2026, "group", &[&name(&first)]);
    let dir = second.record.dir.clone();
    second.status(dust, Status::InProgress, "The station arrives in June");
    second.end();
    let schema: serde_json::Value = serde_json::from_str(&read(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/minutes-1.json"),
    ))
    .unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    for public in [false, true] {
        let mut args = vec!["minutes", dir.to_str().unwrap(), "--json"];
        if public {
            args.push("--public");
        }
        let run = convene(data.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let carried = value["you_said_we_did"].as_array().unwrap();
        assert_eq!(carried.len(), if public { 2 } else { 3 }, "the internal item only inside");
        assert_eq!(carried[0]["id"], dust.to_string());
        assert_eq!(carried[0]["status"], "in_progress");
        assert_eq!(carried[0]["note"], "The station arrives in June");
        assert_eq!(carried[0]["raised_in"]["record"], name(&first));
        let by = if public { "a participant from Local residents" } else { "Ingrid Solberg" };
        assert_eq!(carried[0]["by"], by);
    }
}

/// The facilitator's way: `convene new lab --carry`, then the live screen: the carried items
/// in the follow-up session, one marked answered, one dropped with a reason; both minutes.
#[test]
fn a_new_lab_carries_last_years_items_and_the_live_screen_gives_their_status() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (first, _) = year_one(&data, "named");
    let agenda = dir.path().join("lab.toml");
    let new = convene(&data, &["new", "lab", agenda.to_str().unwrap(), "--carry", &name(&first)]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let text = read(&agenda);
    assert!(text.contains(&format!("carry = [\"{}\"]\n", name(&first))), "{text}");
    assert!(text.contains("title = \"You said, we did: last year's questions\""));
    let check = convene(&data, &["check", agenda.to_str().unwrap()]);
    assert_eq!((check.code, check.stdout.as_str()), (0, ""), "{}", check.stderr);

    let pane = support::Pane::start(dir.path(), &data, &["run", agenda.to_str().unwrap()], 120, 40);
    pane.wait_text("Your town Citizen Lab 2026");
    // The follow-up session (the second) lists them, marked with where they come from.
    pane.keys(&["n"]);
    pane.wait_all(&["↻ 3 carried (y)", "↻ 2025 Q2", "↻ 2025 A3", "↻ 2025 C7"]);
    pane.keys(&["y"]);
    pane.wait_text("You said, we did · 3 carried · 3 without update");
    pane.keys(&["a"]);
    pane.wait_text("Saved 2025 Q2 as answered");
    pane.keys(&["Down", "x"]);
    pane.wait_text("2025 A3 dropped · why ▸");
    pane.keys(&["Enter"]);
    pane.wait_text("a carried item marked dropped needs a note");
    pane.type_text("The report became part of the permit");
    pane.keys(&["Enter"]);
    pane.wait_all(&["Saved 2025 A3 as dropped", "1 without update"]);
    pane.keys(&["q"]);
    pane.wait_text("Captured in this session: 0");
    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["q"]);
    pane.wait_exit();

    let record = std::fs::read_dir(data.join("records"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| *p != first)
        .expect("this year's record");
    let internal = read(&record.join("minutes.md"));
    let public = read(&record.join("minutes.public.md"));
    let expected = "- **Q2 at Porsgrunn Citizen Lab 2025, 14 May 2025**: Will the dust be measured near the school? #dust\n  \
- Now: answered\n\
- **A3 at Porsgrunn Citizen Lab 2025, 14 May 2025**: Publish the noise report · owner Porsgrunn municipality #noise\n  \
- Now: dropped — The report became part of the permit\n";
    // The new lab is anonymous: nobody is named in public, whatever last year's policy.
    assert!(section(&public).contains(expected), "{}", section(&public));
    assert!(!public.contains("lawyer"));
    assert!(section(&internal).contains("- Now: no update yet\n"), "{}", section(&internal));
    assert!(section(&internal).contains("raised by Ingrid Solberg #dust\n  - Now: answered\n"));
}
