//! `convene minutes RECORD --json`: the minutes model as JSON, checked against its schema
//! `schemas/minutes-1.json`, with item ids that stay the same across regenerations.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use convene::event::ItemKind;
use convene::journal::Change;
use serde_json::Value;
use support::{convene, read};

const RECORDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/records");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/minutes-1.json");

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&read(Path::new(SCHEMA))).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema")
}

/// The JSON `convene minutes ARGS --json` prints, checked against the schema.
fn json_minutes(data: &Path, record: &Path, public: bool) -> Value {
    let mut args = vec![OsStr::new("minutes"), record.as_os_str(), OsStr::new("--json")];
    if public {
        args.push(OsStr::new("--public"));
    }
    let out = convene(data, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let value: Value = serde_json::from_str(&out.stdout).expect("the output is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid against schemas/minutes-1.json: {errors:#?}");
    value
}

fn copy_record(name: &str, into: &Path) -> PathBuf {
    let dir = into.join(name);
    std::fs::create_dir_all(&dir).expect("create the record folder");
    for file in ["agenda.toml", "journal.jsonl"] {
        std::fs::copy(Path::new(RECORDS).join(name).join(file), dir.join(file))
            .expect("copy the record");
    }
    dir
}

fn items(minutes: &Value) -> Vec<&Value> {
    minutes["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items"))
        .collect()
}

fn ids(minutes: &Value) -> Vec<String> {
    items(minutes).iter().map(|i| i["id"].as_str().expect("an id").to_string()).collect()
}

#[test]
fn the_json_of_both_recorded_events_validates_against_the_schema_in_both_versions() {
    for name in ["citizen-lab", "policy-council"] {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = copy_record(name, temp.path());
        let internal = json_minutes(temp.path(), &dir, false);
        let public = json_minutes(temp.path(), &dir, true);
        assert_eq!(internal["audience"], "internal", "{name}");
        assert_eq!(public["audience"], "public", "{name}");
        assert_eq!(internal["version"], 1);

        // The same items as the Markdown: one "- **Kind**" line per item in its sessions.
        let markdown = read(&Path::new(RECORDS).join(name).join("minutes.md"));
        let lines = markdown.lines().filter(|l| l.starts_with("- **")).count();
        assert_eq!(items(&internal).len(), lines, "{name}: items in the internal version");

        // Ids are unique, and every list refers to an item of the sessions.
        let all = ids(&internal);
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "{name}: unique ids");
        let listed = |m: &Value, key: &str| -> Vec<String> {
            m[key].as_array().expect(key).iter().map(|v| v.as_str().unwrap_or("").into()).collect()
        };
        for key in ["open_questions", "actions", "decisions"] {
            for id in listed(&internal, key) {
                assert!(all.contains(&id), "{name}: {key} lists {id}, not an item");
            }
        }

        // The public version: no note, no internal item, and every public id is an internal one.
        let public_items = items(&public);
        assert!(public_items.iter().all(|i| i["kind"] != "note" && i["internal"] == false));
        assert!(ids(&public).iter().all(|id| all.contains(id)), "{name}");
        assert!(public["summary"]["captured"].as_array().expect("counts").len() == 5);

        // The schema is strict: a field it does not know, or a wrong time, is refused.
        let mut changed = internal.clone();
        changed["sessions"][1]["items"][0]["speaker"] = Value::from("someone");
        assert!(!validator().is_valid(&changed), "{name}: an unknown field passes");
        let mut changed = internal.clone();
        changed["event"]["started_at"] = Value::from("18:02");
        assert!(!validator().is_valid(&changed), "{name}: a time that is not RFC 3339 passes");

        // The same journal, the same JSON, byte for byte.
        let again = json_minutes(temp.path(), &dir, false);
        assert_eq!(again, internal, "{name}: regenerated");
    }
}

#[test]
fn the_public_json_applies_the_policy_like_the_public_minutes() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = copy_record("citizen-lab", temp.path());
    let public = json_minutes(temp.path(), &dir, true);
    let text = public.to_string();
    // Ingrid Solberg did not consent: the internal version names her, the public one never.
    let internal = json_minutes(temp.path(), &dir, false).to_string();
    assert!(internal.contains("Ingrid Solberg"));
    assert!(!text.contains("Ingrid"), "{text}");
    let by: Vec<&str> = items(&public).iter().filter_map(|i| i["by"].as_str()).collect();
    assert!(by.contains(&"a participant from Local residents"), "{by:?}");
}

#[test]
fn item_ids_stay_the_same_when_the_minutes_are_written_again_after_more_items() {
    let agenda_text = r#"
title = "Harbour council"
kind = "council"
date = 2026-05-12
start = "18:00"

[[sessions]]
title = "Traffic"
duration = "30m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let capture = |text: &str, offset_ms: u64| Change::ItemCaptured {
        item: Default::default(),
        kind: ItemKind::Question,
        session: 0,
        offset_ms,
        fields: convene::capture::parse(text, &agenda).fields,
    };
    let first = [
        (Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0),
        (capture("Who counts the trucks?", 60_000), 1),
        (capture("When does the night shift end?", 120_000), 2),
    ];
    for (change, minute) in first {
        record.journal.append(stamp.entry(change, at(minute))).expect("a durable entry");
    }
    let dir = record.dir.clone();
    let before = json_minutes(temp.path(), &dir, false);
    let before_ids = ids(&before);
    assert_eq!(before["provisional"], true);
    assert_eq!(before_ids.len(), 2);
    let device = device.to_string();
    // The record's first lines hand the timers to this laptop and start the session.
    assert_eq!(before_ids, [format!("{device}.3"), format!("{device}.4")]);

    record.journal.append(stamp.entry(capture("Is there a bus?", 180_000), at(3))).expect("a line");
    record.journal.append(stamp.entry(Change::EventEnded, at(20))).expect("a line");
    drop(record);
    let after = json_minutes(temp.path(), &dir, false);
    assert_eq!(after["provisional"], false);
    let after_ids = ids(&after);
    assert_eq!(&after_ids[..2], &before_ids[..], "earlier items keep their ids");
    assert_eq!(after_ids[2], format!("{device}.5"));
}

#[test]
fn public_without_a_file_or_json_says_what_it_needs() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = copy_record("citizen-lab", temp.path());
    let out =
        convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str(), OsStr::new("--public")]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error: --public chooses the version written with -o FILE or --json; both versions are written into the record folder without them\n"
    );
}

#[test]
fn the_json_of_a_council_naming_people_validates_in_every_policy_with_its_attendance() {
    for policy in support::council::POLICIES {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = support::council::council_record(temp.path(), policy);
        let internal = json_minutes(temp.path(), &dir, false);
        let public = json_minutes(temp.path(), &dir, true);
        assert_eq!(internal["event"]["attribution"], policy);
        // Counts in both; the organisations' names only in the internal version.
        for minutes in [&internal, &public] {
            assert_eq!(minutes["attendance"]["total"], 10, "{policy}");
            assert_eq!(minutes["attendance"]["organisations_count"], 3, "{policy}");
            assert_eq!(minutes["attendance"]["groups"][3]["group"], Value::Null, "{policy}");
        }
        assert_eq!(
            internal["attendance"]["organisations"][2], "Fraunhofer IWKS",
            "{policy}: the organisations by name internally"
        );
        assert_eq!(public["attendance"]["organisations"], Value::Null, "{policy}");
        // No participant who did not consent, no note, no internal item in public.
        let text = public.to_string();
        for hidden in ["Henrik", "Sofie", "Lambert", "Dahl", "not to be quoted", "Ola Nordmann"] {
            assert!(!text.contains(hidden), "{policy}: {hidden} in the public JSON");
        }
        // The lead who consented is named under `named` only; an organisation always.
        let leads: Vec<&Value> =
            public["sessions"].as_array().expect("sessions").iter().map(|s| &s["lead"]).collect();
        let marit = if policy == "named" {
            Value::from("Marit Haugen")
        } else if policy == "group" {
            Value::from("a participant from Industry")
        } else {
            Value::Null
        };
        assert_eq!(leads, [&marit, &Value::Null, &Value::from("Porsgrunn municipality")]);
    }
}

#[test]
fn the_rooms_timeline_is_in_the_internal_json_only_and_validates() {
    let agenda_text = r#"
title = "Harbour lab"
kind = "lab"
date = 2026-05-12
start = "18:00"

[messages]
presets = ["Please wrap up"]

[[sessions]]
title = "Traffic"
duration = "30m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let changes = [
        (Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0),
        (Change::MessageShown { text: "Please wrap up".into() }, 28),
        (Change::MessageBlinked, 29),
        (Change::DisplayBlackout { on: true }, 31),
        (Change::DisplayBlackout { on: false }, 32),
        (Change::MessageCleared, 33),
        (Change::EventEnded, 34),
    ];
    for (change, minute) in changes {
        record.journal.append(stamp.entry(change, at(minute))).expect("a durable entry");
    }
    let dir = record.dir.clone();
    drop(record);
    let internal = json_minutes(temp.path(), &dir, false);
    let public = json_minutes(temp.path(), &dir, true);
    let line = |minute: u32, what: &str, text: Option<&str>| serde_json::json!({ "at": at(minute).to_rfc3339(), "what": what, "text": text });
    assert_eq!(
        internal["room"],
        Value::Array(vec![
            line(28, "shown", Some("Please wrap up")),
            line(29, "blinked", Some("Please wrap up")),
            line(31, "blackout", None),
            line(32, "display_back", None),
            line(33, "cleared", Some("Please wrap up")),
        ])
    );
    assert_eq!(public["room"], Value::Null);
    assert!(!public.to_string().contains("wrap up"), "{public}");
    let mut changed = internal.clone();
    changed["room"][0]["what"] = Value::from("sung");
    assert!(!validator().is_valid(&changed), "an unknown change to the room passes");
}

#[test]
fn the_parking_lot_is_in_the_json_of_both_versions_and_validates() {
    let agenda_text = r#"
title = "Harbour council"
kind = "council"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality"]

[[groups]]
id = "civil-society"
name = "Civil society"

[[participants]]
name = "Katarzyna Nowak"
group = "civil-society"
consent = false

[[sessions]]
title = "Traffic"
duration = "30m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let capture = |text: &str| Change::ItemCaptured {
        item: Default::default(),
        kind: ItemKind::Question,
        session: 0,
        offset_ms: 0,
        fields: convene::capture::parse(text, &agenda).fields,
    };
    let mut append = |change: Change, minute: u32| {
        let entry = stamp.entry(change, at(minute));
        record.journal.append(entry.clone()).expect("a durable entry");
        entry
    };
    append(Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0);
    let id_of = |entry: convene::journal::Entry| match entry.change {
        Change::ItemCaptured { item, .. } => item,
        other => panic!("not a capture: {other:?}"),
    };
    let trucks = id_of(append(capture("Who counts the trucks?"), 1));
    // Captured with !park: the park names the capture before its id is known.
    append(capture("Is there a bus at night? !park"), 2);
    append(Change::ItemParked { item: Default::default(), owner: None }, 2);
    let owner = convene::live::Raiser::Participant("Katarzyna Nowak".into());
    append(Change::ItemParked { item: trucks, owner: Some(owner) }, 3);
    append(Change::ParkedResolved { item: trucks, resolved: true }, 4);
    append(Change::EventEnded, 20);
    let dir = record.dir.clone();
    drop(record);
    let internal = json_minutes(temp.path(), &dir, false);
    let public = json_minutes(temp.path(), &dir, true);
    let bus = format!("{device}.4");
    let lot = |minutes: &Value| -> Vec<(String, Value, String)> {
        minutes["parking"]
            .as_array()
            .expect("a parking lot")
            .iter()
            .map(|p| {
                (
                    p["item"].as_str().unwrap_or("").into(),
                    p["owner"].clone(),
                    p["status"].as_str().unwrap_or("").into(),
                )
            })
            .collect()
    };
    assert_eq!(
        lot(&internal),
        [
            (bus.clone(), Value::Null, "open".to_string()),
            (trucks.to_string(), Value::from("Katarzyna Nowak"), "resolved".to_string()),
        ]
    );
    assert_eq!(
        lot(&public),
        [
            (bus, Value::Null, "open".to_string()),
            (
                trucks.to_string(),
                Value::from("a participant from Civil society"),
                "resolved".to_string()
            ),
        ]
    );
    assert_eq!(internal["parking"][0]["parked_at"], at(2).to_rfc3339());
    let parked: Vec<&Value> = items(&public).iter().map(|i| &i["parked"]).collect();
    assert_eq!(parked, [&Value::from("resolved"), &Value::from("open")]);
    assert!(!public.to_string().contains("Katarzyna"), "{public}");

    let mut changed = internal.clone();
    changed["parking"][0]["status"] = Value::from("pending");
    assert!(!validator().is_valid(&changed), "an unknown status passes");
    let mut changed = internal.clone();
    changed["sessions"][0]["items"][0]["parked"] = Value::from(true);
    assert!(!validator().is_valid(&changed), "an item's parked as a boolean passes");
    let mut changed = internal.clone();
    changed["parking"] = Value::Array(Vec::new());
    assert!(!validator().is_valid(&changed), "an empty lot is left out, never written");
}

#[test]
fn tallies_are_in_both_versions_with_their_checks_and_validate() {
    use convene::event::{Counting, Dots, OptionCount, TallyMethod, TallyRule};
    let agenda_text = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"

[[participants]]
name = "Ingrid Solberg"
consent = false

[[sessions]]
title = "What should the plant report?"
duration = "40m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let option = |option: &str, count, how| OptionCount { option: option.into(), count, how };
    let changes = [
        (Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0),
        (
            Change::TallyRecorded {
                tally: Default::default(),
                session: 0,
                question: "Which report first, as Ingrid asked?".into(),
                method: TallyMethod::DotVote,
                rule: TallyRule::Advisory,
                counts: vec![
                    option("Dust", Some(40), Counting::Counted),
                    option("Noise", Some(18), Counting::Counted),
                ],
                present: Some(20),
                dots: Some(Dots::PerPerson(3)),
                outcome: "Dust first".into(),
            },
            12,
        ),
        (
            Change::TallyRecorded {
                tally: Default::default(),
                session: 0,
                question: "Can you live with the plan?".into(),
                method: TallyMethod::FistToFive,
                rule: TallyRule::Binding,
                counts: (0..6)
                    .map(|n| option(&n.to_string(), (n > 2).then_some(n), Counting::Estimated))
                    .collect(),
                present: None,
                dots: None,
                outcome: String::new(),
            },
            20,
        ),
        (Change::EventEnded, 30),
    ];
    for (change, minute) in changes {
        record.journal.append(stamp.entry(change, at(minute))).expect("a durable entry");
    }
    let dir = record.dir.clone();
    drop(record);
    let internal = json_minutes(temp.path(), &dir, false);
    let public = json_minutes(temp.path(), &dir, true);
    let device = device.to_string();
    for minutes in [&internal, &public] {
        let tallies = minutes["tallies"].as_array().expect("tallies");
        assert_eq!(tallies.len(), 2);
        // Its id is the line that recorded it: after the facilitator line and the start.
        assert_eq!(tallies[0]["id"], format!("{device}.3"));
        assert_eq!(tallies[0]["method"], "dot_vote");
        assert_eq!(tallies[0]["rule"], "advisory");
        assert_eq!(tallies[0]["dots"], serde_json::json!({ "per_person": 3, "handed_out": 60 }));
        assert_eq!(
            tallies[0]["checks"],
            serde_json::json!([{
                "check": "dots_handed_out",
                "passed": false,
                "text": "the 58 dots counted do not match the 60 handed out"
            }])
        );
        assert_eq!(
            tallies[1]["counts"][0],
            serde_json::json!({ "option": "0", "count": null, "how": "estimated" })
        );
        assert_eq!(tallies[1]["present"], Value::Null);
        assert_eq!(tallies[1]["outcome"], Value::Null);
        assert_eq!(tallies[1]["dots"], Value::Null);
        assert_eq!(tallies[1]["checks"], serde_json::json!([]));
    }
    assert_eq!(internal["tallies"][0]["question"], "Which report first, as Ingrid asked?");
    assert_eq!(public["tallies"][0]["question"], "Which report first, as a participant asked?");
    // The schema is strict about tallies too.
    let mut changed = internal.clone();
    changed["tallies"][0]["method"] = Value::from("acclamation");
    assert!(!validator().is_valid(&changed), "an unknown method passes");
    let mut changed = internal.clone();
    changed["tallies"][0]["counts"][0]["weight"] = Value::from(2);
    assert!(!validator().is_valid(&changed), "an unknown field of a count passes");
}

#[test]
fn an_accepted_catch_up_is_one_line_under_the_internal_timetable_and_validates() {
    let agenda_text = r#"
title = "Harbour lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
end = "19:00"

[[sessions]]
title = "Traffic"
duration = "30m"

[[sessions]]
title = "Noise"
duration = "30m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let end = chrono::NaiveDate::from_ymd_opt(2026, 5, 12)
        .and_then(|d| d.and_hms_opt(19, 0, 0))
        .expect("a valid time");
    let late = chrono::NaiveDate::from_ymd_opt(2026, 5, 13)
        .and_then(|d| d.and_hms_opt(0, 5, 0))
        .expect("a valid time");
    let changes = [
        (Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0),
        (Change::SessionEnded { session: 0, elapsed_ms: 40 * 60_000 }, 40),
        (Change::SessionSelected { session: 1 }, 40),
        (Change::SessionStarted { session: 1, elapsed_ms: 0 }, 40),
        (Change::SessionExtended { session: 1, timebox_s: 20 * 60 }, 41),
        (Change::CatchUpAccepted { sessions: 1, trimmed_s: 10 * 60, projected_end: end }, 41),
        // Made longer again; had it run past midnight, its end would carry its day.
        (Change::SessionExtended { session: 1, timebox_s: 21 * 60 }, 42),
        (Change::CatchUpAccepted { sessions: 1, trimmed_s: -60, projected_end: late }, 42),
        (Change::EventEnded, 59),
    ];
    for (change, minute) in changes {
        record.journal.append(stamp.entry(change, at(minute))).expect("a durable entry");
    }
    let dir = record.dir.clone();
    drop(record);
    let internal = json_minutes(temp.path(), &dir, false);
    let public = json_minutes(temp.path(), &dir, true);
    assert_eq!(
        internal["catch_ups"],
        serde_json::json!([
            {
                "at": at(41).to_rfc3339(),
                "sessions": 1,
                "trimmed_s": 600,
                "projected_end": "2026-05-12T19:00:00",
            },
            {
                "at": at(42).to_rfc3339(),
                "sessions": 1,
                "trimmed_s": -60,
                "projected_end": "2026-05-13T00:05:00",
            },
        ])
    );
    assert_eq!(public["catch_ups"], Value::Null);
    assert_eq!(internal["sessions"][1]["timebox_s"], 1260);
    let mut changed = internal.clone();
    changed["catch_ups"][0]["projected_end"] = Value::from("19:00");
    assert!(!validator().is_valid(&changed), "a projected end without its date passes");

    // The Markdown: the line under the timetable in the internal minutes, none in public.
    let out = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let internal = read(&dir.join("minutes.md"));
    assert!(
        internal.contains(
            "| 2 | Noise | 18:30–19:00 | 18:40 | 30m | 19m | −11m |\n\n*Catch-up accepted at 18:41: 1 session trimmed by 10 min; projected end 19:00.*\n\n*Catch-up accepted at 18:42: 1 session lengthened by 1 min; projected end Wed 00:05.*\n\n## Sessions"
        ),
        "{internal}"
    );
    assert!(internal.contains("timebox changed from 30m to 21m"), "{internal}");
    let public = read(&dir.join("minutes.public.md"));
    assert!(!public.contains("Catch-up"), "{public}");
}

#[test]
fn the_speaking_time_validates_per_group_in_both_versions_and_per_person_only_as_allowed() {
    let agenda_text = r#"
title = "Harbour council"
kind = "council"
date = 2026-05-12
start = "18:00"
attribution = "named"
[[groups]]
id = "industry"
name = "Industry"
[[groups]]
id = "residents"
name = "Residents"
[[participants]]
name = "Kari Nordvik"
group = "industry"
consent = true
[[participants]]
name = "Ingrid Solberg"
group = "residents"
consent = false
[[sessions]]
title = "Panel"
duration = "30m"
speaker = "2m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let mut append = |change: Change, minute: u32| {
        let entry = stamp.entry(change, at(minute));
        record.journal.append(entry.clone()).expect("a durable entry");
        entry
    };
    let added = |who: &str, lane| Change::SpeakerAdded {
        speaker: Default::default(),
        session: 0,
        who: convene::event::Raiser::Participant(who.into()),
        lane,
    };
    let id = |entry: convene::journal::Entry| match entry.change {
        Change::SpeakerAdded { speaker, .. } => speaker,
        other => panic!("not a speaker: {other:?}"),
    };
    append(Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0);
    let kari = id(append(added("Kari Nordvik", convene::event::Lane::Normal), 1));
    let ingrid = id(append(added("Ingrid Solberg", convene::event::Lane::PointOfOrder), 1));
    append(Change::SpeakerStarted { speaker: ingrid, offset_ms: 60_000 }, 1);
    append(Change::SpeakerStarted { speaker: kari, offset_ms: 120_000 }, 2);
    append(Change::SpeakerEnded { speaker: kari, offset_ms: 300_000 }, 5);
    append(Change::SessionEnded { session: 0, elapsed_ms: 360_000 }, 6);
    append(Change::EventEnded, 6);
    let dir = record.dir.clone();
    drop(record);
    let internal = json_minutes(temp.path(), &dir, false);
    let public = json_minutes(temp.path(), &dir, true);
    let group = |name: &str, turns: u64, seconds: u64| serde_json::json!({ "group": name, "turns": turns, "seconds": seconds });
    for minutes in [&internal, &public] {
        assert_eq!(minutes["speaking"]["turns"], 2);
        assert_eq!(minutes["speaking"]["seconds"], 240);
        assert_eq!(minutes["speaking"]["points_of_order"], 1);
        assert_eq!(
            minutes["speaking"]["groups"],
            Value::Array(vec![group("Industry", 1, 180), group("Residents", 1, 60)])
        );
    }
    let speaker = |name: &str, group: &str, seconds: u64| serde_json::json!({ "name": name, "group": group, "turns": 1, "seconds": seconds });
    assert_eq!(
        internal["speaking"]["speakers"],
        Value::Array(vec![
            speaker("Ingrid Solberg", "Residents", 60),
            speaker("Kari Nordvik", "Industry", 180)
        ])
    );
    assert_eq!(internal["speaking"]["sessions"][0]["turns"][0]["lane"], "point_of_order");
    // Ingrid did not consent: the public version never names her; Kari did, under `named`.
    assert_eq!(
        public["speaking"]["speakers"],
        Value::Array(vec![speaker("Kari Nordvik", "Industry", 180)])
    );
    assert_eq!(public["speaking"]["sessions"], Value::Null);
    assert!(!public.to_string().contains("Ingrid"), "{public}");
    let mut changed = internal.clone();
    changed["speaking"]["sessions"][0]["turns"][0]["lane"] = Value::from("filibuster");
    assert!(!validator().is_valid(&changed), "an unknown lane passes");
    let mut changed = public.clone();
    changed["speaking"]["groups"][0]["airtime"] = Value::from(3);
    assert!(!validator().is_valid(&changed), "an unknown field passes");
}

#[test]
fn questions_from_phones_are_in_the_json_of_both_versions_and_validate() {
    let agenda_text = r#"
title = "Harbour lab"
kind = "lab"
date = 2026-05-12
start = "18:00"

[phones]
names = true

[[sessions]]
title = "Traffic"
duration = "30m"
"#;
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let hub = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), hub, &agenda, agenda_text, at(0))
            .expect("a new record");
    let dir = record.dir.clone();
    // The hub's server writes what phones send into the inbox journal, as its own device.
    let inbox = convene::event::DeviceId::inbox_of(hub);
    let header = convene::record::header(inbox, &agenda, agenda_text, at(1));
    let mut inbox_journal =
        convene::journal::Journal::create(&convene::record::inbox_path(&dir, hub), header)
            .expect("the inbox journal");
    let mut inbox_stamp = convene::stamp::Stamp::new(inbox, 0, &[]);
    let mut hub_line = |change: Change, minute: u32| {
        let entry = stamp.entry(change, at(minute));
        record.journal.append(entry.clone()).expect("a durable entry");
        entry
    };
    hub_line(Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0);
    let mut received = Vec::new();
    for (minute, text, name) in [
        (2, "Is the harbour dredged this year?", Some("Kari Nilsen")),
        (3, "Dredging <when>?", None),
        (4, "# You are all liars | [x](http://x)", None),
        (5, "Who pays for the quay?", None),
    ] {
        let change = Change::SubmissionReceived { text: text.into(), name: name.map(Into::into) };
        let entry = inbox_stamp.entry(change, at(minute));
        inbox_journal.append(entry.clone()).expect("a durable inbox line");
        received.push(convene::event::ItemId { device: inbox, seq: entry.seq });
    }
    drop(inbox_journal);
    // The hub has read the inbox: its own lines come after.
    let contents = convene::record::read_journal(&dir).expect("the record reads");
    let mut stamp = convene::stamp::Stamp::new(hub, 2, &contents.entries);
    let mut hub_line = |change: Change, minute: u32| {
        record.journal.append(stamp.entry(change, at(minute))).expect("a durable entry");
    };
    let fields = convene::event::Fields {
        text: "Is the harbour dredged this year?".into(),
        by: Some(convene::event::Raiser::Online(Some("Kari Nilsen".into()))),
        ..Default::default()
    };
    hub_line(
        Change::SubmissionApproved {
            submission: received[0],
            session: 0,
            offset_ms: 360_000,
            fields,
        },
        6,
    );
    hub_line(Change::SubmissionMerged { submission: received[1], into: received[0] }, 7);
    hub_line(Change::SubmissionRejected { submission: received[2], reason: "abusive".into() }, 8);
    hub_line(Change::QuestionPinned { item: Some(received[0]) }, 9);
    hub_line(Change::ItemAnswered { item: received[0], answer: "Yes, in August".into() }, 10);
    hub_line(Change::EventEnded, 20);
    drop(record);

    let internal = json_minutes(temp.path(), &dir, false);
    let public = json_minutes(temp.path(), &dir, true);
    let approved = received[0].to_string();
    let submission =
        |minute: u32, id: &convene::event::ItemId, outcome: &str, item: Option<&str>| {
            serde_json::json!({
                "id": id.to_string(),
                "received_at": at(minute).to_rfc3339(),
                "outcome": outcome,
                "item": item,
                "state": (outcome == "approved").then_some("answered_live"),
                "text": null,
                "name": null,
                "reason": null,
            })
        };
    let mut expected = vec![
        submission(2, &received[0], "approved", Some(&approved)),
        submission(3, &received[1], "merged", Some(&approved)),
        submission(4, &received[2], "rejected", None),
        submission(5, &received[3], "pending", None),
    ];
    for (line, text) in expected.iter_mut().zip([
        "Is the harbour dredged this year?",
        "Dredging <when>?",
        "# You are all liars | [x](http://x)",
        "Who pays for the quay?",
    ]) {
        line["text"] = Value::from(text);
    }
    expected[0]["name"] = Value::from("Kari Nilsen");
    expected[2]["reason"] = Value::from("abusive");
    let counts = |minutes: &Value| {
        ["received", "approved", "merged", "rejected", "pending", "not_listed"]
            .map(|key| minutes["phones"][key].as_u64().unwrap_or(99))
    };
    assert_eq!(counts(&internal), [4, 1, 1, 1, 1, 0]);
    assert_eq!(internal["phones"]["submissions"], Value::Array(expected.clone()));
    // Public: only what was taken up, nothing as typed, no name, no reason.
    assert_eq!(counts(&public), [4, 1, 1, 1, 1, 2]);
    assert_eq!(
        public["phones"]["submissions"],
        Value::Array(vec![
            submission(2, &received[0], "approved", Some(&approved)),
            submission(3, &received[1], "merged", Some(&approved)),
        ])
    );
    let text = public.to_string();
    for hidden in ["Kari", "Nilsen", "when", "liars", "abusive", "quay", "pinned"] {
        assert!(!text.contains(hidden), "{hidden} in the public JSON: {text}");
    }
    let by: Vec<&str> = items(&public).iter().filter_map(|i| i["by"].as_str()).collect();
    assert_eq!(by, ["a participant (online)"]);
    // The pin is in the room's timeline, internally.
    assert_eq!(internal["room"][0]["what"], "pinned");
    assert_eq!(internal["room"][0]["item"], Value::from(approved.as_str()));

    // The schema is strict about them too.
    let mut changed = internal.clone();
    changed["phones"]["submissions"][0]["outcome"] = Value::from("lost");
    assert!(!validator().is_valid(&changed), "an unknown outcome passes");
    let mut changed = internal.clone();
    changed["phones"]["submissions"][0]["phone"] = Value::from("+47 900 00 000");
    assert!(!validator().is_valid(&changed), "an unknown field passes");
    let mut changed = internal.clone();
    changed["room"][0]["item"] = Value::from("Q1");
    assert!(!validator().is_valid(&changed), "a pinned item that is not an id passes");
}
