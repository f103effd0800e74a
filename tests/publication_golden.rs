//! Golden minutes of a policy council where people are named everywhere a note-taker types
//! them: participants who did and did not consent, and people the agenda does not list, in
//! item texts, answers, by-lines, owners and session leads; with items marked internal, a
//! note, organisations and places. One record per policy (`named`, `group`, `anonymous`),
//! written with the real binary's `convene minutes`, compared byte for byte with
//! `tests/golden/publication/`.
//!
//! When the minutes change on purpose, the failing test writes what it got into a temporary
//! folder and prints its path: read the diff, then copy the files over the golden ones.

mod support;

use std::ffi::OsStr;
use std::path::Path;

use support::council::{POLICIES, council_record};
use support::{convene, read};

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/publication");

/// Writes the minutes of the council under each policy; returns (policy, internal, public).
fn minutes_by_policy(temp: &Path) -> Vec<(&'static str, String, String)> {
    POLICIES
        .iter()
        .map(|&policy| {
            let data = temp.join(policy);
            let dir = council_record(&data, policy);
            let out = convene(&data, &[OsStr::new("minutes"), dir.as_os_str()]);
            assert_eq!(out.code, 0, "{policy}: {}", out.stderr);
            (policy, read(&dir.join("minutes.md")), read(&dir.join("minutes.public.md")))
        })
        .collect()
}

/// Compares with the golden files; on a difference, keeps what was got for reading.
fn compare(got: &[(String, String)]) {
    let mut differ = Vec::new();
    for (file, text) in got {
        let golden = std::fs::read_to_string(Path::new(GOLDEN).join(file)).unwrap_or_default();
        if golden != *text {
            differ.push(file.clone());
        }
    }
    if differ.is_empty() {
        return;
    }
    let keep = tempfile::Builder::new().prefix("convene-golden-").tempdir().expect("a folder");
    let keep = keep.keep();
    for (file, text) in got {
        std::fs::write(keep.join(file), text).expect("write what was got");
    }
    panic!(
        "{differ:?} differ from {GOLDEN}; what was got is in {} (diff it, then copy it over)",
        keep.display()
    );
}

#[test]
fn the_minutes_of_a_council_naming_people_everywhere_equal_the_golden_files_in_every_policy() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let written = minutes_by_policy(temp.path());
    // The internal minutes do not depend on the policy: every name as typed.
    let internal = &written[0].1;
    for (policy, other, _) in &written {
        assert_eq!(other, internal, "{policy}: the internal minutes changed with the policy");
    }
    let mut got = vec![("minutes.md".to_string(), internal.clone())];
    for (policy, _, public) in &written {
        got.push((format!("minutes.public.{policy}.md"), public.clone()));
    }
    compare(&got);
}

#[test]
fn no_public_version_holds_a_participant_who_did_not_consent_or_a_note_or_an_internal_item() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    for (policy, internal, public) in minutes_by_policy(temp.path()) {
        for name in ["Henrik", "Dahl", "Sofie", "Lambert"] {
            assert!(internal.contains(name), "{policy}: {name} is in the internal minutes");
            assert!(!public.contains(name), "{policy}: {name} in the public minutes:\n{public}");
        }
        if policy != "named" {
            for name in ["Marit", "Haugen", "Pieter", "Janssens"] {
                assert!(!public.contains(name), "{policy}: {name} in public:\n{public}");
            }
        }
        for private in ["not to be quoted", "Ola Nordmann", "Lars Eik", "the mayor"] {
            assert!(internal.contains(private), "{policy}: {private} internally");
            assert!(!public.contains(private), "{policy}: {private} in public:\n{public}");
        }
        // Institutions are named in every policy, as owners and as a lead.
        for shown in [
            "· owner: Herøya Industrial Park",
            "· owner: Public authorities",
            "*plenary · lead Porsgrunn municipality · ",
        ] {
            assert!(public.contains(shown), "{policy}: {shown:?} missing:\n{public}");
        }
    }
}

#[test]
fn the_review_of_the_council_lists_every_name_and_asks_for_a_look_in_every_policy() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let mut got = Vec::new();
    for policy in POLICIES {
        let data = temp.path().join(policy);
        let dir = council_record(&data, policy);
        let out = convene(&data, &[OsStr::new("review"), dir.as_os_str()]);
        assert_eq!(out.code, 1, "{policy}: people not in the agenda need a look\n{}", out.stdout);
        assert_eq!(out.stderr, "", "{policy}");
        // Every person the agenda does not list, wherever the note-taker typed them.
        for name in ["Dr. Lindqvist", "Mr Hansen", "Anna Berg", "Lars Eik", "the mayor"] {
            assert!(out.stdout.contains(name), "{policy}: {name} not listed\n{}", out.stdout);
        }
        assert!(out.stdout.contains("Keynote speaker, European Commission"), "{policy}: lead");
        // Every participant who did not consent, where the public minutes replaced them.
        for name in ["\"Henrik\"", "\"Henrik Dahl\"", "\"Sofie\"", "\"Sofie Lambert\""] {
            assert!(out.stdout.contains(name), "{policy}: {name} not listed\n{}", out.stdout);
        }
        got.push((format!("review.{policy}.txt"), out.stdout));
    }
    compare(&got);
}
