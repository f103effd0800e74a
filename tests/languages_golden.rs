//! The minutes in each language: the sample lab record (`tests/records/citizen-lab`) written
//! by the real binary with `--lang`, internal and public, compared byte for byte with
//! `tests/golden/languages/minutes.<lang>.md` and `minutes.public.<lang>.md`.
//!
//! The goldens were written once by `convene minutes tests/records/citizen-lab --lang LANG -o
//! FILE` and read through: convene's words translated, typed text as typed. When the minutes
//! change on purpose, write them again (`CONVENE_WRITE_GOLDEN=1 cargo test --test
//! languages_golden`) and read the diff before committing it.

mod support;

use std::path::{Path, PathBuf};

use support::{convene, read};

const RECORD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/records/citizen-lab");
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/languages");
const LANGS: [&str; 4] = ["nb", "de", "fr", "nl"];

fn copy_record(into: &Path) -> PathBuf {
    let dir = into.join("citizen-lab");
    std::fs::create_dir_all(&dir).expect("create the record folder");
    for file in ["agenda.toml", "journal.jsonl"] {
        std::fs::copy(Path::new(RECORD).join(file), dir.join(file)).expect("copy the record");
    }
    dir
}

/// The minutes of the record in a language, through `convene minutes --lang LANG -o FILE`.
fn minutes(data: &Path, record: &Path, lang: &str, public: bool) -> String {
    let out = data.join(format!("out.{lang}.{public}.md"));
    let mut args = vec![
        "minutes".to_string(),
        record.to_str().expect("a UTF-8 path").to_string(),
        "--lang".into(),
        lang.into(),
        "-o".into(),
        out.to_str().expect("a UTF-8 path").into(),
    ];
    if public {
        args.push("--public".into());
    }
    let run = convene(data, &args);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "convene minutes --lang {lang}");
    read(&out)
}

fn golden_name(lang: &str, public: bool) -> String {
    if public { format!("minutes.public.{lang}.md") } else { format!("minutes.{lang}.md") }
}

fn check(lang: &str, public: bool, text: &str) {
    let path = Path::new(GOLDEN).join(golden_name(lang, public));
    if std::env::var_os("CONVENE_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(GOLDEN).expect("create the golden folder");
        std::fs::write(&path, text).expect("write a golden");
    }
    assert!(read(&path) == text, "{} differs from the minutes written", path.display());
}

#[test]
fn the_lab_minutes_in_each_language_are_the_goldens() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let record = copy_record(data.path());
    for lang in LANGS {
        for public in [false, true] {
            check(lang, public, &minutes(data.path(), &record, lang, public));
        }
    }
}

#[test]
fn english_by_flag_is_the_english_golden() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let record = copy_record(data.path());
    assert_eq!(
        minutes(data.path(), &record, "en", false),
        read(&Path::new(RECORD).join("minutes.md"))
    );
    assert_eq!(
        minutes(data.path(), &record, "en", true),
        read(&Path::new(RECORD).join("minutes.public.md"))
    );
}

#[test]
fn one_journal_gives_two_languages_and_the_record_folder_gets_the_chosen_one() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let record = copy_record(data.path());
    let golden =
        |lang: &str, public: bool| read(&Path::new(GOLDEN).join(golden_name(lang, public)));
    // Alternating languages over one journal: each is its own golden, nothing leaks over.
    assert_eq!(minutes(data.path(), &record, "nb", false), golden("nb", false));
    assert_eq!(minutes(data.path(), &record, "de", false), golden("de", false));
    assert_eq!(minutes(data.path(), &record, "nb", true), golden("nb", true));
    // Without -o both versions are written into the record folder, in the language asked for.
    let run =
        convene(data.path(), &["minutes", record.to_str().expect("a UTF-8 path"), "--lang", "fr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&record.join("minutes.md")), golden("fr", false));
    assert_eq!(read(&record.join("minutes.public.md")), golden("fr", true));
    // The JSON form is the same in every language.
    let json = |lang: &str| {
        let run = convene(
            data.path(),
            &["minutes", record.to_str().expect("a UTF-8 path"), "--json", "--lang", lang],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(json("nl"), json("en"));
}

#[test]
fn an_unknown_language_is_one_line_naming_the_five() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let record = copy_record(data.path());
    let record = record.to_str().expect("a UTF-8 path");
    let run = convene(data.path(), &["minutes", record, "--lang", "xx"]);
    assert_eq!(
        (run.code, run.stderr.as_str(), run.stdout.as_str()),
        (1, "error: --lang: unknown language \"xx\"; use one of en, nb, de, fr, nl\n", "")
    );
    let run = convene(data.path(), &["minutes", record, "--lang", "no"]);
    assert_eq!(
        run.stderr,
        "error: --lang: unknown language \"no\"; did you mean \"nb\" (Norwegian Bokmål)? use one of en, nb, de, fr, nl\n"
    );
    // Nothing was written.
    assert!(!Path::new(record).join("minutes.md").exists());
}
