//! `convene review RECORD` on a council recorded from Rust as the live screen records one:
//! the exact listing, the verdict and the exit status, and that the public minutes hold none
//! of the participants while the internal ones keep what was typed.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use convene::journal::Change;
use convene::live::ItemKind;

use support::{convene, read};

/// A policy council under the Chatham House Rule (a council's default): a participant who
/// did not consent in each of two groups, one who did, an organisation and two places.
fn agenda_text(second_lead: &str) -> String {
    format!(
        r#"
title = "Herøya Policy Council 2026"
kind = "council"
date = 2026-10-06
start = "09:00"
location = "Herøya Forskningspark, Porsgrunn"
organisations = ["Yara", "European Commission"]
places = ["Porsgrunn", "Skien"]

[team]
facilitator = "Clara Berg"
note_taker = "Jonas"

[[groups]]
id = "industry"
name = "Industry"

[[groups]]
id = "government"
name = "National governments"

[[groups]]
id = "civil"
name = "Civil society"

[[participants]]
name = "Kari Nordvik"
group = "industry"
consent = false

[[participants]]
name = "Henrik Dahl"
group = "government"
consent = true

[[participants]]
name = "Katarzyna Nowak"
group = "civil"
consent = false

[[sessions]]
title = "Supply security"
duration = "45m"
lead = "Henrik Dahl"

[[sessions]]
title = "Social and environmental standards"
duration = "45m"
lead = "{second_lead}"
"#
    )
}

/// Records an ended event: each capture line (session, kind, line as typed, answer) is
/// parsed as the capture line parses it. Returns the record folder.
fn record(
    data: &Path,
    agenda_text: &str,
    captures: &[(usize, ItemKind, &str, Option<&str>)],
) -> PathBuf {
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-10-06T09:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(data).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(data, device, &agenda, agenda_text, at(0)).expect("a new record");
    let mut minute = 0;
    let mut append = |change: Change, record: &mut convene::record::Record| {
        minute += 1;
        let entry = stamp.entry(change, at(minute));
        record.journal.append(entry.clone()).expect("a durable entry");
        entry
    };
    let mut session = 0;
    append(Change::SessionStarted { session: 0, elapsed_ms: 0 }, &mut record);
    for &(at_session, kind, line, answer) in captures {
        if at_session != session {
            append(Change::SessionEnded { session, elapsed_ms: 20 * 60_000 }, &mut record);
            session = at_session;
            append(Change::SessionStarted { session, elapsed_ms: 0 }, &mut record);
        }
        let fields = convene::capture::parse(line, &agenda).fields;
        // The id is given when the change is stamped.
        let captured = Change::ItemCaptured {
            item: Default::default(),
            kind,
            session,
            offset_ms: 60_000,
            fields,
        };
        let entry = append(captured, &mut record);
        if let (Some(answer), Change::ItemCaptured { item, .. }) = (answer, entry.change) {
            append(Change::ItemAnswered { item, answer: answer.to_string() }, &mut record);
        }
    }
    append(Change::SessionEnded { session, elapsed_ms: 20 * 60_000 }, &mut record);
    append(Change::EventEnded, &mut record);
    record.dir.clone()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// Non-consenting participants and people the agenda does not list, named inside texts,
/// answers and owners, as a note-taker types them in a hurry.
#[test]
fn review_lists_every_name_replaced_or_unknown_and_exits_1() {
    let temp = tempdir();
    let dir = record(
        temp.path(),
        &agenda_text("Prof. Hansen"),
        &[
            (
                0,
                ItemKind::Question,
                "Can Kari Nordvik's plant supply Europe by 2030? @Henrik",
                Some("Kari says yes, if Dr. Lindqvist signs the permit"),
            ),
            (0, ItemKind::Action, "Send the offtake figures to Katarzyna >Katarzyna", None),
            (0, ItemKind::Concern, "Ask Lena Holm about the trucks through Skien @the_mayor", None),
            (1, ItemKind::Action, "Draft the standard with Herr Müller >Per_Olsen", None),
            (1, ItemKind::Decision, "Yara shares its audits with the European Commission", None),
            (1, ItemKind::Idea, "Ask Kari Nordvik about the budget !internal", None),
            (1, ItemKind::Action, "Publish the audit summary >Yara", None),
        ],
    );

    let out = convene(temp.path(), &[OsStr::new("review"), dir.as_os_str()]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "\
Replaced in the public minutes (11):
  lead of session 1: \"Henrik Dahl\" → \"a participant from National governments\"
  question 1 in session 1, text: \"Kari Nordvik\" → \"a participant from Industry\"
  question 1 in session 1, raised by: \"Henrik Dahl\" → \"a participant from National governments\"
  question 1 in session 1, answer: \"Kari\" → \"A participant from Industry\"
  question 1 in session 1, answer: \"Dr. Lindqvist\" → \"someone\"
  action 2 in session 1, text: \"Katarzyna\" → \"a participant from Civil society\"
  action 2 in session 1, owner: \"Katarzyna Nowak\" → \"a participant from Civil society\"
  concern 3 in session 1, raised by: \"the mayor\" → nobody
  lead of session 2: \"Prof. Hansen\" → nobody
  action 4 in session 2, text: \"Herr Müller\" → \"someone\"
  action 4 in session 2, owner: \"Per Olsen\" → nobody

Not in the agenda (6):
  question 1 in session 1, answer: \"Dr. Lindqvist\" — a title and a name not in the agenda; \"someone\" in public
  concern 3 in session 1, text: \"Lena Holm\" — capitalised words not in the agenda; published as typed
  concern 3 in session 1, raised by: \"the mayor\" — matches nobody in the agenda; not published
  lead of session 2: \"Prof. Hansen\" — matches nobody in the agenda; not published
  action 4 in session 2, text: \"Herr Müller\" — a title and a name not in the agenda; \"someone\" in public
  action 4 in session 2, owner: \"Per Olsen\" — matches nobody in the agenda; not published

Kept internal (1):
  idea 6 in session 2: \"Ask Kari Nordvik about the budget\"

needs a look: 6 names not in the agenda, 11 names replaced as the policy says, 1 item kept internal
"
    );
    assert_eq!(out.code, 1);

    // The minutes as the review says: no participant in the public ones, nobody the agenda
    // does not list after a title; the internal ones as typed.
    let out = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let public = read(&dir.join("minutes.public.md"));
    for name in [
        "Kari",
        "Nordvik",
        "Henrik",
        "Dahl",
        "Katarzyna",
        "Nowak",
        "Lindqvist",
        "Müller",
        "Per Olsen",
        "Hansen",
        "mayor",
    ] {
        assert!(!public.contains(name), "{name} in the public minutes:\n{public}");
    }
    for line in [
        "*lead a participant from National governments · 09:01–09:06 · 20m of 45m*",
        "- **Question** 09:02: Can a participant from Industry's plant supply Europe by 2030? — *a participant from National governments*",
        "  - *Answer:* A participant from Industry says yes, if someone signs the permit",
        "- **Action** 09:04: Send the offtake figures to a participant from Civil society · owner: a participant from Civil society",
        // Flagged, not replaced: capitalised words may be an institution.
        "- **Concern** 09:05: Ask Lena Holm about the trucks through Skien",
        // A lead and an owner who match nobody are not shown.
        "*09:07–09:12 · 20m of 45m*",
        "- **Action** 09:08: Draft the standard with someone",
        "- **Action** 09:11: Publish the audit summary · owner: Yara",
    ] {
        assert!(public.lines().any(|l| l == line), "{line}\n{public}");
    }
    let internal = read(&dir.join("minutes.md"));
    for typed in [
        "Can Kari Nordvik's plant supply Europe by 2030?",
        "Kari says yes, if Dr. Lindqvist signs the permit",
        "Draft the standard with Herr Müller",
        "Ask Kari Nordvik about the budget",
        "owner: Per Olsen",
    ] {
        assert!(internal.contains(typed), "{typed} not in the internal minutes:\n{internal}");
    }
}

/// Names the policy replaces and an item kept internal are for information: nothing to look
/// at, exit 0.
#[test]
fn review_of_a_clean_record_says_ready_to_publish_and_exits_0() {
    let temp = tempdir();
    let dir = record(
        temp.path(),
        &agenda_text("Clara Berg"),
        &[
            (
                0,
                ItemKind::Question,
                "Will Yara buy apatite from Skien? @Kari",
                Some("Yes, from 2027"),
            ),
            (1, ItemKind::Decision, "The European Commission hears the standard in March", None),
            (1, ItemKind::Note, "Call Per Olsen", None),
            (1, ItemKind::Idea, "Ask Lena Holm !internal", None),
        ],
    );
    let out = convene(temp.path(), &[OsStr::new("review"), dir.as_os_str()]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "\
Replaced in the public minutes (2):
  lead of session 1: \"Henrik Dahl\" → \"a participant from National governments\"
  question 1 in session 1, raised by: \"Kari Nordvik\" → \"a participant from Industry\"

Not in the agenda: none

Kept internal (1):
  idea 4 in session 2: \"Ask Lena Holm\"

ready to publish: 2 names replaced as the policy says, 1 item kept internal
"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn review_of_what_is_not_a_record_exits_2() {
    let temp = tempdir();
    let out = convene(temp.path(), &[OsStr::new("review"), temp.path().as_os_str()]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
}
