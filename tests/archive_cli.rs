//! `convene archive` and `convene search`: every record of the data directory in one SQLite
//! file, refreshed record by record, searched across years; and the packaging commands
//! (`convene completions`, `convene man`).

mod support;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use support::convene;

/// A data directory holding the two sample records, as `convene records` finds them.
fn data_with_records(root: &Path) -> PathBuf {
    let data = root.join("data");
    let records = data.join("records");
    for (name, folder) in [
        ("2026-05-12-porsgrunn-citizen-lab-2026", "citizen-lab"),
        ("2026-10-06-policy-council-2026", "policy-council"),
    ] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/records").join(folder);
        let to = records.join(name);
        std::fs::create_dir_all(&to).expect("a record folder");
        for file in ["agenda.toml", "journal.jsonl"] {
            std::fs::copy(from.join(file), to.join(file)).expect("copy the record");
        }
    }
    data
}

/// Every item of a record's minutes model: (number, text).
fn items_of(data: &Path, record: &Path, public: bool) -> Vec<(u64, String)> {
    let record = record.display().to_string();
    let mut args = vec!["minutes", record.as_str(), "--json"];
    if public {
        args.push("--public");
    }
    let out = convene(data, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let model: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON minutes");
    model["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .flat_map(|s| s["items"].as_array().cloned().unwrap_or_default())
        .map(|i| (i["number"].as_u64().expect("a number"), i["text"].as_str().unwrap_or("").into()))
        .collect()
}

fn count(db: &Connection, table: &str) -> i64 {
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).expect("a count")
}

#[test]
fn the_archive_holds_every_item_once_and_search_finds_each_of_them() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let data = data_with_records(temp.path());
    let file = temp.path().join("lab.sqlite");
    let file_arg = file.display().to_string();

    let first = convene(&data, &["archive", file_arg.as_str()]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stdout, format!("{file_arg}: 2 records written, 0 unchanged\n"));
    let again = convene(&data, &["archive", file_arg.as_str()]);
    assert_eq!(again.stdout, format!("{file_arg}: 0 records written, 2 unchanged\n"));

    let records: Vec<PathBuf> = std::fs::read_dir(data.join("records"))
        .expect("records")
        .map(|e| e.expect("a record").path())
        .collect();
    let all: Vec<(PathBuf, u64, String)> = records
        .iter()
        .flat_map(|r| items_of(&data, r, false).into_iter().map(move |(n, t)| (r.clone(), n, t)))
        .collect();
    assert!(all.len() > 40, "both records have many items: {}", all.len());
    let db = Connection::open(&file).expect("the archive");
    assert_eq!(count(&db, "events"), 2);
    assert_eq!(count(&db, "items"), all.len() as i64);
    assert_eq!(count(&db, "items_search"), all.len() as i64);

    // Every item is found by the words of its text.
    for (record, number, text) in &all {
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 3)
            .take(4)
            .collect();
        if words.is_empty() {
            continue;
        }
        let mut args = vec!["search", "--archive", file_arg.as_str()];
        args.extend(words.iter().copied());
        let found = convene(&data, &args);
        assert_eq!(found.code, 0, "{}", found.stderr);
        let title = if record.ends_with("2026-05-12-porsgrunn-citizen-lab-2026") {
            "Porsgrunn Citizen Lab 2026"
        } else {
            "Policy Council 2026"
        };
        assert!(
            found
                .stdout
                .lines()
                .any(|line| line.contains(title) && line.contains(&format!("{number}  {text}"))),
            "{words:?} should find item {number} \"{text}\":\n{}",
            found.stdout
        );
    }

    // A record that changes (consent withdrawn afterwards) is written again, whole: nothing
    // twice.
    let lab = records
        .iter()
        .find(|r| r.ends_with("2026-05-12-porsgrunn-citizen-lab-2026"))
        .expect("the lab")
        .display()
        .to_string();
    let consent = convene(&data, &["consent", lab.as_str(), "Ingrid Solberg", "yes"]);
    assert_eq!(consent.code, 0, "{}", consent.stderr);
    let third = convene(&data, &["archive", file_arg.as_str()]);
    assert_eq!(third.stdout, format!("{file_arg}: 1 record written, 1 unchanged\n"));
    assert_eq!(count(&db, "items"), all.len() as i64);
    assert_eq!(count(&db, "items_search"), all.len() as i64);
}

#[test]
fn search_refreshes_the_default_archive_and_says_when_nothing_is_found() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let data = data_with_records(temp.path());
    let found = convene(&data, &["search", "DUST"]);
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert!(data.join("archive.sqlite").is_file());
    let lines: Vec<&str> = found.stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "2026-05-12  Porsgrunn Citizen Lab 2026 · session 4 · C12  Dust from the trucks"
        ),
        "{}",
        found.stdout
    );
    assert!(
        found.stdout.ends_with(&format!("items in {}\n", data.join("archive.sqlite").display()))
    );
    let none = convene(&data, &["search", "zeppelin"]);
    assert_eq!(none.code, 0);
    assert!(none.stdout.starts_with("Nothing found for \"zeppelin\""), "{}", none.stdout);
    // A missing archive given by name is an error that says how to make it.
    let missing = temp.path().join("nowhere.sqlite");
    let missing_arg = missing.display().to_string();
    let out = convene(&data, &["search", "dust", "--archive", missing_arg.as_str()]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: no archive at {missing_arg}; make it first with: convene archive {missing_arg}\n"
        )
    );
}

#[test]
fn a_public_archive_holds_only_what_the_public_minutes_show() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let data = data_with_records(temp.path());
    let file = temp.path().join("public.sqlite");
    let file_arg = file.display().to_string();
    let out = convene(&data, &["archive", file_arg.as_str(), "--public"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let records: Vec<PathBuf> = std::fs::read_dir(data.join("records"))
        .expect("records")
        .map(|e| e.expect("a record").path())
        .collect();
    let public: usize = records.iter().map(|r| items_of(&data, r, true).len()).sum();
    let internal: usize = records.iter().map(|r| items_of(&data, r, false).len()).sum();
    assert!(public < internal, "internal items are left out: {public} vs {internal}");
    let db = Connection::open(&file).expect("the archive");
    assert_eq!(count(&db, "items"), public as i64);
    let internal_rows: i64 = db
        .query_row("SELECT count(*) FROM items WHERE internal = 1", [], |row| row.get(0))
        .expect("a count");
    assert_eq!(internal_rows, 0);
    // Ingrid Solberg did not consent: her name is nowhere in the public archive.
    let named: i64 = db
        .query_row(
            "SELECT count(*) FROM items WHERE text LIKE '%Solberg%' OR by LIKE '%Solberg%' OR owner LIKE '%Solberg%'",
            [],
            |row| row.get(0),
        )
        .expect("a count");
    assert_eq!(named, 0);
    // The same file cannot take the internal version.
    let mixed = convene(&data, &["archive", file_arg.as_str()]);
    assert_eq!(mixed.code, 1);
    assert_eq!(
        mixed.stderr,
        format!(
            "error: the archive {file_arg} holds the public version and this run asks for the internal one; use another FILE for each\n"
        )
    );
}

#[test]
fn completions_and_the_manual_page_name_every_command() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    for shell in ["bash", "zsh", "fish"] {
        let out = convene(temp.path(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        for command in ["run", "join", "archive", "search", "minutes", "merge"] {
            assert!(out.stdout.contains(command), "{shell} completions lack {command}");
        }
    }
    let man = convene(temp.path(), &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &man.stdout[..80.min(man.stdout.len())]
    );
    assert!(man.stdout.contains(".TH convene 1"));
    for command in ["convene\\-join", "convene\\-archive", "convene\\-search"] {
        assert!(man.stdout.contains(command), "the manual page lacks {command}");
    }
    let bad = convene(temp.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}
