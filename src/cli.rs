//! The command line: parsing arguments and running each command.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::agenda::{self, Agenda, Kind, Located, Severity};
use crate::plan::{self, Plan};

#[derive(Parser, Debug)]
#[command(
    name = "convene",
    version,
    about = "Run citizen labs and policy councils from a laptop: timeboxed agenda, live capture, Markdown minutes"
)]
pub struct Cli {
    /// Data directory (records live in DIR/records/)
    #[arg(long, global = true, env = "CONVENE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run an event on the live screen (the built-in demo agenda when none is given)
    Run {
        /// The agenda file
        agenda: Option<PathBuf>,
        /// Continue an interrupted event from its journal (AGENDA may also be a record folder)
        #[arg(long)]
        resume: bool,
    },
    /// Validate agenda files
    Check {
        /// Agenda files to check
        #[arg(required = true)]
        agendas: Vec<PathBuf>,
    },
    /// Print the planned timetable of an agenda
    Plan {
        agenda: PathBuf,
        /// Print a Markdown table
        #[arg(long)]
        markdown: bool,
    },
    /// (Re)write the minutes of a recorded event, without the live screen
    Minutes {
        /// A record folder, or its journal.jsonl
        record: PathBuf,
        /// With -o: write the public version (the attribution policy applied, no notes)
        #[arg(long, requires = "output")]
        public: bool,
        /// Write one version to FILE instead of both into the record folder (- for stdout)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List recorded events: date, title, state and where their files are
    Records,
    /// Write a commented starter agenda
    New {
        kind: NewKind,
        /// Where to write it (default: lab.toml or council.toml)
        path: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum NewKind {
    Lab,
    Council,
}

/// Runs the command line; every error is printed once, as one line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => run(cli.data_dir.as_deref(), None, false),
        Some(Command::Run { agenda, resume }) => {
            run(cli.data_dir.as_deref(), agenda.as_deref(), resume)
        }
        Some(Command::Check { agendas }) => check(&agendas),
        Some(Command::Plan { agenda, markdown }) => plan_command(&agenda, markdown),
        Some(Command::New { kind, path }) => new(kind, path),
        Some(Command::Minutes { record, public, output }) => {
            minutes(&record, public, output.as_deref())
        }
        Some(Command::Records) => records(cli.data_dir.as_deref()),
    }
}

fn print_out(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`convene plan x | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot write to standard output: {e}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {}", crate::sanitize::for_terminal(message));
    ExitCode::FAILURE
}

fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// Prints diagnostics of the file `name` to stderr, warnings too unless `errors_only`.
fn report(name: &str, diagnostics: &[agenda::Diagnostic], errors_only: bool) {
    for diagnostic in diagnostics {
        if !errors_only || diagnostic.severity == Severity::Error {
            eprintln!("{}", Located { file: name, diagnostic });
        }
    }
}

/// Loads an agenda, printing its diagnostics to stderr; None when it has errors.
fn load_reporting(path: &Path) -> Option<Agenda> {
    let loaded = agenda::load_file(path);
    report(&display_name(path), &loaded.diagnostics, false);
    loaded.agenda
}

fn check(paths: &[PathBuf]) -> ExitCode {
    let mut errors = false;
    let mut out = String::new();
    for path in paths {
        let loaded = agenda::load_file(path);
        let name = display_name(path);
        for diagnostic in &loaded.diagnostics {
            errors |= diagnostic.severity == Severity::Error;
            out.push_str(&format!("{}\n", Located { file: &name, diagnostic }));
        }
    }
    let code = print_out(&out);
    if errors { ExitCode::FAILURE } else { code }
}

fn plan_command(path: &Path, markdown: bool) -> ExitCode {
    let Some(agenda) = load_reporting(path) else { return ExitCode::FAILURE };
    let plan = Plan::new(&agenda);
    let text = if markdown {
        plan::render_markdown(&agenda, &plan)
    } else {
        plan::render_text(&agenda, &plan)
    };
    print_out(&text)
}

fn new(kind: NewKind, path: Option<PathBuf>) -> ExitCode {
    let kind = match kind {
        NewKind::Lab => Kind::Lab,
        NewKind::Council => Kind::Council,
    };
    let path = path.unwrap_or_else(|| PathBuf::from(format!("{}.toml", kind.as_str())));
    match crate::new::write_template(kind, &path) {
        Ok(()) => print_out(&format!(
            "wrote {}; edit it, then `convene check {0}` and `convene run {0}`\n",
            path.display()
        )),
        Err(message) => fail(&message),
    }
}

/// An error already printed in its own form (`FILE:LINE:COL: error: …`).
const REPORTED: &str = "";

fn run(data_dir: Option<&Path>, path: Option<&Path>, resume: bool) -> ExitCode {
    match run_event(data_dir, path, resume) {
        Ok(code) => code,
        Err(message) if message == REPORTED => ExitCode::FAILURE,
        Err(message) => fail(&message),
    }
}

/// Reads the agenda to run: a file, a record folder (its agenda as run), or the demo.
fn agenda_text(path: Option<&Path>) -> Result<(String, String, Option<PathBuf>), String> {
    let Some(path) = path else {
        return Ok((agenda::DEMO_AGENDA.to_string(), agenda::DEMO_NAME.to_string(), None));
    };
    let (file, record) = if path.is_dir() {
        (path.join(crate::record::AGENDA_FILE), Some(path.to_path_buf()))
    } else {
        (path.to_path_buf(), None)
    };
    let name = display_name(&file);
    // The same reading as `check`: a size limit, and a non-UTF-8 byte named with its place.
    match agenda::read_text(&file) {
        Ok(text) => Ok((text, name, record)),
        Err(diagnostic) => {
            report(&name, &[diagnostic], true);
            Err(REPORTED.to_string())
        }
    }
}

fn run_event(
    data_dir: Option<&Path>,
    path: Option<&Path>,
    resume: bool,
) -> Result<ExitCode, String> {
    use crate::record;
    use std::io::IsTerminal;

    let (text, name, record_dir) = agenda_text(path)?;
    let loaded = agenda::parse_agenda(&text);
    report(&name, &loaded.diagnostics, true);
    let Some(agenda) = loaded.agenda else { return Ok(ExitCode::FAILURE) };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err("the live screen needs a terminal; run it in one, or use `convene plan AGENDA` to print the timetable".into());
    }
    let data = record::data_dir(data_dir)?;
    let resume_dir = match record_dir {
        Some(dir) => Some(dir),
        None if resume => Some(match record::unfinished(&data, &text) {
            Some(found) => found.dir,
            None => {
                let base = record::base_name(&agenda);
                let other = record::list(&data).into_iter().rev().find(|f| {
                    !f.ended
                        && f.dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&base))
                });
                return Err(match other {
                    Some(found) => format!(
                        "the unfinished record {} was made from a different agenda; resume it with its own agenda: convene run --resume {}",
                        found.dir.display(),
                        found.dir.display()
                    ),
                    None => format!(
                        "no unfinished record of \"{}\" in {}; start the event with `convene run` (without --resume)",
                        agenda.title,
                        record::records_dir(&data).display()
                    ),
                });
            }
        }),
        None => match record::unfinished(&data, &text) {
            Some(found) if offer_resume(&found) => Some(found.dir),
            _ => None,
        },
    };
    let now = crate::live::Now::read();
    let (record, contents) = match &resume_dir {
        Some(dir) => {
            let (record, contents) = record::reopen(dir, &text)?;
            (record, Some(contents))
        }
        None => (record::create(&data, &agenda, &text, now.wall)?, None),
    };
    let mut live = crate::live::Live::new(agenda);
    let mut notes = Vec::new();
    let replayed = contents.as_ref().map(|c| c.entries.len());
    if let Some(contents) = contents {
        let refused = live.replay(contents.entries, &contents.lines, now);
        for problem in contents.problems.iter().chain(&refused) {
            eprintln!("warning: {}: {}", record.dir.join(record::JOURNAL_FILE).display(), problem);
            notes.push(problem.clone());
        }
    }
    let dir = record.dir.clone();
    let mut app = crate::app::App::new(live);
    app.flash = Some(match (replayed, notes.is_empty()) {
        (Some(n), true) => format!("Resumed: {n} entries replayed from {}", dir.display()),
        (Some(_), false) => format!("Resumed, but: {}", notes.join("; ")),
        (None, _) => format!("Recording to {}", dir.display()),
    });
    let ended = {
        let mut recorder = record::JournalRecorder::new(record);
        crate::tui::run(app, &mut recorder).map_err(|e| format!("the terminal failed: {e}"))?;
        recorder
            .record
            .journal
            .entries()
            .iter()
            .any(|e| e.change == crate::journal::Change::EventEnded)
    };
    let text = if ended {
        format!("The record is in {}\n", dir.display())
    } else {
        format!(
            "The record is in {}; continue with: convene run --resume {}\n",
            dir.display(),
            path.map(|p| p.display().to_string()).unwrap_or_default()
        )
    };
    Ok(print_out(&text))
}

/// Asks on the terminal whether to continue an unfinished record of the same agenda.
fn offer_resume(found: &crate::record::Found) -> bool {
    eprint!(
        "An unfinished record of \"{}\" from {} ({} entries) is in {}.\nResume it? [Y/n] ",
        crate::sanitize::for_terminal(&found.title),
        found.created.format("%Y-%m-%d %H:%M"),
        found.entries,
        found.dir.display()
    );
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    !matches!(answer.trim().to_lowercase().as_str(), "n" | "no")
}

/// Loads a record for minutes: its agenda as run and its journal's entries.
fn load_record(path: &Path) -> Result<(PathBuf, Agenda, Vec<crate::journal::Entry>), String> {
    use crate::record;
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else if path.file_name().is_some_and(|n| n == record::JOURNAL_FILE) {
        path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    } else {
        return Err(format!(
            "{} is not a record; give a record folder or its journal.jsonl (see `convene records`)",
            path.display()
        ));
    };
    if !dir.join(record::JOURNAL_FILE).is_file() {
        return Err(format!(
            "{} is not a record: it holds no {}; `convene records` lists the records",
            dir.display(),
            record::JOURNAL_FILE
        ));
    }
    let agenda_path = dir.join(record::AGENDA_FILE);
    if !agenda_path.is_file() {
        return Err(format!(
            "the record {} has lost its {}; put the agenda it was run with back there",
            dir.display(),
            record::AGENDA_FILE
        ));
    }
    let loaded = agenda::load_file(&agenda_path);
    let name = display_name(&agenda_path);
    report(&name, &loaded.diagnostics, true);
    let agenda = loaded
        .agenda
        .ok_or_else(|| format!("the record's agenda {name} has errors; fix them and try again"))?;
    let contents = record::read_journal(&dir)?;
    let refused = crate::live::Live::refusals(&agenda, &contents.entries, &contents.lines);
    for problem in contents.problems.iter().chain(&refused) {
        eprintln!("warning: {}: {problem}", dir.join(record::JOURNAL_FILE).display());
    }
    Ok((dir, agenda, contents.entries))
}

fn minutes(record: &Path, public: bool, output: Option<&Path>) -> ExitCode {
    use crate::minutes::{self, Audience};
    let (dir, agenda, entries) = match load_record(record) {
        Ok(loaded) => loaded,
        Err(message) => return fail(&message),
    };
    match output {
        Some(path) => {
            let audience = if public { Audience::Public } else { Audience::Internal };
            let text = minutes::render(&agenda, &entries, audience);
            if path == Path::new("-") {
                return print_out(&text);
            }
            match minutes::replace(path, &text) {
                Ok(()) => print_out(&format!("{}\n", path.display())),
                Err(e) => fail(&format!(
                    "cannot write {}: {e}; check the folder exists and is writable",
                    path.display()
                )),
            }
        }
        None => match minutes::write_record(&dir, &agenda, &entries) {
            Ok(paths) => print_out(&format!("{}\n{}\n", paths[0].display(), paths[1].display())),
            Err(message) => fail(&message),
        },
    }
}

fn records(data_dir: Option<&Path>) -> ExitCode {
    let data = match crate::record::data_dir(data_dir) {
        Ok(data) => data,
        Err(message) => return fail(&message),
    };
    let found = crate::record::list(&data);
    if found.is_empty() {
        return print_out(&format!(
            "No recorded events in {}; `convene run AGENDA` records one.\n",
            crate::record::records_dir(&data).display()
        ));
    }
    let mut out = String::new();
    for record in found {
        let state = if record.ended { "ended" } else { "unfinished" };
        out.push_str(&format!(
            "{}  {:<10}  {}  {}\n",
            record.created.format("%Y-%m-%d %H:%M"),
            state,
            crate::sanitize::for_terminal(&record.title),
            record.dir.display()
        ));
    }
    print_out(&out)
}
