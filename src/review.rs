//! Before publishing: every place where the public minutes differ from the internal ones
//! because of a person, every name the agenda does not know, and every item kept internal,
//! with a one-line verdict. `convene review` prints it; the live screen shows it once the
//! event has ended.
//!
//! Replacements the policy makes are for information; a name the agenda does not know needs a
//! human look: typed after `@` or `>` and matching nobody, a session lead matching nobody, a
//! title and a name ("Dr. Lindqvist"), or capitalised words the agenda does not know ("Lena
//! Holm", see [`crate::names`]).

use std::fmt;

use crate::agenda::Agenda;
use crate::event::{ItemKind, Raiser};
use crate::live::{Item, Live};
use crate::minutes::{Audience, lead_raiser, owner, raised_by};
use crate::names::{Known, flagged};

/// A text as the public minutes show it (`true`: a sentence, where a replacement may start
/// with a capital), noting each name replaced and what replaced it.
type Replace<'a> = dyn Fn(&str, bool, &mut Vec<(String, String)>) -> String + 'a;

/// Where in the minutes something is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A field of an item: its kind and number as the screen shows them ("question 3") and
    /// its session (from 0).
    Item { kind: ItemKind, number: u64, session: usize, field: Field },
    /// A session's lead (from 0).
    Lead { session: usize },
    /// A text of a vote or a show of hands: its number as the screen shows it ("tally 2"),
    /// its session (from 0) and which text ([`Field::Question`], [`Field::Option`] or
    /// [`Field::Outcome`]).
    Tally { number: u64, session: usize, field: Field },
}

/// Which field of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Text,
    Answer,
    RaisedBy,
    Owner,
    /// Who follows up a parked item.
    ParkedOwner,
    /// A tally's question.
    Question,
    /// One of a tally's options.
    Option,
    /// A tally's outcome as declared.
    Outcome,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Answer => "answer",
            Field::RaisedBy => "raised by",
            Field::Owner => "owner",
            Field::ParkedOwner => "owner in the parking lot",
            Field::Question => "question",
            Field::Option => "option",
            Field::Outcome => "outcome",
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Item { kind, number, session, field } => {
                write!(f, "{} {number} in session {}, {}", kind.label(), session + 1, field.label())
            }
            Place::Lead { session } => write!(f, "lead of session {}", session + 1),
            Place::Tally { number, session, field } => {
                write!(f, "tally {number} in session {}, {}", session + 1, field.label())
            }
        }
    }
}

/// A name the public minutes show otherwise than the internal ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replaced {
    pub place: Place,
    /// As the internal minutes show it.
    pub found: String,
    /// What the public minutes show instead; `None`: nobody.
    pub shown: Option<String>,
}

impl fmt::Display for Replaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: \"{}\" → ", self.place, self.found)?;
        match &self.shown {
            Some(shown) => write!(f, "\"{shown}\""),
            None => f.write_str("nobody"),
        }
    }
}

/// Why a name needs a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Typed after `@` or `>`, or a session's lead, and it matches nobody in the agenda: the
    /// public minutes never show it.
    Unmatched,
    /// A title and a name: a person the agenda does not list, "someone" in public.
    Titled,
    /// Capitalised words the agenda does not know: published as typed.
    Capitalised,
}

impl Why {
    fn says(self) -> &'static str {
        match self {
            Why::Unmatched => "matches nobody in the agenda; not published",
            Why::Titled => "a title and a name not in the agenda; \"someone\" in public",
            Why::Capitalised => "capitalised words not in the agenda; published as typed",
        }
    }
}

/// A name the agenda does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub place: Place,
    pub name: String,
    pub why: Why,
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: \"{}\" — {}", self.place, self.name, self.why.says())
    }
}

/// An item marked internal: the public minutes leave it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub kind: ItemKind,
    pub number: u64,
    pub session: usize,
    pub text: String,
}

/// Characters of a kept item's text shown, enough to know it again.
const KEPT_TEXT: usize = 60;

impl fmt::Display for Kept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text: String = self.text.chars().take(KEPT_TEXT).collect();
        if self.text.chars().count() > KEPT_TEXT {
            text.push('…');
        }
        write!(
            f,
            "{} {} in session {}: \"{text}\"",
            self.kind.label(),
            self.number,
            self.session + 1
        )
    }
}

/// Everything a publisher reads before publishing, in the order of the minutes: session by
/// session, its lead first, then its items; within an item its text, who raised it, its owner
/// and its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub replaced: Vec<Replaced>,
    pub unknown: Vec<Unknown>,
    pub internal: Vec<Kept>,
    /// Something needs a human look: a name the agenda does not know.
    pub needs_look: bool,
    /// One line: "needs a look: 3 names not in the agenda, …" or "ready to publish: …".
    pub verdict: String,
}

/// A part of the review under its heading.
pub struct Section {
    pub heading: &'static str,
    pub entries: Vec<String>,
}

impl Review {
    /// The review of an event as it stands.
    pub fn of(live: &Live) -> Review {
        let agenda = &live.agenda;
        let names = crate::minutes::Redactor::public_with(
            &live.agenda,
            &live.items,
            &live.parked_owners(),
            &live.tallies.texts(),
        );
        let replace = |text: &str, sentences: bool, noted: &mut Vec<(String, String)>| {
            names.replace_noting(text, sentences, noted).into_owned()
        };
        let known = Known::of(agenda);
        let mut review = Review {
            replaced: Vec::new(),
            unknown: Vec::new(),
            internal: Vec::new(),
            needs_look: false,
            verdict: String::new(),
        };
        let mut by_session: Vec<Vec<&Item>> = vec![Vec::new(); agenda.sessions.len()];
        for item in live.items.iter().filter(|i| !i.deleted) {
            if let Some(list) = by_session.get_mut(item.session) {
                list.push(item);
            }
        }
        for (session, items) in by_session.into_iter().enumerate() {
            if let Some(lead) = &agenda.sessions[session].lead {
                review.lead(session, lead, agenda, &replace);
            }
            for item in items {
                let parked = live.parking.get(item.id).and_then(|p| p.owner.as_ref());
                review.item(item, parked, session, agenda, &known, &replace);
            }
            // Tallies are in both minutes: the names typed in them are replaced in public.
            for tally in live.tallies.of_session(session) {
                let at = |field| Place::Tally { number: tally.number, session, field };
                review.prose(&tally.question, at(Field::Question), &known, &replace);
                for count in &tally.counts {
                    review.prose(&count.option, at(Field::Option), &known, &replace);
                }
                review.prose(&tally.outcome, at(Field::Outcome), &known, &replace);
            }
        }
        review.needs_look = !review.unknown.is_empty();
        review.verdict = review.verdict();
        review
    }

    fn lead(&mut self, session: usize, lead: &str, agenda: &Agenda, replace: &Replace<'_>) {
        let place = Place::Lead { session };
        let raiser = lead_raiser(lead, agenda);
        let internal = owner(&raiser, agenda, Audience::Internal);
        let public = owner(&raiser, agenda, Audience::Public);
        if is_person(&raiser) && public != internal {
            let found = internal.unwrap_or_else(|| lead.to_string());
            let shown = public.map(|shown| replace(&shown, false, &mut Vec::new()));
            self.replaced.push(Replaced { place: place.clone(), found, shown });
        } else if let Some(public) = public {
            // An institution's name may hold a person's ("the Solberg Foundation").
            let mut noted = Vec::new();
            replace(&public, false, &mut noted);
            self.note(&place, noted);
        }
        if unmatched(&raiser, agenda) {
            self.unknown.push(Unknown { place, name: lead.to_string(), why: Why::Unmatched });
        }
    }

    fn item(
        &mut self,
        item: &Item,
        parked_owner: Option<&Raiser>,
        session: usize,
        agenda: &Agenda,
        known: &Known,
        replace: &Replace<'_>,
    ) {
        let at = |field| Place::Item { kind: item.kind, number: item.number, session, field };
        if item.is_internal() {
            // A note is internal by its kind and is not listed.
            if item.kind != ItemKind::Note {
                let (kind, number, text) = (item.kind, item.number, item.fields.text.clone());
                self.internal.push(Kept { kind, number, session, text });
            }
            return;
        }
        self.prose(&item.fields.text, at(Field::Text), known, replace);
        let fields = [
            (Field::RaisedBy, item.fields.by.as_ref()),
            // The minutes show an owner for an action only.
            (Field::Owner, item.fields.owner.as_ref().filter(|_| item.kind == ItemKind::Action)),
            (Field::ParkedOwner, parked_owner),
        ];
        for (field, raiser) in fields {
            let Some(raiser) = raiser else { continue };
            let shown = |audience| match field {
                Field::Owner | Field::ParkedOwner => owner(raiser, agenda, audience),
                _ => raised_by(raiser, agenda, audience),
            };
            let (internal, public) = (shown(Audience::Internal), shown(Audience::Public));
            if is_person(raiser) && internal != public {
                let found = internal.unwrap_or_else(|| crate::capture::describe(raiser, agenda));
                self.replaced.push(Replaced { place: at(field), found, shown: public });
            }
            if unmatched(raiser, agenda) {
                let name = crate::capture::describe(raiser, agenda);
                self.unknown.push(Unknown { place: at(field), name, why: Why::Unmatched });
            }
        }
        for (_, answer) in &item.answers {
            self.prose(answer, at(Field::Answer), known, replace);
        }
    }

    /// A captured text: the names the public minutes replace in it, and those to look at.
    fn prose(&mut self, text: &str, place: Place, known: &Known, replace: &Replace<'_>) {
        let mut noted = Vec::new();
        replace(text, true, &mut noted);
        // Capitalised words the public minutes replace anyway (a name typed on a phone, or
        // after `@`, written in the text) are not published as typed: listed as replaced.
        let replaced = |written: &str| {
            let written = crate::names::fold(written);
            noted.iter().any(|(found, _)| crate::names::fold(found).contains(&written))
        };
        let flagged: Vec<_> = flagged(text, known)
            .into_iter()
            .filter(|m| m.title.is_some() || !replaced(m.written))
            .collect();
        self.note(&place, noted);
        for mention in flagged {
            let why = if mention.title.is_some() { Why::Titled } else { Why::Capitalised };
            let name = mention.written.to_string();
            self.unknown.push(Unknown { place: place.clone(), name, why });
        }
    }

    fn note(&mut self, place: &Place, noted: Vec<(String, String)>) {
        for (found, shown) in noted {
            self.replaced.push(Replaced { place: place.clone(), found, shown: Some(shown) });
        }
    }

    fn verdict(&self) -> String {
        let count = |n: usize, one: &str, many: &str| {
            if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
        };
        let mut parts = Vec::new();
        if !self.unknown.is_empty() {
            parts.push(count(self.unknown.len(), "name", "names") + " not in the agenda");
        }
        if !self.replaced.is_empty() {
            parts
                .push(count(self.replaced.len(), "name", "names") + " replaced as the policy says");
        }
        if !self.internal.is_empty() {
            parts.push(count(self.internal.len(), "item", "items") + " kept internal");
        }
        if parts.is_empty() {
            parts.push("no name replaced, no item kept internal".to_string());
        }
        let head = if self.needs_look { "needs a look" } else { "ready to publish" };
        format!("{head}: {}", parts.join(", "))
    }

    /// The three lists under their headings, each entry one line.
    pub fn sections(&self) -> [Section; 3] {
        fn lines<T: fmt::Display>(list: &[T]) -> Vec<String> {
            list.iter().map(ToString::to_string).collect()
        }
        [
            Section { heading: "Replaced in the public minutes", entries: lines(&self.replaced) },
            Section { heading: "Not in the agenda", entries: lines(&self.unknown) },
            Section { heading: "Kept internal", entries: lines(&self.internal) },
        ]
    }

    /// The review as `convene review` prints it: each list under its heading (or "none"),
    /// then the verdict.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for section in self.sections() {
            if section.entries.is_empty() {
                out.push_str(&format!("{}: none\n\n", section.heading));
                continue;
            }
            out.push_str(&format!("{} ({}):\n", section.heading, section.entries.len()));
            for entry in &section.entries {
                out.push_str(&format!("  {}\n", crate::sanitize::for_terminal(entry)));
            }
            out.push('\n');
        }
        out.push_str(&self.verdict);
        out.push('\n');
        out
    }
}

/// Whether a by-line, an owner or a lead names a person (or may: a name that matched
/// nobody), rather than a group or an institution.
fn is_person(raiser: &Raiser) -> bool {
    matches!(raiser, Raiser::Participant(_) | Raiser::Unknown(_))
}

/// A name typed after `@` or `>` (or a lead) that matches nobody in the agenda, the team
/// aside, or a participant the agenda no longer lists.
fn unmatched(raiser: &Raiser, agenda: &Agenda) -> bool {
    match raiser {
        Raiser::Unknown(name) => !agenda.team.has(name),
        Raiser::Participant(name) => !agenda.participants.iter().any(|p| p.name == *name),
        Raiser::Group(_) | Raiser::Organisation(_) | Raiser::Online(_) => false,
    }
}

#[cfg(test)]
mod tests;
