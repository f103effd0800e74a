//! The command line: parsing arguments and running each command.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::agenda::{self, Agenda, Kind, Located, Severity};
use crate::plan::{self, Plan};
use crate::recorder::JournalRecorder;
use crate::share::ShareSettings;
use crate::tui::Left;
use crate::writer::{Setup, Start};

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
        /// Also serve the phone question page and the browser room display on the venue's
        /// network (plain HTTP; H starts or stops it during the event)
        #[arg(long)]
        share: bool,
        /// The port phones and the browser display reach (default 8080; 0 = any free port)
        #[arg(long, value_name = "N")]
        port: Option<u16>,
        /// The address to listen on (default 0.0.0.0: every network of the laptop;
        /// 127.0.0.1 keeps it on this machine)
        #[arg(long, value_name = "ADDRESS")]
        bind: Option<std::net::IpAddr>,
        /// The port note-takers' laptops sync with (HTTPS, paired devices only; default
        /// 8443; 0 = any free port). It opens with --share, or when N pairs a note-taker
        #[arg(long, value_name = "N")]
        peer_port: Option<u16>,
    },
    /// Join an event as a note-taker: pair this laptop with the facilitator's by the code on
    /// their screen (N), then capture into the same record, online or not
    Join {
        /// The facilitator's laptop, as its screen shows it (192.168.1.20:8443); without it,
        /// the events found on the network are listed
        address: Option<String>,
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
        /// A record folder (a path, or its name as `convene records` lists it), or its
        /// journal.jsonl
        record: PathBuf,
        /// With -o or --json: the public version (the attribution policy applied, no notes)
        #[arg(long)]
        public: bool,
        /// Write one version to FILE instead of both into the record folder (- for stdout)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write the minutes model as JSON (schemas/minutes-1.json), to stdout or -o FILE
        #[arg(long)]
        json: bool,
        /// The language of the minutes: en, nb, de, fr or nl (default: the agenda's
        /// `language`, or English)
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
    },
    /// Before publishing: every name the public minutes replace, every name not in the
    /// agenda and every item kept internal; exit 0 when nothing needs a look, 1 otherwise
    Review {
        /// A record folder (a path, or its name as `convene records` lists it), or its
        /// journal.jsonl
        record: PathBuf,
    },
    /// List recorded events: date, title, state and where their files are
    Records {
        /// Move this record (a folder, or its name as listed) into the data directory's trash
        #[arg(long, value_name = "RECORD")]
        discard: Option<PathBuf>,
    },
    /// Add the journals of copies of a record (another laptop's, a USB stick's) into it
    Merge {
        /// The record to merge into (a folder, or its name as `convene records` lists it)
        record: PathBuf,
        /// Copies of the same record
        #[arg(required = true)]
        copies: Vec<PathBuf>,
    },
    /// Give or withdraw a participant's consent to be named in the public minutes
    ///
    /// After the event (or between two runs of it): the change is journaled in the record
    /// from this laptop, and the minutes are written again when the event has ended or has
    /// minutes. The latest change counts; the live screen's participants list (P) makes the
    /// same change during the event.
    Consent {
        /// The record (a folder, or its name as `convene records` lists it)
        record: PathBuf,
        /// The participant, as the agenda names them ("Ingrid Solberg")
        name: String,
        /// yes: may be named (as the attribution policy allows); no: never named
        answer: ConsentAnswer,
    },
    /// The room display: the countdown, the phase and the message, large, for the projector
    ///
    /// Follows a record while `convene run` writes it, read-only (it takes no lock and never
    /// writes); q or Ctrl-c leaves.
    Display {
        /// The record (a folder, or its name as `convene records` lists it); it may not exist
        /// yet. Without it: the record a running `convene run` on this machine has open
        record: Option<PathBuf>,
        /// Only the countdown's digits and the message
        #[arg(long)]
        timer_only: bool,
    },
    /// Write every record into one SQLite file with full-text search (refreshed record by
    /// record: what did not change is left as it is)
    Archive {
        /// The archive file (default: archive.sqlite in the data directory)
        file: Option<PathBuf>,
        /// Only what the public minutes show (the attribution policy applied, no internal
        /// items): an archive to publish. Keep it in another file than the internal one
        #[arg(long)]
        public: bool,
    },
    /// Search every record for items holding all of WORDS (their text, answer or themes;
    /// any case, any accents), oldest event first; the archive is brought up to date first
    Search {
        #[arg(required = true)]
        words: Vec<String>,
        /// Search this archive file as it is instead (default: archive.sqlite in the data
        /// directory, refreshed first)
        #[arg(long, value_name = "FILE")]
        archive: Option<PathBuf>,
    },
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff; `convene man | man -l -` reads it)
    Man,
    /// Write a commented starter agenda
    New {
        kind: NewKind,
        /// Where to write it (default: lab.toml or council.toml)
        path: Option<PathBuf>,
        /// Carry the open items of these earlier records (folders, or names as `convene
        /// records` lists them) into a first follow-up session: "You said, we did"
        #[arg(long, num_args = 1.., value_name = "RECORD")]
        carry: Vec<PathBuf>,
    },
    /// What is still open across records (all records by default), by theme and owner:
    /// unanswered questions, open actions and concerns, parked items, carried items not
    /// answered, done or dropped
    Followups {
        /// Records to read (folders, or names as `convene records` lists them)
        records: Vec<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentAnswer {
    Yes,
    No,
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
        None => {
            let role = Role::Hub { port: crate::tui::peers::DEFAULT_PEER_PORT };
            run(cli.data_dir.as_deref(), None, false, ShareSettings::default(), role)
        }
        Some(Command::Run { agenda, resume, share, port, bind, peer_port }) => {
            let defaults = ShareSettings::default();
            let settings = ShareSettings {
                at_start: share,
                bind: bind.unwrap_or(defaults.bind),
                port: port.unwrap_or(defaults.port),
            };
            let role =
                Role::Hub { port: peer_port.unwrap_or(crate::tui::peers::DEFAULT_PEER_PORT) };
            run(cli.data_dir.as_deref(), agenda.as_deref(), resume, settings, role)
        }
        Some(Command::Join { address }) => join(cli.data_dir.as_deref(), address.as_deref()),
        Some(Command::Check { agendas }) => check(cli.data_dir.as_deref(), &agendas),
        Some(Command::Plan { agenda, markdown }) => plan_command(&agenda, markdown),
        Some(Command::New { kind, path, carry }) => {
            new(cli.data_dir.as_deref(), kind, path, &carry)
        }
        Some(Command::Followups { records }) => followups(cli.data_dir.as_deref(), &records),
        Some(Command::Minutes { record, public, output, json, lang }) => {
            let output = output.as_deref();
            minutes(cli.data_dir.as_deref(), &record, public, output, json, lang.as_deref())
        }
        Some(Command::Review { record }) => review(cli.data_dir.as_deref(), &record),
        Some(Command::Merge { record, copies }) => merge(cli.data_dir.as_deref(), &record, &copies),
        Some(Command::Consent { record, name, answer }) => {
            consent(cli.data_dir.as_deref(), &record, &name, answer == ConsentAnswer::Yes)
        }
        Some(Command::Display { record, timer_only }) => {
            display(cli.data_dir.as_deref(), record.as_deref(), timer_only)
        }
        Some(Command::Records { discard: None }) => records(cli.data_dir.as_deref()),
        Some(Command::Archive { file, public }) => {
            archive(cli.data_dir.as_deref(), file.as_deref(), public)
        }
        Some(Command::Search { words, archive }) => {
            search(cli.data_dir.as_deref(), &words.join(" "), archive.as_deref())
        }
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man) => man(),
        Some(Command::Records { discard: Some(record) }) => {
            discard(cli.data_dir.as_deref(), &record)
        }
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

fn check(data_dir: Option<&Path>, paths: &[PathBuf]) -> ExitCode {
    let mut errors = false;
    let mut out = String::new();
    let data = crate::record::data_dir(data_dir).ok();
    for path in paths {
        let loaded = agenda::load_file(path);
        let name = display_name(path);
        for diagnostic in &loaded.diagnostics {
            errors |= diagnostic.severity == Severity::Error;
            out.push_str(&format!("{}\n", Located { file: &name, diagnostic }));
        }
        // The records it carries must be readable now, not on the evening.
        for entry in loaded.agenda.iter().flat_map(|a| &a.carry) {
            let dir = crate::carry::locate(&entry.record, &agenda_folder(path), data.as_deref());
            if let Err(reason) = crate::carry::read(&dir) {
                errors = true;
                let problem = crate::carry::CarryProblem { entry: entry.clone(), reason };
                out.push_str(&crate::sanitize::for_terminal(&problem.located(&name)));
                out.push('\n');
            }
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

/// The folder an agenda file's relative `carry` entries are read from.
fn agenda_folder(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn new(
    data_dir: Option<&Path>,
    kind: NewKind,
    path: Option<PathBuf>,
    carry: &[PathBuf],
) -> ExitCode {
    let kind = match kind {
        NewKind::Lab => Kind::Lab,
        NewKind::Council => Kind::Council,
    };
    let path = path.unwrap_or_else(|| PathBuf::from(format!("{}.toml", kind.as_str())));
    let written = if carry.is_empty() {
        crate::new::write_template(kind, &path)
    } else {
        // Each record as the agenda will name it: a name as `convene records` lists it, or
        // the folder's absolute path (the agenda may be written elsewhere).
        let data = crate::record::data_dir(data_dir).ok();
        let mut records = Vec::new();
        for given in carry {
            let text = given.to_string_lossy().into_owned();
            let dir = crate::carry::locate(&text, Path::new("."), data.as_deref());
            if let Err(reason) = crate::carry::read(&dir) {
                return fail(&format!(
                    "--carry {text}: cannot read that record: {reason}; give a record folder, or its name as `convene records` lists it"
                ));
            }
            let named = given.components().count() == 1 && !given.exists();
            records.push(if named {
                text
            } else {
                std::fs::canonicalize(&dir).unwrap_or(dir).to_string_lossy().into_owned()
            });
        }
        crate::new::write_text(&crate::new::template_carrying(kind, &records), &path)
    };
    match written {
        Ok(()) => print_out(&format!(
            "wrote {}; edit it, then `convene check {0}` and `convene run {0}`\n",
            path.display()
        )),
        Err(error) => fail(&error.to_string()),
    }
}

/// `convene followups`: what is still open across records, read-only.
fn followups(data_dir: Option<&Path>, given: &[PathBuf]) -> ExitCode {
    let data = crate::record::data_dir(data_dir).ok();
    let dirs: Vec<PathBuf> = if given.is_empty() {
        let Some(data) = &data else {
            return fail(
                "no data directory to find records in; pass --data-dir DIR or name the records",
            );
        };
        crate::record::list(data).into_iter().map(|found| found.dir).collect()
    } else {
        given
            .iter()
            .map(|g| crate::carry::locate(&g.to_string_lossy(), Path::new("."), data.as_deref()))
            .collect()
    };
    let mut records = Vec::new();
    for dir in dirs {
        match crate::carry::read(&dir) {
            Ok(items) => records.push(items),
            Err(reason) if given.is_empty() => {
                eprintln!("warning: {}: {}", dir.display(), crate::sanitize::for_terminal(&reason));
            }
            Err(reason) => {
                return fail(&format!(
                    "cannot read the record {}: {reason}; give a record folder, or its name as `convene records` lists it",
                    dir.display()
                ));
            }
        }
    }
    let open = crate::carry::still_open(records);
    print_out(&crate::carry::followups_text(&open))
}

/// Why `convene run` or `convene minutes` stopped. Each renders as one line: what, where,
/// and how to go on.
#[derive(Debug, thiserror::Error)]
enum CliError {
    /// The agenda could not be read; that was already printed in its own form
    /// (`FILE:LINE:COL: error: …`), so nothing more is said.
    #[error("{name} cannot be read")]
    Reported { name: String },
    #[error(
        "the live screen needs a terminal; run it in one, or use `convene plan AGENDA` to print the timetable"
    )]
    NoTerminal,
    #[error(
        "the live screen needs a terminal that can move the cursor, and TERM=dumb cannot; run it in a full terminal (or set TERM, e.g. TERM=xterm-256color), or use `convene plan AGENDA` to print the timetable"
    )]
    DumbTerminal,
    #[error("the terminal failed: {0}")]
    Terminal(std::io::Error),
    /// The unfinished record of an earlier version of this agenda cannot take the edit.
    #[error(
        "the unfinished record {} cannot continue with this edited agenda: {}; {}",
        dir.display(),
        blockers.join("; "),
        if *resume {
            "put that back in the agenda, or run without --resume to start a new record"
        } else {
            "put that back in the agenda to continue that record"
        }
    )]
    EditBlocked { dir: PathBuf, blockers: Vec<String>, resume: bool },
    #[error(
        "the record {} ended but its minutes were not written; write them with: convene minutes {}",
        dir.display(),
        dir.display()
    )]
    MinutesMissing { dir: PathBuf },
    #[error(
        "no unfinished record of \"{title}\" in {}; start the event with `convene run` (without --resume)",
        records.display()
    )]
    NothingToResume { title: String, records: PathBuf },
    #[error(
        "{} is not a record; give a record folder or its journal.jsonl (see `convene records`)",
        path.display()
    )]
    NotARecordPath { path: PathBuf },
    #[error("the record's agenda {name} has errors; fix them and try again")]
    RecordAgenda { name: String },
    #[error(transparent)]
    Record(#[from] crate::record::RecordError),
    #[error(transparent)]
    Minutes(#[from] crate::minutes::MinutesError),
    #[error(transparent)]
    Merge(#[from] crate::merge::MergeError),
    #[error("\"{name}\" is not a participant in {}; {hint}", agenda.display())]
    UnknownParticipant { name: String, agenda: PathBuf, hint: String },
}

/// What the live screen's laptop is to the others.
enum Role {
    /// The facilitator's laptop: it serves note-takers on this port once asked.
    Hub { port: u16 },
    /// A note-taker's laptop joined to a hub.
    Joined(crate::tui::JoinedSettings),
}

fn run(
    data_dir: Option<&Path>,
    path: Option<&Path>,
    resume: bool,
    share: ShareSettings,
    role: Role,
) -> ExitCode {
    match run_event(data_dir, path, resume, share, role) {
        Ok(code) => code,
        Err(CliError::Reported { .. }) => ExitCode::FAILURE,
        Err(error) => fail(&error.to_string()),
    }
}

/// `convene join`: pairs with the hub when this laptop is not paired with it yet, makes or
/// updates the replica of its record, and opens the live screen on it.
fn join(data_dir: Option<&Path>, address: Option<&str>) -> ExitCode {
    let joined = match crate::joining::prepare(data_dir, address) {
        Ok(joined) => joined,
        Err(error) => return fail(&error.to_string()),
    };
    let replica = joined.replica.clone();
    run(data_dir, Some(&replica), true, ShareSettings::default(), Role::Joined(joined.settings))
}

/// The hub's TLS identity, made on first use; why not when it cannot be.
fn hub_identity(
    data: &Path,
    device: crate::event::DeviceId,
) -> Result<crate::tui::HubIdentity, String> {
    let identity =
        crate::peer::Identity::load_or_create(data, device).map_err(|e| e.to_string())?;
    let tls = crate::peer::hub_config(&identity).map_err(|e| e.to_string())?;
    Ok(crate::tui::HubIdentity { tls, device, fingerprint: identity.fingerprint() })
}

/// Reads the agenda to run: a file, a record folder (its agenda as run), or the demo.
fn agenda_text(path: Option<&Path>) -> Result<(String, String, Option<PathBuf>), CliError> {
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
            Err(CliError::Reported { name })
        }
    }
}

fn run_event(
    data_dir: Option<&Path>,
    path: Option<&Path>,
    resume: bool,
    share: ShareSettings,
    role: Role,
) -> Result<ExitCode, CliError> {
    use crate::record;
    use std::io::IsTerminal;

    let (text, name, record_dir) = agenda_text(path)?;
    let loaded = agenda::parse_agenda(&text);
    report(&name, &loaded.diagnostics, true);
    let Some(agenda) = loaded.agenda else { return Ok(ExitCode::FAILURE) };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::NoTerminal);
    }
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        return Err(CliError::DumbTerminal);
    }
    let data = record::data_dir(data_dir)?;
    let device = record::device_id(&data)?;
    let now = crate::live::Now::read();
    let resume_dir = match record_dir {
        Some(dir) => Some(dir),
        None => choose_record(&data, &agenda, &text, resume, now.wall)?,
    };
    // A resumed record is opened before the screen (a record open in another convene must
    // stop here, before the terminal is touched); a new one gets its folder now and is
    // created by the writer thread once the screen is up.
    let (start, dir, contents, changed, first, stamp) = match &resume_dir {
        Some(dir) => {
            let reopened = record::reopen_with(dir, device, &text, &agenda)?;
            for note in &reopened.notes {
                eprintln!("note: {}", crate::sanitize::for_terminal(note));
            }
            let dir = reopened.record.dir.clone();
            (
                Start::Open(reopened.record),
                dir,
                Some(reopened.contents),
                reopened.differences,
                reopened.first,
                reopened.stamp,
            )
        }
        None => {
            // The open items of the records it carries: read before anything is created.
            let base = path.map(agenda_folder).unwrap_or_else(|| PathBuf::from("."));
            let carried = match crate::carry::carried(&agenda, &base, Some(&data)) {
                Ok(carried) => carried,
                Err(problem) => {
                    eprintln!("{}", crate::sanitize::for_terminal(&problem.located(&name)));
                    return Err(CliError::Reported { name });
                }
            };
            let dir = record::prepare(&data, &agenda)?;
            let header = record::header(device, &agenda, &text, now.wall);
            let start = Start::Create { data: data.clone(), dir: dir.clone(), header };
            // The device that creates the record runs its sessions: its first line says so;
            // then the items it carries, before anything else.
            let mut first = vec![crate::journal::Change::FacilitatorChanged { to: device }];
            first.extend(carried);
            (start, dir, None, Vec::new(), first, crate::stamp::Stamp::new(device, 0, &[]))
        }
    };
    let setup = Setup {
        agenda: agenda.clone(),
        agenda_text: text.clone(),
        rescue_to: crate::writer::rescue_folders(),
    };
    let mut recorder = JournalRecorder::new(start, setup, dir.clone(), stamp);
    let mut live = crate::live::Live::new(agenda);
    // Holds the entries replayed (moved, not copied): a late line from another device folds
    // them again.
    let mut fold = crate::live::Fold::default();
    let mut notes = Vec::new();
    let replayed = contents.as_ref().map(|c| c.entries.len());
    let mut contents = contents.unwrap_or_default();
    // A new record's hand-over to this device, or an edited agenda's session numbers
    // (handing the sessions over first when another device ran them): journaled first, and
    // replayed with the rest.
    let mut facilitator = record::facilitator(&contents.entries);
    for change in first {
        for entry in recorder.record_taking_over(change, now, facilitator) {
            if let crate::journal::Change::FacilitatorChanged { to } = entry.change {
                facilitator = to;
            }
            contents.entries.push(entry);
        }
    }
    recorder.flush();
    {
        // Renumbered only when the agenda was edited; otherwise the entries as they were read
        // (never copied: a long evening holds tens of thousands).
        let entries = match crate::revision::renumber(&contents.entries) {
            std::borrow::Cow::Owned(renumbered) => renumbered,
            std::borrow::Cow::Borrowed(_) => std::mem::take(&mut contents.entries),
        };
        // The fold keeps them: the lines as read, renumbered or not, are not kept twice.
        contents.entries = Vec::new();
        let refused = fold.replay(&mut live, entries, &contents.lines, now);
        for problem in contents.problems.iter().chain(&refused) {
            eprintln!("warning: {}: {}", dir.display(), problem);
            notes.push(problem.clone());
        }
    }
    if !changed.is_empty() {
        notes.push(format!("continued with the edited agenda ({})", changed.join("; ")));
    }
    let mut app = crate::app::App::new(live);
    app.fold = fold;
    let resumed = if app.correcting { "Resumed for corrections" } else { "Resumed" };
    app.flash = Some(match (replayed, notes.is_empty()) {
        (Some(n), true) => format!("{resumed}: {} replayed from {}", entries(n), dir.display()),
        (Some(_), false) if notes.len() == 1 => format!("{resumed}, but: {}", notes[0]),
        // Only the first fits the line; every one is printed again when convene is left.
        (Some(_), false) => format!(
            "{resumed}, but with {} warnings (all printed when you leave); the first: {}",
            notes.len(),
            notes[0]
        ),
        (None, _) => format!("Recording to {}", dir.display()),
    });
    let joined = matches!(role, Role::Joined(_));
    if joined {
        app.flash = Some(format!(
            "Joined {} as a note-taker: capture as usual; the facilitator's laptop runs the sessions",
            app.live.agenda.title
        ));
    }
    let peering = match role {
        Role::Hub { port } => crate::tui::Peering::Hub(crate::tui::HubSettings {
            identity: hub_identity(&data, device),
            data: data.clone(),
            bind: share.bind,
            port,
            at_start: share.at_start,
        }),
        Role::Joined(settings) => crate::tui::Peering::NoteTaker(settings),
    };
    let left = crate::tui::run(app, &mut recorder, share, peering);
    let dir = recorder.dir().to_path_buf();
    // The writer finishes what it was sent and closes the record (its lock goes); a disk
    // that hangs is not waited for long, and never after a signal.
    let hurried = matches!(&left, Ok(Left { signal: Some(_), .. }) | Ok(Left { lost: 1.., .. }));
    let closed = recorder.close(if hurried { CLOSE_HURRIED } else { CLOSE_WAIT });
    let left = left.map_err(CliError::Terminal)?;
    let text = if let Some(rescued) = left.rescued {
        format!(
            "The record in {} could not be saved; every change was written to {} instead; continue with: convene run --resume {}\n",
            dir.display(),
            rescued.display(),
            rescued.display()
        )
    } else if left.lost > 0 {
        format!(
            "warning: {} not saved in {} {} left behind{}; the record holds everything saved before\n",
            crate::app::plural(left.lost, "change"),
            dir.display(),
            if left.lost == 1 { "was" } else { "were" },
            if left.signal.is_some() { " on a signal" } else { ", as chosen" }
        )
    } else if !closed {
        format!(
            "warning: the record's disk did not answer while closing {}; everything shown as saved is in it\n",
            dir.display()
        )
    } else if left.ended {
        // Written as convene left (after corrections): named here, the screen is gone.
        let minutes: String =
            left.minutes.iter().map(|path| format!("Minutes written: {path}\n")).collect();
        format!("{minutes}The record is in {}\n", dir.display())
    } else if joined {
        format!(
            "This laptop's replica of the record is in {}; join again with: convene join (or, if the facilitator's laptop is gone, continue the event here as the hub: convene run --resume {} --share)\n",
            dir.display(),
            dir.display()
        )
    } else {
        format!(
            "The record is in {}; continue with: convene run --resume {}\n",
            dir.display(),
            path.map(|p| p.display().to_string()).unwrap_or_default()
        )
    };
    let code = print_out(&text);
    Ok(match left.signal.and_then(|signal| u8::try_from(128 + signal).ok()) {
        Some(code) => ExitCode::from(code),
        None => code,
    })
}

/// How long leaving waits for the writer to close the record.
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);
/// The same after a signal (which must end convene within two seconds), or when changes
/// are left behind unsaved (the disk may hang).
const CLOSE_HURRIED: std::time::Duration = std::time::Duration::from_millis(500);

/// "1 entry", "12 entries".
fn entries(n: usize) -> String {
    if n == 1 { "1 entry".to_string() } else { format!("{n} entries") }
}

/// Which existing record the event continues, if any: with --resume the newest unfinished
/// record of this agenda (or of an earlier version of it), else the one the facilitator
/// chooses to resume when asked.
fn choose_record(
    data: &Path,
    agenda: &Agenda,
    text: &str,
    resume: bool,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Option<PathBuf>, CliError> {
    use crate::record;
    if let Some(found) = record::unfinished(data, text) {
        return Ok((resume || offer_resume(&found, &[], now)).then_some(found.dir));
    }
    if let Some((found, comparison)) = record::edited_from(data, agenda) {
        if comparison.blockers.is_empty() {
            let yes = resume || offer_resume(&found, &comparison.differences, now);
            return Ok(yes.then_some(found.dir));
        }
        if resume {
            return Err(CliError::EditBlocked {
                dir: found.dir,
                blockers: comparison.blockers,
                resume,
            });
        }
        eprintln!(
            "{}.",
            crate::sanitize::for_terminal(&format!(
                "the unfinished record {} cannot continue with this edited agenda: {}",
                found.dir.display(),
                comparison.blockers.join("; ")
            ))
        );
        if ask("Start a new, empty record for this agenda instead?", false) {
            return Ok(None);
        }
        return Err(CliError::EditBlocked {
            dir: found.dir,
            blockers: comparison.blockers,
            resume,
        });
    }
    if let Some(found) = record::ended_without_minutes(data, text) {
        let advice = CliError::MinutesMissing { dir: found.dir };
        if resume {
            return Err(advice);
        }
        eprintln!("note: {}", crate::sanitize::for_terminal(&advice.to_string()));
    }
    if resume {
        return Err(CliError::NothingToResume {
            title: agenda.title.clone(),
            records: record::records_dir(data),
        });
    }
    Ok(None)
}

/// Whether resuming is the answer an empty reply gives: only for a record of the same day
/// that holds something. Yesterday's rehearsal or an empty record defaults to a fresh start.
pub fn resume_by_default(
    found: &crate::record::Found,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> bool {
    found.entries > 0 && found.created.date_naive() == now.date_naive()
}

/// Asks on the terminal whether to continue an unfinished record of this agenda (or of an
/// earlier version of it, whose `differences` are listed).
fn offer_resume(
    found: &crate::record::Found,
    differences: &[String],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> bool {
    let default = resume_by_default(found, now);
    let when = if found.created.date_naive() == now.date_naive() {
        format!("today at {}", found.created.format("%H:%M"))
    } else {
        format!("{}, not today", found.created.format("%Y-%m-%d %H:%M"))
    };
    let entries = match found.entries {
        0 => "nothing recorded yet".to_string(),
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    let mut text = format!(
        "An unfinished record of \"{}\" from {when} ({entries}) is in {}.\n",
        crate::sanitize::for_terminal(&found.title),
        found.dir.display()
    );
    if !differences.is_empty() {
        text.push_str("It was run with an earlier version of this agenda:\n");
        for line in differences {
            text.push_str(&format!("  - {}\n", crate::sanitize::for_terminal(line)));
        }
        text.push_str(
            "Continue it with the edited agenda (the earlier one is kept in the record)?",
        );
    } else {
        text.push_str("Resume it?");
    }
    ask(&text, default)
}

/// Asks a yes/no question on the terminal; Enter gives `default`.
fn ask(question: &str, default: bool) -> bool {
    eprint!("{question}{}", if default { " [Y/n] " } else { " [y/N] " });
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    match answer.trim().to_lowercase().as_str() {
        "" => default,
        "y" | "yes" => true,
        _ => false,
    }
}

/// Loads a record for minutes: its agenda as run and its journal's entries.
fn load_record(path: &Path) -> Result<(PathBuf, Agenda, Vec<crate::journal::Entry>), CliError> {
    use crate::record;
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else if path.file_name().is_some_and(|n| n == record::JOURNAL_FILE) {
        path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    } else if let Some(dir) = path
        .parent()
        .filter(|p| p.file_name().is_some_and(|n| n == record::JOURNALS_DIR))
        .and_then(Path::parent)
    {
        dir.to_path_buf()
    } else {
        return Err(CliError::NotARecordPath { path: path.to_path_buf() });
    };
    if !record::is_record(&dir) {
        return Err(record::RecordError::NotARecord { dir }.into());
    }
    let contents = record::read_journal(&dir)?;
    // The agenda the journal was recorded with, checked by its hash: a journal copied into
    // another event's folder must not file its items under that event's sessions.
    let (text, agenda_path) = record::agenda_as_run(&dir, &contents)?;
    let loaded = agenda::parse_agenda(&text);
    let name = display_name(&agenda_path);
    report(&name, &loaded.diagnostics, true);
    let agenda = loaded.agenda.ok_or(CliError::RecordAgenda { name })?;
    let renumbered = crate::revision::renumber(&contents.entries);
    let refused = crate::live::Live::refusals(&agenda, &renumbered, &contents.lines);
    for problem in contents.problems.iter().chain(&refused) {
        eprintln!("warning: {}: {problem}", dir.display());
    }
    Ok((dir, agenda, contents.entries))
}

/// The standard stream a path names, if any: `-`, `/dev/stdout` and `/dev/stderr` are
/// written to the stream itself, never replaced by a file.
fn stream_named(path: &Path) -> Option<u8> {
    match path.to_str()? {
        "-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(1),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(2),
        _ => None,
    }
}

fn minutes(
    data_dir: Option<&Path>,
    record: &Path,
    public: bool,
    output: Option<&Path>,
    json: bool,
    lang: Option<&str>,
) -> ExitCode {
    use crate::minutes::{self, Audience};
    let lang = match lang.map(crate::i18n::Lang::parse).transpose() {
        Ok(lang) => lang,
        Err(unknown) => return fail(&format!("--lang: {unknown}")),
    };
    if public && output.is_none() && !json {
        return fail(
            "--public chooses the version written with -o FILE or --json; both versions are written into the record folder without them",
        );
    }
    let record = match crate::record::data_dir(data_dir) {
        Ok(data) => crate::record::resolve(&data, record),
        Err(_) => record.to_path_buf(),
    };
    let (dir, mut agenda, entries) = match load_record(&record) {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error.to_string()),
    };
    // `--lang` writes these minutes in another language than the agenda's; the record is not
    // changed (minutes written later, at the end of a reopened event, keep the agenda's).
    if let Some(lang) = lang {
        agenda.language = lang;
    }
    let audience = if public { Audience::Public } else { Audience::Internal };
    let output = match (output, json) {
        (None, true) => Some(Path::new("-")),
        (output, _) => output,
    };
    match output {
        Some(path) => {
            let text = if json {
                minutes::json(&agenda, &entries, audience)
            } else {
                minutes::render(&agenda, &entries, audience)
            };
            match stream_named(path) {
                Some(1) => return print_out(&text),
                Some(_) => {
                    let mut stderr = std::io::stderr().lock();
                    return match stderr.write_all(text.as_bytes()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => fail(&format!("cannot write to standard error: {e}")),
                    };
                }
                None => {}
            }
            match minutes::replace(path, &text) {
                Ok(()) => print_out(&format!("{}\n", path.display())),
                Err(e) if e.kind() == std::io::ErrorKind::Other => {
                    fail(&format!("cannot write {}: {e}", path.display()))
                }
                Err(e) => fail(&format!(
                    "cannot write {}: {e}; check the folder exists and is writable",
                    path.display()
                )),
            }
        }
        None => match minutes::write_record(&dir, &agenda, &entries) {
            Ok(paths) => print_out(&format!("{}\n{}\n", paths[0].display(), paths[1].display())),
            Err(error) => fail(&error.to_string()),
        },
    }
}

/// `convene review RECORD`: exit 0 when nothing needs a look, 1 when a name does, 2 when the
/// record cannot be read (1 is taken).
fn review(data_dir: Option<&Path>, record: &Path) -> ExitCode {
    const ERROR: u8 = 2;
    let record = match crate::record::data_dir(data_dir) {
        Ok(data) => crate::record::resolve(&data, record),
        Err(_) => record.to_path_buf(),
    };
    let (_, agenda, entries) = match load_record(&record) {
        Ok(loaded) => loaded,
        Err(error) => {
            fail(&error.to_string());
            return ExitCode::from(ERROR);
        }
    };
    let replayed = crate::minutes::fold(&agenda, &entries);
    let review = crate::review::Review::of(&replayed.live);
    if print_out(&review.text()) != ExitCode::SUCCESS {
        return ExitCode::from(ERROR);
    }
    if review.needs_look { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn records(data_dir: Option<&Path>) -> ExitCode {
    let data = match crate::record::data_dir(data_dir) {
        Ok(data) => data,
        Err(error) => return fail(&error.to_string()),
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

/// `convene archive [FILE]`: every record of the data directory into FILE.
fn archive(data_dir: Option<&Path>, file: Option<&Path>, public: bool) -> ExitCode {
    let data = match crate::record::data_dir(data_dir) {
        Ok(data) => data,
        Err(error) => return fail(&error.to_string()),
    };
    let path = file.map_or_else(|| crate::archive::default_path(&data), Path::to_path_buf);
    let audience =
        if public { crate::minutes::Audience::Public } else { crate::minutes::Audience::Internal };
    let records: Vec<PathBuf> = crate::record::list(&data).into_iter().map(|f| f.dir).collect();
    match crate::archive::refresh(&path, &records, audience) {
        Ok(done) => {
            for skipped in &done.skipped {
                eprintln!("warning: left out {}", crate::sanitize::for_terminal(skipped));
            }
            print_out(&format!(
                "{}: {} written, {} unchanged{}\n",
                path.display(),
                crate::app::plural(done.written.len(), "record"),
                done.unchanged,
                if done.skipped.is_empty() {
                    String::new()
                } else {
                    format!(", {} left out (see above)", done.skipped.len())
                }
            ))
        }
        Err(error) => fail(&error.to_string()),
    }
}

/// `convene search WORDS`: the items of every record holding all the words.
fn search(data_dir: Option<&Path>, words: &str, file: Option<&Path>) -> ExitCode {
    let data = match crate::record::data_dir(data_dir) {
        Ok(data) => data,
        Err(error) => return fail(&error.to_string()),
    };
    let path = match file {
        Some(file) => file.to_path_buf(),
        None => {
            let path = crate::archive::default_path(&data);
            let records: Vec<PathBuf> =
                crate::record::list(&data).into_iter().map(|f| f.dir).collect();
            match crate::archive::refresh(&path, &records, crate::minutes::Audience::Internal) {
                Ok(done) => {
                    for skipped in &done.skipped {
                        eprintln!("warning: left out {}", crate::sanitize::for_terminal(skipped));
                    }
                }
                Err(error) => return fail(&error.to_string()),
            }
            path
        }
    };
    let hits = match crate::archive::search(&path, words) {
        Ok(hits) => hits,
        Err(error) => return fail(&error.to_string()),
    };
    if hits.is_empty() {
        return print_out(&format!("Nothing found for \"{words}\" in {}\n", path.display()));
    }
    let mut out = String::new();
    for hit in &hits {
        let letter = hit.kind.chars().next().map(|c| c.to_ascii_uppercase()).unwrap_or('?');
        let clean = crate::sanitize::for_terminal;
        let mut state = match (&hit.answer, hit.kind.as_str(), hit.open) {
            (Some(answer), _, _) => format!("\n      answered: {}", clean(answer)),
            (None, "question", true) if hit.later.is_some() => " (open then)".to_string(),
            (None, "question", true) => " (open)".to_string(),
            _ => String::new(),
        };
        // Carried into later events: what the latest of them says.
        if let Some((title, status, note)) = &hit.later {
            let status = status.as_deref().map_or("no update yet", |s| match s {
                "in_progress" => "in progress",
                other => other,
            });
            let note = note.as_deref().map(|n| format!(" — {}", clean(n))).unwrap_or_default();
            state.push_str(&format!("\n      since, at {}: {status}{note}", clean(title)));
        }
        out.push_str(&format!(
            "{}  {} · session {} · {letter}{}  {}{state}\n",
            clean(&hit.date),
            clean(&hit.title),
            hit.session,
            hit.number,
            clean(&hit.text)
        ));
    }
    out.push_str(&format!("{} in {}\n", crate::app::plural(hits.len(), "item"), path.display()));
    print_out(&out)
}

/// `convene completions SHELL`: the completion script on standard output.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    use clap::CommandFactory;
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "convene", &mut bytes);
    print_out(&String::from_utf8_lossy(&bytes))
}

/// `convene man`: the manual page, roff, on standard output.
fn man() -> ExitCode {
    use clap::CommandFactory;
    let mut bytes = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut bytes) {
        Ok(()) => print_out(&String::from_utf8_lossy(&bytes)),
        Err(error) => fail(&format!("cannot write the manual page: {error}")),
    }
}

/// `convene merge RECORD COPY...`: every copy's journals into the record, then its minutes
/// written again when it has them (or has ended).
fn merge(data_dir: Option<&Path>, record: &Path, copies: &[PathBuf]) -> ExitCode {
    let result = (|| -> Result<String, CliError> {
        let data = crate::record::data_dir(data_dir)?;
        let dir = crate::record::resolve(&data, record);
        if !crate::record::is_record(&dir) {
            return Err(crate::record::RecordError::NotARecord { dir }.into());
        }
        let _lock = crate::record::lock(&dir)?;
        let mut out = String::new();
        for copy in copies {
            let copy = crate::record::resolve(&data, copy);
            if !crate::record::is_record(&copy) {
                return Err(crate::record::RecordError::NotARecord { dir: copy }.into());
            }
            let merged = crate::merge::merge_copy(&dir, &copy)?;
            let what = if merged.added.is_empty() {
                "nothing new".to_string()
            } else {
                merged
                    .added
                    .iter()
                    .map(|(journal, n)| format!("{journal} +{}", entries(*n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!("merged {}: {what}\n", copy.display()));
        }
        let contents = crate::record::read_journal(&dir)?;
        let ended = contents.entries.iter().any(|e| e.change == crate::journal::Change::EventEnded);
        let has_minutes = dir.join(crate::minutes::INTERNAL_FILE).exists();
        if ended || has_minutes {
            let (dir, agenda, entries) = load_record(&dir)?;
            let written = crate::minutes::write_record(&dir, &agenda, &entries)?;
            for path in written {
                out.push_str(&format!("wrote {}\n", path.display()));
            }
        }
        Ok(out)
    })();
    match result {
        Ok(out) => print_out(&out),
        Err(error) => fail(&error.to_string()),
    }
}

/// `convene consent RECORD NAME yes|no`: a consent change journaled from this laptop into
/// the record, then its minutes written again when it has ended (or has minutes).
fn consent(data_dir: Option<&Path>, record: &Path, name: &str, consent: bool) -> ExitCode {
    let result = (|| -> Result<String, CliError> {
        use crate::record;
        let data = record::data_dir(data_dir)?;
        let dir = record::resolve(&data, record);
        if !record::is_record(&dir) {
            return Err(record::RecordError::NotARecord { dir }.into());
        }
        let device = record::device_id(&data)?;
        let opened = record::open(&dir)?;
        for note in &opened.notes {
            eprintln!("note: {}", crate::sanitize::for_terminal(note));
        }
        let (text, agenda_path) = record::agenda_as_run(&dir, &opened.contents)?;
        let agenda = agenda::parse_agenda(&text)
            .agenda
            .ok_or_else(|| CliError::RecordAgenda { name: display_name(&agenda_path) })?;
        // The consent as the record says it now: the agenda's, after every change so far.
        let replayed = crate::minutes::fold(&agenda, &opened.contents.entries);
        let people = &replayed.live.agenda.participants;
        let Some(person) = participant(people, name) else {
            return Err(CliError::UnknownParticipant {
                name: name.to_string(),
                agenda: agenda_path,
                hint: closest_participant(people, name),
            });
        };
        let what = if consent { "given: may be named" } else { "withdrawn: not named" };
        if person.consent == consent {
            return Ok(format!(
                "{}'s consent is already {what} in the public minutes of {}; nothing was written\n",
                person.name,
                dir.display()
            ));
        }
        let change =
            crate::journal::Change::ConsentChanged { participant: person.name.clone(), consent };
        let journal = opened.append(device, vec![change], crate::live::Now::read().wall)?;
        let mut out = format!(
            "{}'s consent {what} in the public minutes; journaled in {}\n",
            person.name,
            journal.display()
        );
        if replayed.live.ended_at.is_some() || dir.join(crate::minutes::INTERNAL_FILE).exists() {
            let (dir, agenda, entries) = load_record(&dir)?;
            for path in crate::minutes::write_record(&dir, &agenda, &entries)? {
                out.push_str(&format!("wrote {}\n", path.display()));
            }
        } else {
            out.push_str("the event has not ended: its minutes use this when they are written\n");
        }
        Ok(out)
    })();
    match result {
        Ok(out) => print_out(&out),
        Err(error) => fail(&error.to_string()),
    }
}

/// The participant a name given on the command line means: the agenda's exact name, or the
/// one name it equals but for case.
fn participant<'a>(
    people: &'a [crate::agenda::Participant],
    name: &str,
) -> Option<&'a crate::agenda::Participant> {
    people.iter().find(|p| p.name == name).or_else(|| {
        let lower = name.to_lowercase();
        let mut same = people.iter().filter(|p| p.name.to_lowercase() == lower);
        match (same.next(), same.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    })
}

/// How to name a participant instead of `name`: the closest spelling, or those there are.
fn closest_participant(people: &[crate::agenda::Participant], name: &str) -> String {
    let lower = name.to_lowercase();
    let closest = people
        .iter()
        .map(|p| (strsim::jaro_winkler(&lower, &p.name.to_lowercase()), p))
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, person)) = closest {
        return format!("did you mean \"{}\"?", person.name);
    }
    let names: Vec<String> = people.iter().take(6).map(|p| format!("\"{}\"", p.name)).collect();
    match people.len() {
        0 => "its agenda lists no participants, and only they give consent".to_string(),
        1..=6 => format!("give one of its participants: {}", names.join(", ")),
        n => format!("give one of its {n} participants, as its [[participants]] name them"),
    }
}

/// `convene display [RECORD]`: the room display, until q, Ctrl-c or a signal.
fn display(data_dir: Option<&Path>, record: Option<&Path>, timer_only: bool) -> ExitCode {
    use crate::display::Target;
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return fail(
            "the room display needs a terminal; run `convene display` in the terminal shown on the projector",
        );
    }
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        return fail(
            "the room display needs a terminal that can move the cursor, and TERM=dumb cannot; run it in a full terminal (or set TERM, e.g. TERM=xterm-256color)",
        );
    }
    let data = match crate::record::data_dir(data_dir) {
        Ok(data) => data,
        Err(error) => return fail(&error.to_string()),
    };
    let target = match record {
        Some(given) => Target::Named(display_record(&data, given)),
        None => Target::Running { data },
    };
    match crate::display::run(target, timer_only) {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        Err(e) => fail(&format!("the terminal failed: {e}")),
    }
}

/// The record folder `convene display RECORD` follows: a folder, or a name as `convene
/// records` lists it, in the records folder even before it exists there.
fn display_record(data: &Path, given: &Path) -> PathBuf {
    let resolved = crate::record::resolve(data, given);
    let bare = given.components().count() == 1 && !given.exists();
    if bare && !resolved.exists() { crate::record::records_dir(data).join(given) } else { resolved }
}

fn discard(data_dir: Option<&Path>, record: &Path) -> ExitCode {
    let data = match crate::record::data_dir(data_dir) {
        Ok(data) => data,
        Err(error) => return fail(&error.to_string()),
    };
    let dir = crate::record::resolve(&data, record);
    match crate::record::discard(&data, &dir) {
        Ok(to) => print_out(&format!(
            "moved {} to {}; move it back to restore it\n",
            dir.display(),
            to.display()
        )),
        Err(error) => fail(&error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn an_agenda_that_cannot_be_read_is_reported_once_in_its_own_form() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.toml");
        match agenda_text(Some(&path)) {
            Err(CliError::Reported { name }) => assert_eq!(name, path.display().to_string()),
            other => panic!("expected Reported, got {other:?}"),
        }
    }

    #[test]
    fn only_a_record_of_today_that_holds_something_is_resumed_by_default() {
        let found = |created: &str, entries| crate::record::Found {
            dir: PathBuf::from("records/2026-05-12-lab"),
            title: "Porsgrunn Citizen Lab 2026".into(),
            agenda_sha256: String::new(),
            created: at(created),
            ended: false,
            entries,
            minutes: false,
        };
        let evening = at("2026-05-12T18:05:00+02:00");
        assert!(resume_by_default(&found("2026-05-12T17:55:00+02:00", 4), evening));
        // Yesterday's rehearsal, and a record with nothing in it, start fresh by default.
        assert!(!resume_by_default(&found("2026-05-11T19:30:00+02:00", 40), evening));
        assert!(!resume_by_default(&found("2026-05-12T17:55:00+02:00", 0), evening));
    }

    #[test]
    fn standard_streams_are_written_to_not_replaced() {
        assert_eq!(stream_named(Path::new("-")), Some(1));
        assert_eq!(stream_named(Path::new("/dev/stdout")), Some(1));
        assert_eq!(stream_named(Path::new("/dev/stderr")), Some(2));
        assert_eq!(stream_named(Path::new("/dev/null")), None);
        assert_eq!(stream_named(Path::new("minutes.md")), None);
    }

    #[test]
    fn one_entry_is_not_one_entries() {
        assert_eq!(entries(0), "0 entries");
        assert_eq!(entries(1), "1 entry");
        assert_eq!(entries(2), "2 entries");
    }
}
