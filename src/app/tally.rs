//! The tally form (`v`): a vote or a show of hands on a question typed word for word, for
//! the current session (after the end, the session on screen). Its fields are moved through
//! with Tab/↑↓; Enter records the whole tally as ONE journaled change (`tally_recorded`),
//! never a field at a time; Esc cancels. PgUp/PgDn bring the session's earlier tallies into
//! the form: saved, a correction replaces the tally (the same id); Ctrl-x twice deletes it.

use std::mem;

use tui_input::Input;

use super::{Action, App, Effect, Key, Mode, edit_line, insert_text};
use crate::event::{Change, ItemId};
use crate::live::{
    Check, Counting, Dots, MAX_OPTION_CHARS, MAX_OPTIONS, MAX_PRESENT, MAX_TALLY_CHARS,
    OptionCount, SHOW_OF_HANDS_OPTIONS, Tally, TallyMethod, TallyRule, checks,
};

/// The largest number the form takes: six digits.
pub const MAX_TYPED: u32 = 999_999;

/// One field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Question,
    Method,
    Rule,
    /// The options of a show of hands or a dot vote, typed separated by commas.
    Options,
    Present,
    /// The dots handed out (a dot vote).
    Dots,
    /// The count of the option at this position, and how it was obtained.
    Count(usize),
    Outcome,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Question => "Question",
            Field::Method => "Method",
            Field::Rule => "Rule",
            Field::Options => "Options",
            Field::Present => "Present",
            Field::Dots => "Dots",
            Field::Count(_) => "Count",
            Field::Outcome => "Outcome",
        }
    }
}

/// The tally being entered or corrected: nothing of it is journaled until it is saved.
#[derive(Clone, Debug)]
pub struct Form {
    /// The tally it corrects; None for a new one.
    pub tally: Option<ItemId>,
    pub session: usize,
    /// The question, word for word.
    pub question: Input,
    pub method: TallyMethod,
    pub rule: TallyRule,
    /// The options of a show of hands or a dot vote, separated by commas.
    pub options: Input,
    /// A count for each option, in order (kept by option across changes of the options).
    pub counts: Vec<OptionCount>,
    pub present: Option<u32>,
    /// The number present is the attendance's total, as the form found it.
    pub present_from_attendance: bool,
    /// The dots handed out: so many per person (`per_person`), or in all.
    pub dots: Option<u32>,
    pub per_person: bool,
    /// The outcome as declared.
    pub outcome: Input,
    pub focus: Field,
    /// A digit typed on the focused number appends to it; the first one after moving there
    /// starts a new number.
    pub typed: bool,
    /// Ctrl-x was pressed once: a second one deletes the tally.
    pub deleting: bool,
    /// The new tally being typed, kept while an earlier one is in the form (PgUp).
    pub new_draft: Option<Box<Form>>,
}

impl Form {
    /// An empty form for a new tally in `session`: a show of hands, advisory, for and
    /// against; the number present is the attendance's total once one was entered.
    pub fn new(session: usize, attendance: Option<u64>) -> Form {
        let present = attendance.and_then(|n| u32::try_from(n).ok()).filter(|&n| n <= MAX_TYPED);
        let mut form = Form {
            tally: None,
            session,
            question: Input::default(),
            method: TallyMethod::ShowOfHands,
            rule: TallyRule::Advisory,
            options: Mode::open_line(SHOW_OF_HANDS_OPTIONS.join(", ")),
            counts: Vec::new(),
            present,
            present_from_attendance: present.is_some(),
            dots: None,
            per_person: true,
            outcome: Input::default(),
            focus: Field::Question,
            typed: false,
            deleting: false,
            new_draft: None,
        };
        form.sync();
        form
    }

    /// A recorded tally in the form, to correct it.
    pub fn of(tally: &Tally) -> Form {
        let listed = tally.method.fixed_options().is_none();
        let options: Vec<&str> = tally.counts.iter().map(|c| c.option.as_str()).collect();
        let (dots, per_person) = match tally.dots {
            Some(Dots::PerPerson(n)) => (Some(n), true),
            Some(Dots::Total(n)) => (Some(n), false),
            None => (None, true),
        };
        Form {
            tally: Some(tally.id),
            session: tally.session,
            question: Mode::open_line(tally.question.clone()),
            method: tally.method,
            rule: tally.rule,
            options: Mode::open_line(if listed {
                options.join(", ")
            } else {
                SHOW_OF_HANDS_OPTIONS.join(", ")
            }),
            counts: tally.counts.clone(),
            present: tally.present,
            present_from_attendance: false,
            dots,
            per_person,
            outcome: Mode::open_line(tally.outcome.clone()),
            focus: Field::Question,
            typed: false,
            deleting: false,
            new_draft: None,
        }
    }

    /// The options counted: the method's own, or those typed (each once, whatever its case).
    pub fn labels(&self) -> Vec<String> {
        if let Some(fixed) = self.method.fixed_options() {
            return fixed.iter().map(|o| o.to_string()).collect();
        }
        let mut labels: Vec<String> = Vec::new();
        for option in self.options.value().split(',') {
            let option = crate::sanitize::clean_line(option);
            if !option.is_empty()
                && !labels.iter().any(|l| l.to_lowercase() == option.to_lowercase())
            {
                labels.push(option);
            }
        }
        labels
    }

    /// Makes the counts follow the options: an option kept keeps its count.
    fn sync(&mut self) {
        let old = mem::take(&mut self.counts);
        self.counts = self
            .labels()
            .into_iter()
            .map(|option| {
                old.iter().find(|c| c.option == option).cloned().unwrap_or(OptionCount {
                    option,
                    count: None,
                    how: Counting::Counted,
                })
            })
            .collect();
    }

    /// The fields in the order Tab goes through them.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Question, Field::Method, Field::Rule];
        if self.method.fixed_options().is_none() {
            fields.push(Field::Options);
        }
        fields.push(Field::Present);
        if self.method == TallyMethod::DotVote {
            fields.push(Field::Dots);
        }
        fields.extend((0..self.counts.len()).map(Field::Count));
        fields.push(Field::Outcome);
        fields
    }

    pub fn dots(&self) -> Option<Dots> {
        if self.method != TallyMethod::DotVote {
            return None;
        }
        self.dots.map(|n| if self.per_person { Dots::PerPerson(n) } else { Dots::Total(n) })
    }

    /// The checks of the numbers as they stand: the fold's own.
    pub fn checks(&self) -> Vec<Check> {
        checks(self.method, &self.counts, self.present, self.dots())
    }

    /// Something was typed that leaving would lose.
    pub fn holds_text(&self) -> bool {
        !self.question.value().trim().is_empty() || !self.outcome.value().trim().is_empty()
    }

    /// The focused field's line, when it is typed text.
    fn line_mut(&mut self) -> Option<&mut Input> {
        match self.focus {
            Field::Question => Some(&mut self.question),
            Field::Options => Some(&mut self.options),
            Field::Outcome => Some(&mut self.outcome),
            _ => None,
        }
    }

    /// The focused number, when it is one.
    fn number_mut(&mut self) -> Option<&mut Option<u32>> {
        match self.focus {
            Field::Present => Some(&mut self.present),
            Field::Dots => Some(&mut self.dots),
            Field::Count(i) => self.counts.get_mut(i).map(|c| &mut c.count),
            _ => None,
        }
    }

    /// Moves to the next (or previous) field, around the end.
    fn step(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|&f| f == self.focus).unwrap_or(0);
        let n = fields.len();
        self.focus = fields[if forward { (at + 1) % n } else { (at + n - 1) % n }];
        self.typed = false;
    }

    /// ←/→ or space on a choice: the next (or previous) method, rule, way of counting or
    /// unit of the dots.
    fn choose(&mut self, forward: bool) -> bool {
        fn turn<T: Copy + PartialEq>(all: &[T], now: T, forward: bool) -> T {
            let at = all.iter().position(|&x| x == now).unwrap_or(0);
            let n = all.len();
            all[if forward { (at + 1) % n } else { (at + n - 1) % n }]
        }
        match self.focus {
            Field::Method => {
                self.method = turn(&TallyMethod::ALL, self.method, forward);
                self.sync();
            }
            Field::Rule => {
                self.rule = turn(&[TallyRule::Advisory, TallyRule::Binding], self.rule, forward);
            }
            Field::Count(i) => {
                if let Some(count) = self.counts.get_mut(i) {
                    count.how = turn(&Counting::ALL, count.how, forward);
                }
            }
            Field::Dots => self.per_person = !self.per_person,
            _ => return false,
        }
        true
    }

    /// A digit on a number: the first after moving there starts a new number.
    fn digit(&mut self, d: u32) {
        let typed = self.typed;
        if self.focus == Field::Present {
            self.present_from_attendance = false;
        }
        let Some(number) = self.number_mut() else { return };
        *number = Some(match *number {
            Some(n) if typed && n * 10 + d <= MAX_TYPED => n * 10 + d,
            Some(n) if typed => n,
            _ => d,
        });
        self.typed = true;
    }

    fn backspace_digit(&mut self) {
        if self.focus == Field::Present {
            self.present_from_attendance = false;
        }
        if let Some(number) = self.number_mut() {
            *number = number.and_then(|n| (n >= 10).then_some(n / 10));
        }
        self.typed = true;
    }

    /// The change that saving records, or the field to fix and why.
    pub fn change(&self) -> Result<Change, (Field, String)> {
        let question = crate::sanitize::clean_line(self.question.value());
        if question.is_empty() {
            return Err((
                Field::Question,
                "Nothing saved: type the question, word for word".into(),
            ));
        }
        if self.counts.is_empty() {
            return Err((
                Field::Options,
                "Nothing saved: list the options, separated by commas (for, against)".into(),
            ));
        }
        if self.counts.len() > MAX_OPTIONS {
            return Err((
                Field::Options,
                format!(
                    "A tally lists at most {MAX_OPTIONS} options; this one has {}: shorten the list",
                    self.counts.len()
                ),
            ));
        }
        if let Some(long) = self.counts.iter().find(|c| c.option.chars().count() > MAX_OPTION_CHARS)
        {
            return Err((
                Field::Options,
                format!(
                    "An option holds at most {MAX_OPTION_CHARS} characters: shorten \"{}…\"",
                    long.option.chars().take(20).collect::<String>()
                ),
            ));
        }
        let present = self.present.filter(|&n| n <= MAX_PRESENT);
        Ok(Change::TallyRecorded {
            // A new tally gets its line's id when it is journaled (`crate::stamp`).
            tally: self.tally.unwrap_or_default(),
            session: self.session,
            question,
            method: self.method,
            rule: self.rule,
            counts: self.counts.clone(),
            present,
            dots: self.dots(),
            outcome: crate::sanitize::clean_line(self.outcome.value()),
        })
    }
}

/// The longest text of a line of the form.
pub(super) const LIMIT: super::Limit =
    (MAX_TALLY_CHARS, "A question, an outcome or a list of options");

/// Whether the form is open with text typed that leaving would lose.
pub(super) fn holds_draft(mode: &Mode) -> bool {
    matches!(mode, Mode::Tally(form) if form.holds_text())
}

/// The session a tally goes to: the current one; after the end, the session on screen.
fn session(app: &App) -> usize {
    if app.correcting { app.shown() } else { app.live.current }
}

/// What an action of the form does.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    if let Mode::Tally(form) = &mut app.mode
        && action != Action::DeleteTally
    {
        form.deleting = false;
    }
    match action {
        Action::OpenTally => {
            let session = session(app);
            app.mode = Mode::Tally(Box::new(Form::new(session, app.live.attendance.total())));
        }
        Action::SaveTally => return save(app),
        Action::CancelTally => {
            app.mode = Mode::Normal;
            app.flash = Some("Tally cancelled: nothing saved".into());
        }
        Action::TallyNextField | Action::TallyPreviousField => {
            if let Mode::Tally(form) = &mut app.mode {
                form.step(action == Action::TallyNextField);
            }
        }
        Action::TallyChooseNext | Action::TallyChoosePrevious => {
            let forward = action == Action::TallyChooseNext;
            if let Mode::Tally(form) = &mut app.mode
                && !form.choose(forward)
                && let Some(line) = form.line_mut()
            {
                edit_line(line, if forward { Key::Right } else { Key::Left });
            }
        }
        Action::TallyEarlier | Action::TallyLater => browse(app, action == Action::TallyEarlier),
        Action::DeleteTally => return delete(app),
        _ => {}
    }
    Vec::new()
}

/// A key the table does not bind, on the form: text into a line, digits into a number,
/// space on a choice turns it.
pub(super) fn type_key(app: &mut App, key: Key) {
    let Mode::Tally(form) = &mut app.mode else { return };
    form.deleting = false;
    if let Some(line) = form.line_mut() {
        let before = line.value().to_string();
        match key {
            Key::Char(c) => {
                if let Some(cut) = insert_text(line, &c.to_string(), LIMIT) {
                    app.flash = Some(cut);
                }
            }
            key => edit_line(line, key),
        }
        if form.focus == Field::Options && form.options.value() != before {
            form.sync();
        }
        return;
    }
    match key {
        Key::Char(' ') => {
            form.choose(true);
        }
        Key::Char(c) if c.is_ascii_digit() => {
            if form.number_mut().is_some() {
                form.digit(c.to_digit(10).unwrap_or(0));
            } else {
                app.flash = Some("←/→ or space chooses here".into());
            }
        }
        Key::Backspace => form.backspace_digit(),
        Key::Char(_) if form.number_mut().is_some() => {
            app.flash = Some("Type a number (digits), or Backspace".into());
        }
        _ => {}
    }
}

/// A paste on the form: text into a line, cleaned of line breaks; digits into a number.
pub(super) fn paste(app: &mut App, text: &str) {
    let Mode::Tally(form) = &mut app.mode else { return };
    if let Some(line) = form.line_mut() {
        if let Some(cut) = insert_text(line, &crate::sanitize::clean_line(text), LIMIT) {
            app.flash = Some(cut);
        }
        if form.focus == Field::Options {
            form.sync();
        }
        return;
    }
    for d in text.chars().filter_map(|c| c.to_digit(10)) {
        form.digit(d);
    }
}

/// Enter: the whole tally as one change, said saved once durable, with any check that
/// failed; an unchanged correction records nothing.
fn save(app: &mut App) -> Vec<Effect> {
    let Mode::Tally(form) = &mut app.mode else { return Vec::new() };
    let change = match form.change() {
        Ok(change) => change,
        Err((field, why)) => {
            form.focus = field;
            form.typed = false;
            app.flash = Some(why);
            return Vec::new();
        }
    };
    let failed: Vec<Check> = form.checks().into_iter().filter(|c| !c.passed()).collect();
    let tally = form.tally.and_then(|id| app.live.tallies.get(id));
    if let Some(tally) = tally.filter(|t| !t.deleted && unchanged(t, &change)) {
        app.flash = Some(format!("Tally {} is unchanged: nothing to save", tally.number));
        app.mode = Mode::Normal;
        return Vec::new();
    }
    let what = match tally {
        Some(tally) => format!("the correction of tally {}", tally.number),
        None => format!("tally {}", app.live.tallies.next_number()),
    };
    let notes: String = failed.iter().map(|c| format!(" · check failed: {c}")).collect();
    app.mode = Mode::Normal;
    app.saving(what, notes);
    vec![Effect::Record(change)]
}

/// Whether a change records exactly what the tally holds.
fn unchanged(tally: &Tally, change: &Change) -> bool {
    let Change::TallyRecorded {
        session,
        question,
        method,
        rule,
        counts,
        present,
        dots,
        outcome,
        ..
    } = change
    else {
        return false;
    };
    tally.session == *session
        && tally.question == *question
        && tally.method == *method
        && tally.rule == *rule
        && tally.counts == *counts
        && tally.present == *present
        && tally.dots == *dots
        && tally.outcome == *outcome
}

/// PgUp/PgDn: the session's tally before (or after) the one in the form; after the last
/// comes the new one, as it was left.
fn browse(app: &mut App, earlier: bool) {
    let Mode::Tally(form) = &mut app.mode else { return };
    let ids: Vec<ItemId> = app.live.tallies.of_session(form.session).map(|t| t.id).collect();
    let at = form.tally.and_then(|id| ids.iter().position(|&t| t == id));
    let target = match (at, earlier) {
        (None, true) => ids.len().checked_sub(1),
        (Some(i), true) => i.checked_sub(1),
        (Some(i), false) if i + 1 < ids.len() => Some(i + 1),
        (Some(_), false) => None,
        (None, false) => {
            app.flash = Some("This is a new tally: PgUp brings the session's earlier ones".into());
            return;
        }
    };
    match (target, earlier) {
        (Some(i), _) => {
            let Some(tally) = app.live.tallies.get(ids[i]) else { return };
            let mut next = Form::of(tally);
            next.new_draft = match form.tally {
                None => Some(form.clone()),
                Some(_) => form.new_draft.take(),
            };
            **form = next;
        }
        (None, true) => {
            app.flash = Some(match ids.is_empty() {
                true => format!("Session {} has no tally yet", form.session + 1),
                false => "This is the session's first tally".into(),
            });
        }
        (None, false) => {
            let session = form.session;
            let total = app.live.attendance.total();
            **form = match form.new_draft.take() {
                Some(draft) => *draft,
                None => Form::new(session, total),
            };
        }
    }
}

/// Ctrl-x on a recorded tally: asks once, then deletes it (journaled).
fn delete(app: &mut App) -> Vec<Effect> {
    let Mode::Tally(form) = &mut app.mode else { return Vec::new() };
    let Some(tally) = form.tally.and_then(|id| app.live.tallies.get(id)) else {
        app.flash = Some("This tally is not saved: Esc cancels it".into());
        return Vec::new();
    };
    let (id, number) = (tally.id, tally.number);
    if !form.deleting {
        form.deleting = true;
        app.flash = Some(format!("Ctrl-x again deletes tally {number} · any other key keeps it"));
        return Vec::new();
    }
    app.mode = Mode::Normal;
    app.saving(format!("the deletion of tally {number}"), String::new());
    vec![Effect::Record(Change::TallyDeleted { tally: id })]
}

#[cfg(test)]
mod tests;
