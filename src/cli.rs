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
        /// Continue an interrupted event from its journal
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
        None => run(None, false),
        Some(Command::Run { agenda, resume }) => run(agenda.as_deref(), resume),
        Some(Command::Check { agendas }) => check(&agendas),
        Some(Command::Plan { agenda, markdown }) => plan_command(&agenda, markdown),
        Some(Command::New { kind, path }) => new(kind, path),
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

/// Loads an agenda, printing its diagnostics to stderr; None when it has errors.
fn load_reporting(path: &Path) -> Option<Agenda> {
    let loaded = agenda::load_file(path);
    let name = display_name(path);
    for diagnostic in &loaded.diagnostics {
        eprintln!("{}", Located { file: &name, diagnostic });
    }
    loaded.agenda
}

fn load_demo() -> Option<Agenda> {
    let loaded = agenda::parse_agenda(agenda::DEMO_AGENDA);
    for diagnostic in loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        eprintln!("{}", Located { file: agenda::DEMO_NAME, diagnostic });
    }
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

fn run(path: Option<&Path>, _resume: bool) -> ExitCode {
    use std::io::IsTerminal;
    let agenda = match path {
        Some(path) => load_reporting(path),
        None => load_demo(),
    };
    let Some(agenda) = agenda else { return ExitCode::FAILURE };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return fail(
            "the live screen needs a terminal; run it in one, or use `convene plan AGENDA` to print the timetable",
        );
    }
    let app = crate::app::App::new(crate::live::Live::new(agenda));
    let mut recorder = crate::app::MemoryRecorder::default();
    match crate::tui::run(app, &mut recorder) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("the terminal failed: {e}")),
    }
}
