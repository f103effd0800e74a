//! End-to-end tests of `convene check`, `convene plan` and `convene new`: the real binary,
//! run in a fresh temporary folder, with exit codes and output lines asserted exactly.
//!
//! Fixtures live in `tests/fixtures/agendas/`, one small agenda per error class. Every test
//! copies what it needs into a temporary folder and runs there, so nothing is ever written
//! into the repository; most tests also assert that the command wrote nothing at all.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_convene");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/agendas");
const AGENDAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/agendas");

/// What one run of the binary did.
struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Output {
    fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    fn stdout_lines(&self) -> Vec<String> {
        self.stdout_text().lines().map(str::to_string).collect()
    }

    fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lines().map(str::to_string).collect()
    }
}

/// A temporary folder to run the binary in; it remembers the files the test put there.
struct Sandbox {
    dir: tempfile::TempDir,
    inputs: Vec<String>,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().expect("create a temporary folder"), inputs: Vec::new() }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes an input file into the sandbox.
    fn write(&mut self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, bytes).expect("write an input file");
        self.inputs.push(name.to_string());
        path
    }

    /// Copies a fixture into the sandbox under the same name.
    fn fixture(&mut self, name: &str) -> PathBuf {
        let bytes = fixture_bytes(name);
        self.write(name, &bytes)
    }

    /// Runs the binary with the sandbox as working, data and home folder.
    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(BIN)
            .args(args)
            .current_dir(self.path())
            .env("CONVENE_DATA_DIR", self.path().join("data"))
            .env("HOME", self.path().join("home"))
            .env("XDG_DATA_HOME", self.path().join("home"))
            .output()
            .expect("run the convene binary");
        let output = Output {
            code: out.status.code().expect("convene was killed by a signal"),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !output.stderr.contains("panicked"),
            "convene {args:?} panicked:\n{}",
            output.stderr
        );
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("panicked"),
            "convene {args:?} printed a panic on stdout"
        );
        output
    }

    /// Asserts that the sandbox holds exactly the files the test put there: the command
    /// created no file or folder (not even the data directory) and removed none.
    fn assert_nothing_written(&self) {
        let mut found: Vec<String> = std::fs::read_dir(self.path())
            .expect("list the sandbox")
            .map(|entry| entry.expect("read a sandbox entry").file_name().into_string().unwrap())
            .collect();
        found.sort();
        let mut expected = self.inputs.clone();
        expected.sort();
        assert_eq!(found, expected, "the command wrote or removed files");
    }
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = Path::new(FIXTURES).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read fixture {}: {e}", path.display()))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture_bytes(name)).expect("fixture is UTF-8")
}

/// Runs `convene check NAME` on a copy of a fixture; asserts it wrote nothing.
fn check_fixture(name: &str) -> Output {
    let mut sandbox = Sandbox::new();
    sandbox.fixture(name);
    let out = sandbox.run(&["check", name]);
    sandbox.assert_nothing_written();
    out
}

/// Asserts one `FILE:LINE:COL: LEVEL: MESSAGE` line: its exact place and parts of its message.
fn assert_diagnostic(
    line: &str,
    file: &str,
    (row, column): (usize, usize),
    level: &str,
    fragments: &[&str],
) {
    let prefix = format!("{file}:{row}:{column}: {level}: ");
    assert!(line.starts_with(&prefix), "expected a line starting with {prefix:?}, got {line:?}");
    for fragment in fragments {
        assert!(line.contains(fragment), "expected {fragment:?} in {line:?}");
    }
}

/// Checks a fixture that has exactly one error and asserts that error line and exit code 1.
fn assert_single_error(name: &str, at: (usize, usize), fragments: &[&str]) {
    let out = check_fixture(name);
    let lines = out.stdout_lines();
    assert_eq!(out.code, 1, "check {name} must exit 1; printed {lines:#?}");
    assert_eq!(lines.len(), 1, "check {name} must print exactly one line: {lines:#?}");
    assert_diagnostic(&lines[0], name, at, "error", fragments);
    assert_eq!(out.stderr, "", "check prints its diagnostics on stdout only");
}

/// `convene check` on a file written into a fresh sandbox; asserts nothing else was written.
fn check_bytes(name: &str, bytes: &[u8]) -> Output {
    let mut sandbox = Sandbox::new();
    sandbox.write(name, bytes);
    let out = sandbox.run(&["check", name]);
    sandbox.assert_nothing_written();
    out
}

fn with_bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

fn with_crlf(text: &str) -> String {
    assert!(!text.contains('\r'), "fixture already has CR characters");
    text.replace('\n', "\r\n")
}

// 1. Shipped agendas and starter templates are valid.

#[test]
fn every_sample_agenda_passes_check() {
    let mut checked = 0;
    for entry in std::fs::read_dir(AGENDAS).expect("list agendas/") {
        let path = entry.expect("read an agendas/ entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let sandbox = Sandbox::new();
        let out = sandbox.run(&["check", path.to_str().expect("UTF-8 path")]);
        let lines = out.stdout_lines();
        assert_eq!(out.code, 0, "{} must pass check: {lines:#?}", path.display());
        assert!(
            !lines.iter().any(|l| l.contains(": error: ")),
            "{} printed an error: {lines:#?}",
            path.display()
        );
        assert_eq!(out.stderr, "", "{} wrote to stderr", path.display());
        sandbox.assert_nothing_written();
        checked += 1;
    }
    assert!(checked >= 2, "expected the sample agendas in agendas/, found {checked}");
}

#[test]
fn new_lab_and_council_write_agendas_that_check_silently() {
    for kind in ["lab", "council"] {
        let sandbox = Sandbox::new();
        let name = format!("my-{kind}.toml");
        let out = sandbox.run(&["new", kind, &name]);
        assert_eq!(out.code, 0, "new {kind} failed: {}", out.stderr);
        assert_eq!(out.stderr, "");
        assert!(sandbox.path().join(&name).is_file(), "new {kind} wrote no {name}");

        let out = sandbox.run(&["check", &name]);
        assert_eq!(out.code, 0, "the {kind} template must pass check: {:#?}", out.stdout_lines());
        assert_eq!(out.stdout_text(), "", "the {kind} template must check without any output");
        assert_eq!(out.stderr, "", "the {kind} template must check without any output");
    }
}

// 2. `new` never overwrites.

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let mut sandbox = Sandbox::new();
    let original = b"# my own agenda, hours of work\ntitle = \"Keep me\"\n";
    let path = sandbox.write("lab.toml", original);

    let out = sandbox.run(&["new", "lab", "lab.toml"]);
    assert_eq!(out.code, 1);
    let lines = out.stderr_lines();
    assert_eq!(lines.len(), 1, "expected one error line, got {lines:#?}");
    assert!(lines[0].starts_with("error: "), "{:?}", lines[0]);
    assert!(lines[0].contains("lab.toml"), "the error must name the path: {:?}", lines[0]);
    assert!(lines[0].contains("already exists"), "{:?}", lines[0]);
    assert_eq!(out.stdout_text(), "");
    assert_eq!(std::fs::read(&path).unwrap(), original, "the existing file was changed");
    sandbox.assert_nothing_written();
}

// 3. One error class per test.

#[test]
fn check_reports_toml_syntax_error() {
    // Line 4 is `start = "18:00` with no closing quote; the parser stops at the line end.
    assert_single_error("syntax_error.toml", (4, 15), &["invalid TOML", "string"]);
}

#[test]
fn check_reports_unknown_session_key_with_suggestion() {
    // The misspelt key is indented by two spaces on line 12, so it starts in column 3.
    let out = check_fixture("unknown_session_key.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 1);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    // Session 2 (its table starts at line 10) therefore has no `duration` either.
    assert_diagnostic(
        &lines[0],
        "unknown_session_key.toml",
        (10, 1),
        "error",
        &["session 2 has no `duration`"],
    );
    assert_diagnostic(
        &lines[1],
        "unknown_session_key.toml",
        (12, 3),
        "error",
        &["unknown key `duraton`", "did you mean `duration`?"],
    );
}

#[test]
fn check_reports_unknown_root_key() {
    assert_single_error(
        "unknown_root_key.toml",
        (5, 1),
        &["unknown key `venue` in the agenda", "location"],
    );
}

#[test]
fn check_reports_an_unknown_key_and_a_wrong_type_in_phones() {
    assert_single_error(
        "phones_unknown_key.toml",
        (7, 1),
        &["unknown key `name` in [phones]", "did you mean `names`?"],
    );
    assert_single_error(
        "phones_names_not_bool.toml",
        (7, 9),
        &["`names` must be true or false (without quotes), not a string"],
    );
}

#[test]
fn check_reports_every_missing_required_key_of_an_empty_file() {
    let out = check_fixture("empty.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 1);
    assert_eq!(lines.len(), 5, "{lines:#?}");
    for (line, key) in lines.iter().zip(["title", "kind", "date", "start", "sessions"]) {
        assert_diagnostic(line, "empty.toml", (1, 1), "error", &[&format!("no `{key}`")]);
    }
}

#[test]
fn check_reports_unknown_kind() {
    assert_single_error("unknown_kind.toml", (2, 8), &["unknown kind \"workshop\"", "\"lab\""]);
}

#[test]
fn check_reports_unknown_format_with_suggestion() {
    assert_single_error(
        "unknown_format.toml",
        (9, 10),
        &["unknown format \"plenery\"", "did you mean \"plenary\"?"],
    );
}

#[test]
fn check_reports_unknown_attribution() {
    assert_single_error(
        "unknown_attribution.toml",
        (5, 15),
        &["unknown attribution \"public\"", "\"anonymous\""],
    );
}

#[test]
fn check_reports_unparsable_duration() {
    assert_single_error(
        "duration_unparsable.toml",
        (8, 12),
        &["`duration` \"10 minutes\"", "does not parse"],
    );
}

#[test]
fn check_reports_zero_duration() {
    assert_single_error("duration_zero.toml", (8, 12), &["`duration` \"0m\"", "zero"]);
}

#[test]
fn check_reports_negative_duration() {
    assert_single_error("duration_negative.toml", (8, 12), &["`duration` \"-5m\"", "negative"]);
}

#[test]
fn check_reports_duration_over_24_hours() {
    assert_single_error("duration_too_long.toml", (8, 12), &["`duration` \"25h\"", "24 hours"]);
}

#[test]
fn check_reports_integer_duration() {
    assert_single_error(
        "duration_integer.toml",
        (8, 12),
        &["`duration` must be a duration in quotes", "\"10m\"", "not an integer"],
    );
}

#[test]
fn check_reports_undeclared_participant_group() {
    assert_single_error(
        "undeclared_group.toml",
        (12, 9),
        &["participant group \"workers\" is not a declared group", "\"residents\""],
    );
}

#[test]
fn check_reports_escaped_control_character_in_title() {
    // `title = "a\u0007b"`: the TOML escape is valid TOML, the BEL it makes is not a title.
    assert_single_error("control_char_title.toml", (1, 9), &["`title`", "\\x07"]);
    let out = check_fixture("control_char_title.toml");
    assert!(!out.stdout.contains(&0x07), "the raw BEL byte reached the terminal");
}

#[test]
fn check_never_prints_a_raw_escape_byte() {
    // Line 7 is `title = "Wel<ESC>[31mcome"`: a raw control character inside a TOML string is
    // a syntax error, at the ESC byte (after the 12 characters `title = "Wel`).
    assert!(fixture_bytes("raw_escape_byte.toml").contains(&0x1b), "fixture lost its ESC byte");
    let out = check_fixture("raw_escape_byte.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 1);
    assert!(!lines.is_empty());
    assert_diagnostic(&lines[0], "raw_escape_byte.toml", (7, 13), "error", &["invalid TOML"]);
    assert!(!out.stdout.contains(&0x1b), "stdout holds a raw ESC byte: {:?}", out.stdout_text());
    assert!(!out.stderr.contains('\u{1b}'), "stderr holds a raw ESC byte");
}

#[test]
fn check_reports_end_before_start() {
    assert_single_error(
        "end_before_start.toml",
        (5, 7),
        &["`end` 17:30 is not after `start` 18:00"],
    );
}

#[test]
fn check_refuses_minutes_that_spill_over_an_hour() {
    // "1h90m" used to be read silently as 2h30m.
    assert_single_error(
        "duration_spills.toml",
        (8, 12),
        &[
            "`duration` \"1h90m\" has 90 minutes after a larger unit; write \"2h30m\" if that is the length meant",
        ],
    );
}

#[test]
fn check_suggests_a_duration_written_in_words_or_decimals() {
    let out = check_fixture("duration_in_words.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 1);
    assert_eq!(
        lines,
        [
            "duration_in_words.toml:8:12: error: `duration` \"20 min\" does not parse; did you mean \"20m\"?",
            "duration_in_words.toml:12:12: error: `duration` \"1.5h\" does not parse; did you mean \"1h30m\"?",
        ]
    );
}

#[test]
fn check_names_a_day_that_is_not_in_the_calendar() {
    assert_single_error(
        "date_not_in_calendar.toml",
        (3, 8),
        &["2025-11-31 is not a date: November 2025 has 30 days; check the day"],
    );
    // The same day written as a string.
    let text = fixture_text("date_not_in_calendar.toml").replace("2025-11-31", "\"2025-11-31\"");
    let out = check_bytes("string_date.toml", text.as_bytes());
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout_lines(),
        [
            "string_date.toml:3:8: error: `date` 2025-11-31 is not a date: November 2025 has 30 days; check the day"
        ]
    );
    let text = fixture_text("date_not_in_calendar.toml").replace("2025-11-31", "2026-13-01");
    let out = check_bytes("month_13.toml", text.as_bytes());
    assert_eq!(
        out.stdout_lines(),
        [
            "month_13.toml:3:8: error: invalid TOML: 2026-13-01 is not a date: there is no month 13; write year-month-day such as 2026-05-12"
        ]
    );
}

#[test]
fn check_names_a_duplicate_key_and_where_it_was_first_set() {
    let out = check_fixture("duplicate_key.toml");
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout_lines(),
        [
            "duplicate_key.toml:9:1: error: invalid TOML: duplicate key `title` (first on line 7); keep only one of them in that table"
        ]
    );
    let text = "[team]\nfacilitator = \"Clara\"\n\n[team]\nnote_taker = \"Jonas\"\n";
    let out = check_bytes("two_teams.toml", text.as_bytes());
    assert_eq!(
        out.stdout_lines(),
        [
            "two_teams.toml:4:2: error: invalid TOML: the table [team] is declared twice (first on line 1); merge them into one"
        ]
    );
    // The duplicate in the first column of its line, right under the first one.
    let text = "title = \"A\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\n[[sessions]]\ntitle = \"W\"\nduration = \"10m\"\nduration = \"20m\"\n";
    let out = check_bytes("again.toml", text.as_bytes());
    assert_eq!(
        out.stdout_lines(),
        [
            "again.toml:8:1: error: invalid TOML: duplicate key `duration` (first on line 7); keep only one of them in that table"
        ]
    );
}

#[test]
fn breaks_may_share_a_title_without_a_warning() {
    let out = check_fixture("breaks_share_titles.toml");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout_text(), "", "two \"Break\" and two \"Lunch\" sessions are not a problem");
}

// 4. Warnings: exit 0.

#[test]
fn check_warns_when_the_plan_runs_past_end() {
    // 18:00 + 10m + 1h = 19:10, ten minutes past `end` 19:00 (the value on line 5, column 7).
    let out = check_fixture("warning_overrun.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 0, "warnings alone must exit 0");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(
        &lines[0],
        "warning_overrun.toml",
        (5, 7),
        "warning",
        &["the plan ends at 19:10, 10m after `end` 19:00"],
    );
}

#[test]
fn check_warns_when_sessions_run_into_a_fixed_start() {
    // 18:00 + 10m + 30m: the sessions before "Coffee and waffles" end at 18:40, but it is
    // fixed at 18:30 (`at` on line 17, value in column 6): ten minutes late.
    let out = check_fixture("warning_late_for_at.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 0, "warnings alone must exit 0");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(
        &lines[0],
        "warning_late_for_at.toml",
        (17, 6),
        "warning",
        &[
            "session 3 \"Coffee and waffles\"",
            "is fixed at 18:30 but the sessions before it end at 18:40 (10m late)",
        ],
    );
}

#[test]
fn check_warns_about_two_sessions_with_the_same_title() {
    let out = check_fixture("warning_duplicate_title.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 0, "warnings alone must exit 0");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(
        &lines[0],
        "warning_duplicate_title.toml",
        (15, 9),
        "warning",
        &["sessions 1 and 3 share the title \"Table talk\""],
    );
}

#[test]
fn check_of_a_file_with_only_warnings_exits_0() {
    // Overrun (`end` line 5), a fixed start run into (`at` line 14), a repeated title (line 17).
    let out = check_fixture("warnings_only.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 0, "warnings alone must exit 0: {lines:#?}");
    assert_eq!(lines.len(), 3, "{lines:#?}");
    let name = "warnings_only.toml";
    assert_diagnostic(&lines[0], name, (5, 7), "warning", &["the plan ends at 19:05, 5m after"]);
    assert_diagnostic(&lines[1], name, (14, 6), "warning", &["\"Coffee\"", "(5m late)"]);
    assert_diagnostic(&lines[2], name, (17, 9), "warning", &["sessions 1 and 3", "\"Welcome\""]);
    assert!(!lines.iter().any(|l| l.contains(": error: ")));
}

#[test]
fn check_and_plan_warn_when_a_plan_runs_past_midnight_without_a_night() {
    let out = check_fixture("warning_past_midnight.toml");
    assert_eq!(out.code, 0, "a warning alone exits 0");
    let warning = "warning_past_midnight.toml:16:12: warning: session 3 \"Table talk\" runs past midnight (Tue 20:00–Wed 01:00) but no session is longer than 8h to be the night; for an event over days add an overnight session (duration = \"10h\", format = \"break\"), otherwise check the durations";
    assert_eq!(out.stdout_lines(), [warning]);

    let mut sandbox = Sandbox::new();
    sandbox.fixture("warning_past_midnight.toml");
    let out = sandbox.run(&["plan", "warning_past_midnight.toml"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr_lines(), [warning]);
    assert_eq!(
        out.stdout_lines().last().map(String::as_str),
        Some("Total 7h (Tue 18:00–Wed 01:00), no `end` set")
    );

    // An overnight session longer than 8 h marks the night: no warning.
    let out = check_fixture("summit_over_two_days.toml");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout_text(), "");
}

#[test]
fn plan_over_two_days_shows_the_day_of_every_time() {
    let mut sandbox = Sandbox::new();
    sandbox.fixture("summit_over_two_days.toml");
    let out = sandbox.run(&["plan", "summit_over_two_days.toml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout_text(),
        "Nordic Critical Minerals Summit — policy council, Mon 14 Sep 2026

#  start      end        format        length  title
1  Mon 08:30  Mon 12:00  plenary       3h 30m  Supply security for Europe
2  Mon 12:00  Mon 13:00  break             1h  Lunch
3  Mon 13:00  Mon 17:00  discussion        4h  Business cases for apatite
4  Mon 17:00  Mon 20:00  break             3h  Dinner and site visit
5  Mon 20:00  Tue 08:00  break            12h  Night
6  Tue 08:00  Tue 11:00  discussion        3h  Social and environmental standards
7  Tue 11:00  Tue 13:00  plenary           2h  Conclusions

Total 28h 30m (Mon 08:30–Tue 13:00), no `end` set
"
    );
    let out = sandbox.run(&["plan", "--markdown", "summit_over_two_days.toml"]);
    let lines = out.stdout_lines();
    assert!(
        lines.contains(&"| 5 | Mon 20:00 | Tue 08:00 | 12h | break | Night |".to_string()),
        "{lines:#?}"
    );
    sandbox.assert_nothing_written();
}

// 5. Every problem of a file, in line order.

#[test]
fn check_reports_several_problems_in_line_order() {
    let out = check_fixture("several_problems.toml");
    let lines = out.stdout_lines();
    assert_eq!(out.code, 1);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let name = "several_problems.toml";
    assert_diagnostic(&lines[0], name, (2, 8), "error", &["unknown kind \"workshop\""]);
    assert_diagnostic(&lines[1], name, (5, 1), "error", &["unknown key `colour`"]);
    assert_diagnostic(&lines[2], name, (9, 12), "error", &["`duration` \"0m\"", "zero"]);
    assert_diagnostic(&lines[3], name, (14, 10), "error", &["unknown format \"panel\""]);
}

// 6. Hostile files.

/// Runs `check` and `plan` on hostile bytes: exit 1, no panic, nothing written; returns the
/// lines `check` printed.
fn hostile(name: &str, bytes: &[u8]) -> Vec<String> {
    let mut sandbox = Sandbox::new();
    sandbox.write(name, bytes);
    let check = sandbox.run(&["check", name]);
    assert_eq!(check.code, 1, "check {name}");
    let plan = sandbox.run(&["plan", name]);
    assert_eq!(plan.code, 1, "plan {name}");
    assert_eq!(plan.stdout_text(), "", "plan must print no timetable for {name}");
    assert_eq!(plan.stderr_lines(), check.stdout_lines(), "plan reports what check reports");
    sandbox.assert_nothing_written();
    check.stdout_lines()
}

#[test]
fn hostile_empty_file_is_reported() {
    let lines = hostile("empty.toml", b"");
    assert_eq!(lines.len(), 5, "{lines:#?}");
    assert!(lines.iter().all(|l| l.starts_with("empty.toml:1:1: error: ")), "{lines:#?}");
}

#[test]
fn hostile_ten_megabyte_file_is_refused() {
    let mut text = fixture_text("valid_minimal.toml");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("# padding: a comment line that makes this agenda far too large\n");
    }
    let lines = hostile("huge.toml", text.as_bytes());
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "huge.toml", (1, 1), "error", &["over 1 MiB"]);
}

#[test]
fn hostile_non_utf8_bytes_are_reported_with_line_and_column() {
    // Latin-1 é (0xe9) after `title = "Herøya Caf`: 19 characters (ø is two bytes), so the
    // bad byte is in column 20 of line 2.
    let bytes = b"kind = \"lab\"\ntitle = \"Her\xc3\xb8ya Caf\xe9\"\nstart = \"18:00\"\n";
    let lines = hostile("latin1.toml", bytes);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "latin1.toml", (2, 20), "error", &["UTF-8"]);
}

#[test]
fn bom_prefixed_agenda_is_accepted() {
    let mut sandbox = Sandbox::new();
    sandbox.write("bom.toml", &with_bom(&fixture_text("valid_minimal.toml")));
    let check = sandbox.run(&["check", "bom.toml"]);
    assert_eq!(check.code, 0, "{:#?}", check.stdout_lines());
    assert_eq!(check.stdout_text(), "");
    let plan = sandbox.run(&["plan", "bom.toml"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(plan.stdout_text().contains("Herøya Citizen Lab"), "{}", plan.stdout_text());
    sandbox.assert_nothing_written();
}

#[test]
fn bom_does_not_shift_error_columns() {
    let out = check_bytes("bom_kind.toml", &with_bom(&fixture_text("unknown_kind.toml")));
    assert_eq!(out.code, 1);
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "bom_kind.toml", (2, 8), "error", &["unknown kind"]);

    // An error on the first line, right after the BOM.
    let rest = fixture_text("valid_minimal.toml").replace("kind = \"lab\"\n", "");
    let moved = format!("kind = \"lob\"\n{rest}");
    let out = check_bytes("bom_first_line.toml", &with_bom(&moved));
    assert_eq!(out.code, 1);
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "bom_first_line.toml", (1, 8), "error", &["\"lob\""]);
}

#[test]
fn bom_prefixed_non_utf8_file_reports_the_column_without_the_bom() {
    // The BOM is invisible in an editor: the é after `title = "Caf` is in column 13.
    let out = check_bytes("bom_latin1.toml", b"\xef\xbb\xbftitle = \"Caf\xe9\"\n");
    assert_eq!(out.code, 1);
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "bom_latin1.toml", (1, 13), "error", &["UTF-8"]);
}

#[test]
fn crlf_agenda_is_accepted() {
    let mut sandbox = Sandbox::new();
    sandbox.write("crlf.toml", with_crlf(&fixture_text("valid_minimal.toml")).as_bytes());
    let check = sandbox.run(&["check", "crlf.toml"]);
    assert_eq!(check.code, 0, "{:#?}", check.stdout_lines());
    assert_eq!(check.stdout_text(), "");
    let plan = sandbox.run(&["plan", "crlf.toml"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(!plan.stdout.contains(&b'\r'), "a CR from the file reached the timetable");
    sandbox.assert_nothing_written();
}

#[test]
fn crlf_errors_report_the_right_column() {
    let text = with_crlf(&fixture_text("unknown_session_key.toml"));
    let out = check_bytes("crlf_key.toml", text.as_bytes());
    assert_eq!(out.code, 1);
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_diagnostic(&lines[1], "crlf_key.toml", (12, 3), "error", &["unknown key `duraton`"]);

    let text = with_crlf(&fixture_text("unknown_format.toml"));
    let out = check_bytes("crlf_format.toml", text.as_bytes());
    assert_eq!(out.code, 1);
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "crlf_format.toml", (9, 10), "error", &["\"plenery\""]);
}

// 7. Exit codes.

#[test]
fn check_without_a_file_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("Usage"), "{}", out.stderr);
    sandbox.assert_nothing_written();
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["bogus-subcommand"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bogus-subcommand"), "{}", out.stderr);
    sandbox.assert_nothing_written();
}

#[test]
fn missing_file_is_one_error_line_naming_the_path() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["check", "no-such-agenda.toml"]);
    assert_eq!(out.code, 1);
    let mut lines = out.stdout_lines();
    lines.extend(out.stderr_lines());
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_diagnostic(&lines[0], "no-such-agenda.toml", (1, 1), "error", &["cannot read"]);

    let out = sandbox.run(&["plan", "no-such-agenda.toml"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout_text(), "");
    let lines = out.stderr_lines();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("no-such-agenda.toml"), "{:?}", lines[0]);
    sandbox.assert_nothing_written();
}

#[test]
fn check_exit_code_is_the_worst_of_several_files() {
    let mut sandbox = Sandbox::new();
    sandbox.fixture("valid_minimal.toml");
    sandbox.fixture("warning_overrun.toml");
    let out = sandbox.run(&["check", "valid_minimal.toml", "warning_overrun.toml"]);
    assert_eq!(out.code, 0, "valid and warning-only files exit 0");
    assert_eq!(out.stdout_lines().len(), 1);

    sandbox.fixture("unknown_kind.toml");
    let out =
        sandbox.run(&["check", "valid_minimal.toml", "unknown_kind.toml", "warning_overrun.toml"]);
    assert_eq!(out.code, 1, "one file with errors makes the run exit 1");
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].starts_with("unknown_kind.toml:2:8: error: "), "{lines:#?}");
    assert!(lines[1].starts_with("warning_overrun.toml:5:7: warning: "), "{lines:#?}");
    sandbox.assert_nothing_written();
}

// 8. The timetable.

/// The policy council by hand, from agendas/policy-council.toml: start 09:30, sessions of
/// 15m, 30m (at 09:45, exactly when the welcome ends), 45m, 15m, 1h15m, 1h (at 12:30, exactly
/// when the breakout ends), 30m, 45m, 15m, 45m, 30m.
const COUNCIL_ROWS: [(&str, &str, &str); 11] = [
    ("09:30", "09:45", "Welcome, tour de table and the Chatham House Rule"),
    ("09:45", "10:15", "Keynote: rare earths, the Green Deal and Europe's dependence"),
    ("10:15", "11:00", "Panel: how secure is Europe's supply of rare earths?"),
    ("11:00", "11:15", "Morning coffee"),
    ("11:15", "12:30", "Breakout tables: supply, business case, standards"),
    ("12:30", "13:30", "Lunch"),
    ("13:30", "14:00", "Closing the loop: recycling end-of-life magnets with SUSMAGPRO"),
    ("14:00", "14:45", "Questions to SUSMAGPRO: industrial symbiosis and recycled content"),
    ("14:45", "15:00", "Afternoon coffee"),
    ("15:00", "15:45", "Clustering with EU projects and the European Raw Materials Alliance"),
    ("15:45", "16:15", "Wrap-up: decisions and actions"),
];

fn plan_council(extra: &[&str]) -> (Output, Sandbox) {
    let mut sandbox = Sandbox::new();
    let bytes = std::fs::read(Path::new(AGENDAS).join("policy-council.toml")).unwrap();
    sandbox.write("policy-council.toml", &bytes);
    let mut args = vec!["plan", "policy-council.toml"];
    args.extend_from_slice(extra);
    let out = sandbox.run(&args);
    sandbox.assert_nothing_written();
    (out, sandbox)
}

#[test]
fn plan_prints_the_policy_council_timetable() {
    let (out, _sandbox) = plan_council(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "", "the sample agenda has no warnings");
    let lines = out.stdout_lines();
    let rows: Vec<&String> = lines
        .iter()
        .filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), COUNCIL_ROWS.len(), "one row per session: {lines:#?}");
    for (i, (row, (start, end, title))) in rows.iter().zip(COUNCIL_ROWS).enumerate() {
        let cells: Vec<&str> = row.split_whitespace().collect();
        let number = (i + 1).to_string();
        assert_eq!(cells[..3], [number.as_str(), start, end], "row {}: {row:?}", i + 1);
        assert!(row.contains(title), "row {} must show {title:?}: {row:?}", i + 1);
    }
    assert!(rows[5].ends_with("Lunch  (fixed start)"), "lunch waits for 12:30: {:?}", rows[5]);
    assert!(!rows[0].contains("fixed"), "{:?}", rows[0]);
    assert_eq!(
        lines.last().map(String::as_str),
        Some("Total 6h 45m (09:30–16:15), 15m slack before `end` 16:30"),
        "{lines:#?}"
    );
}

#[test]
fn plan_markdown_prints_one_table_row_per_session() {
    let (out, _sandbox) = plan_council(&["--markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = out.stdout_lines();
    let header = lines.iter().position(|l| l.starts_with("| # |")).expect("a `| # |` header row");
    assert!(lines[header + 1].starts_with("|---"), "a delimiter row: {:?}", lines[header + 1]);
    let rows: Vec<&String> =
        lines[header + 2..].iter().take_while(|l| l.starts_with('|')).collect();
    assert_eq!(rows.len(), COUNCIL_ROWS.len(), "one row per session: {lines:#?}");
    for (i, (row, (start, end, _))) in rows.iter().zip(COUNCIL_ROWS).enumerate() {
        let prefix = format!("| {} | {start} | {end} | ", i + 1);
        assert!(row.starts_with(&prefix), "expected {prefix:?}, got {row:?}");
        assert!(row.ends_with(" |"), "{row:?}");
    }
    assert_eq!(rows[5].as_str(), "| 6 | 12:30 | 13:30 | 1h | break | Lunch |");
    assert!(
        lines.iter().any(|l| l.contains("Total 6h 45m (09:30–16:15), 15m slack")),
        "{lines:#?}"
    );
}

#[test]
fn plan_of_a_file_with_errors_exits_1_with_errors_on_stderr() {
    let mut sandbox = Sandbox::new();
    sandbox.fixture("several_problems.toml");
    let out = sandbox.run(&["plan", "several_problems.toml"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout_text(), "", "no timetable for an agenda with errors");
    let lines = out.stderr_lines();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l.starts_with("several_problems.toml:") && l.contains(": error: ")),
        "{lines:#?}"
    );
    sandbox.assert_nothing_written();
}

#[test]
fn a_named_pipe_or_a_device_as_the_agenda_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("agenda.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("run mkfifo");
    assert!(status.success());
    for (path, what) in
        [(fifo.as_path(), "a named pipe (FIFO)"), (Path::new("/dev/zero"), "a character device")]
    {
        let out =
            Command::new(env!("CARGO_BIN_EXE_convene")).arg("check").arg(path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.contains(&format!(
                ":1:1: error: cannot read the agenda: it is {what}, not a regular file"
            )),
            "{stdout}"
        );
    }
}

#[test]
fn end_may_be_a_later_day_for_an_event_of_several_days() {
    let summit = fixture_text("summit_over_two_days.toml");
    let with_end =
        summit.replace("start = \"08:30\"\n", "start = \"08:30\"\nend = \"2026-09-15 16:00\"\n");
    let out = check_bytes("summit.toml", with_end.as_bytes());
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout_text(), "", "the plan ends on the second day, before its end");

    let sandbox = Sandbox::new();
    std::fs::write(sandbox.dir.path().join("summit.toml"), &with_end).unwrap();
    let out = sandbox.run(&["plan", "summit.toml"]);
    assert!(
        out.stdout_text()
            .ends_with("Total 28h 30m (Mon 08:30–Tue 13:00), 3h slack before `end` Tue 16:00\n"),
        "{}",
        out.stdout_text()
    );
    // A TOML date-time works too; an end before the start names the fix.
    let toml_end =
        summit.replace("start = \"08:30\"\n", "start = \"08:30\"\nend = 2026-09-15T12:00:00\n");
    let out = check_bytes("summit.toml", toml_end.as_bytes());
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout_lines(),
        [
            "summit.toml:6:7: warning: the plan ends at Tue 13:00, 1h after `end` Tue 12:00; shorten sessions or move `end`"
        ]
    );
    let early = summit.replace("start = \"08:30\"\n", "start = \"08:30\"\nend = \"07:00\"\n");
    let out = check_bytes("summit.toml", early.as_bytes());
    assert_eq!(
        out.stdout_lines(),
        [
            "summit.toml:6:7: error: `end` 07:00 is not after `start` 08:30; an event ends later the same day, or give the day it ends: end = \"2026-09-15 16:00\""
        ]
    );
    let nonsense =
        summit.replace("start = \"08:30\"\n", "start = \"08:30\"\nend = \"2026-09-15 25:00\"\n");
    let out = check_bytes("summit.toml", nonsense.as_bytes());
    assert_eq!(
        out.stdout_lines(),
        [
            "summit.toml:6:7: error: `end` must be a time such as \"21:00\", or a day and a time such as \"2026-05-13 16:00\""
        ]
    );
}

#[test]
fn a_sessions_min_is_a_duration_and_check_warns_when_it_passes_the_duration() {
    let head = "title = \"A\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\n[[sessions]]\ntitle = \"Talk\"\nduration = \"10m\"\n";
    let good = format!("{head}min = \"8m\"\n");
    let out = check_bytes("min.toml", good.as_bytes());
    assert_eq!((out.code, out.stdout_text()), (0, String::new()));
    let long = format!("{head}min = \"15m\"\n");
    let out = check_bytes("min_long.toml", long.as_bytes());
    assert_eq!(out.code, 0, "a warning alone exits 0");
    assert_eq!(
        out.stdout_lines(),
        [
            "min_long.toml:8:7: warning: `min` 15m is longer than the session's duration 10m: a catch-up never trims it; lower `min` or leave it out"
        ]
    );
    let typo = format!("{head}min = \"5 min\"\nmni = \"5m\"\n");
    let out = check_bytes("min_typo.toml", typo.as_bytes());
    assert_eq!(out.code, 1);
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_eq!(
        lines[0],
        "min_typo.toml:8:7: error: `min` \"5 min\" does not parse; did you mean \"5m\"?"
    );
    assert!(lines[1].starts_with("min_typo.toml:9:1: error: "), "{lines:#?}");
    assert!(lines[1].contains("did you mean `min`?"), "{lines:#?}");
}

#[test]
fn check_reports_an_unknown_language_with_the_five_codes_and_accepts_the_five() {
    let agenda = |language: &str| {
        format!(
            "title = \"Lab\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\nlanguage = \"{language}\"\n\n[[sessions]]\ntitle = \"Welcome\"\nduration = \"10m\"\n"
        )
    };
    let out = check_bytes("lab.toml", agenda("no").as_bytes());
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout_lines(),
        [
            "lab.toml:5:12: error: unknown language \"no\"; did you mean \"nb\" (Norwegian Bokmål)? use one of en, nb, de, fr, nl"
        ]
    );
    let out = check_bytes("lab.toml", agenda("xx").as_bytes());
    assert_eq!(
        out.stdout_lines(),
        ["lab.toml:5:12: error: unknown language \"xx\"; use one of en, nb, de, fr, nl"]
    );
    for code in ["en", "nb", "de", "fr", "nl"] {
        let out = check_bytes("lab.toml", agenda(code).as_bytes());
        assert_eq!(out.code, 0, "{code}: {}", out.stdout_text());
    }
}
