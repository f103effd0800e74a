//! The agenda: what an event is planned to be. Loaded from TOML (format 1) and validated.

mod diagnostic;
mod load;
mod plan;
mod values;

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use diagnostic::{Diagnostic, LineIndex, Located, Severity};
pub use load::{Loaded, MAX_FILE_BYTES, load_file, parse_agenda, read_text};
pub use plan::{NIGHT, Plan, Slot, clock_on, delta};
pub use values::{
    DurationError, MAX_DURATION, compact_duration, format_duration, parse_clock, parse_duration,
    suggest_duration,
};

/// The built-in demo agenda: a citizen lab that bare `convene` runs.
pub const DEMO_AGENDA: &str = include_str!("../../agendas/citizen-lab.toml");
/// The name the demo agenda is reported under.
pub const DEMO_NAME: &str = "<demo: citizen-lab.toml>";

/// The time each speaker of a speaking queue gets when the agenda names none.
pub const DEFAULT_SPEAKER: Duration = Duration::from_secs(120);

/// Which kind of event an agenda describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Local residents asking questions and raising concerns about a project near them.
    Lab,
    /// Senior people from industry, academia and government.
    Council,
}

impl Kind {
    pub const NAMES: [&'static str; 2] = ["lab", "council"];

    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "lab" => Some(Kind::Lab),
            "council" => Some(Kind::Council),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lab => "lab",
            Kind::Council => "council",
        }
    }

    /// How people call it: "citizen lab", "policy council".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Lab => "citizen lab",
            Kind::Council => "policy council",
        }
    }
}

/// Who the public minutes may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// Participants who consented are named; others are shown by group.
    Named,
    /// Chatham House Rule: "a participant from <group>", never a name.
    Group,
    /// Nobody is named or grouped.
    Anonymous,
}

impl Attribution {
    pub const NAMES: [&'static str; 3] = ["named", "group", "anonymous"];

    pub fn parse(text: &str) -> Option<Attribution> {
        match text {
            "named" => Some(Attribution::Named),
            "group" => Some(Attribution::Group),
            "anonymous" => Some(Attribution::Anonymous),
            _ => None,
        }
    }

    /// The policy an event of this kind gets when its agenda names none.
    pub fn default_for(kind: Kind) -> Attribution {
        match kind {
            Kind::Lab => Attribution::Anonymous,
            Kind::Council => Attribution::Group,
        }
    }
}

/// What the countdown does at zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AtZero {
    /// It counts the overtime upward: "+02:13".
    #[default]
    Count,
    /// It stays at zero and says "time is up".
    Freeze,
}

impl AtZero {
    pub const NAMES: [&'static str; 2] = ["count", "freeze"];

    pub fn parse(text: &str) -> Option<AtZero> {
        match text {
            "count" => Some(AtZero::Count),
            "freeze" => Some(AtZero::Freeze),
            _ => None,
        }
    }
}

/// How a session is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Plenary,
    Presentation,
    Discussion,
    Breakout,
    Qa,
    Break,
}

impl Format {
    pub const NAMES: [&'static str; 6] =
        ["plenary", "presentation", "discussion", "breakout", "qa", "break"];

    pub fn parse(text: &str) -> Option<Format> {
        Some(match text {
            "plenary" => Format::Plenary,
            "presentation" => Format::Presentation,
            "discussion" => Format::Discussion,
            "breakout" => Format::Breakout,
            "qa" => Format::Qa,
            "break" => Format::Break,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plenary => "plenary",
            Format::Presentation => "presentation",
            Format::Discussion => "discussion",
            Format::Breakout => "breakout",
            Format::Qa => "qa",
            Format::Break => "break",
        }
    }

    /// How people call it on screen and in minutes.
    pub fn label(self) -> &'static str {
        match self {
            Format::Qa => "Q&A",
            other => other.as_str(),
        }
    }
}

/// The people running the event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Team {
    pub facilitator: Option<String>,
    pub note_taker: Option<String>,
}

impl Team {
    /// The names of the facilitator and the note-taker, those given.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        [&self.facilitator, &self.note_taker].into_iter().flatten()
    }

    /// Whether a name is the facilitator's or the note-taker's.
    pub fn has(&self, name: &str) -> bool {
        self.names().any(|member| member == name)
    }
}

/// The phone question page (`convene run --share`), as the agenda sets it (`[phones]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Phones {
    /// The page offers an optional name field (`names = true`); by default a question from a
    /// phone is anonymous. A typed name is internal only: never published.
    pub names: bool,
}

/// A stakeholder group, such as local residents or national government.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// A person expected at the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub name: String,
    /// The `id` of a declared group.
    pub group: Option<String>,
    /// True when the person may be named in public minutes.
    pub consent: bool,
}

/// One timeboxed part of the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub title: String,
    pub duration: Duration,
    pub format: Option<Format>,
    /// A fixed start the plan waits for.
    pub at: Option<NaiveTime>,
    pub warn: Option<Duration>,
    /// Time left when the countdown turns to its danger colour (after `warn`).
    pub danger: Option<Duration>,
    pub at_zero: Option<AtZero>,
    pub lead: Option<String>,
    pub goal: Option<String>,
    pub prompts: Vec<String>,
    /// Preset messages for the room display during this session.
    pub messages: Vec<String>,
    /// The shortest a catch-up proposal trims this session to (`min`); None: [`MIN_LENGTH`].
    pub min: Option<Duration>,
    /// The time each speaker of its speaking queue gets (`speaker = "2m"`).
    pub speaker: Option<Duration>,
    /// Items carried from earlier records (`carry`) go into the first session with
    /// `followup = true` (else the first session).
    pub followup: bool,
    /// The 1-based line of the session's table in the agenda file.
    pub line: usize,
}

/// A validated agenda: every value checked, every text clean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agenda {
    pub title: String,
    pub kind: Kind,
    pub date: NaiveDate,
    pub start: NaiveTime,
    /// The hard stop: a time on the agenda's date, or a later day for an event of several
    /// days (`end = "2026-05-13 16:00"`).
    pub end: Option<NaiveDateTime>,
    pub location: Option<String>,
    pub attribution: Attribution,
    /// The language the minutes are written in (`language = "nb"`); English by default.
    pub language: crate::i18n::Lang,
    pub warn: Option<Duration>,
    /// Time left when every countdown turns to its danger colour; none by default.
    pub danger: Option<Duration>,
    pub at_zero: AtZero,
    /// Preset messages for the room display (`[messages] presets = [...]`).
    pub messages: Vec<String>,
    /// The time each speaker gets in a session that names none (`speaker = "2m"`).
    pub speaker: Option<Duration>,
    /// The phone question page (`[phones]`).
    pub phones: Phones,
    pub team: Team,
    pub groups: Vec<Group>,
    pub participants: Vec<Participant>,
    /// Institutions that may be named in every version of the minutes: an operator, a
    /// municipality, a university. They may own actions and raise items.
    pub organisations: Vec<String>,
    /// Place names of the event's area: capitalised words that are not people.
    pub places: Vec<String>,
    pub sessions: Vec<Session>,
    /// Earlier records whose open items this event follows up (`carry = [...]`), as written.
    pub carry: Vec<CarryFrom>,
}

/// One entry of an agenda's `carry`: a record folder, as a path relative to the agenda
/// file's folder or a name as `convene records` lists it, with where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarryFrom {
    pub record: String,
    pub line: usize,
    pub column: usize,
}

/// The shortest a catch-up proposal trims a session to when the agenda gives no `min`.
pub const MIN_LENGTH: Duration = Duration::from_secs(5 * 60);

impl Session {
    /// The shortest a catch-up proposal trims this session to: its `min`, or [`MIN_LENGTH`].
    pub fn min_length(&self) -> Duration {
        self.min.unwrap_or(MIN_LENGTH)
    }

    /// A break (`format = "break"`): a catch-up keeps its length unless asked.
    pub fn is_break(&self) -> bool {
        self.format == Some(Format::Break)
    }
}

impl Agenda {
    /// Whether the phone question page offers its optional name field (`[phones] names`).
    pub fn phone_names(&self) -> bool {
        self.phones.names
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// When the timer of a session turns to its warning colour: the session's or the event's
    /// `warn`, or by default 2 minutes, or 20% of the (possibly extended) timebox when that
    /// is less.
    pub fn warn_at(&self, session: &Session, timebox: Duration) -> Duration {
        session.warn.or(self.warn).unwrap_or_else(|| {
            let fifth = timebox / 5;
            fifth.min(Duration::from_secs(120))
        })
    }

    /// When the timer of a session turns to its danger colour: the session's or the event's
    /// `danger`, never more than the warning; none when neither gives one.
    pub fn danger_at(&self, session: &Session, timebox: Duration) -> Option<Duration> {
        session.danger.or(self.danger).map(|d| d.min(self.warn_at(session, timebox)))
    }

    /// What a session's countdown does at zero: the session's `at_zero`, or the event's.
    pub fn at_zero(&self, session: &Session) -> AtZero {
        session.at_zero.unwrap_or(self.at_zero)
    }

    /// The time each speaker of a session's queue gets: the session's `speaker`, or the
    /// event's, or [`DEFAULT_SPEAKER`].
    pub fn speaker_time(&self, session: &Session) -> Duration {
        session.speaker.or(self.speaker).unwrap_or(DEFAULT_SPEAKER)
    }

    /// The session carried items go into: the first with `followup = true`, else the first.
    pub fn followup_session(&self) -> usize {
        self.sessions.iter().position(|s| s.followup).unwrap_or(0)
    }

    /// The preset messages offered during a session: its own, then the event's.
    pub fn presets<'a>(&'a self, session: &'a Session) -> impl Iterator<Item = &'a String> {
        session.messages.iter().chain(&self.messages)
    }
}
