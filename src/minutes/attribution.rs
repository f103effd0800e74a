//! Who the minutes name: everyone in the internal version; in the public one, only what the
//! agenda's attribution policy and each participant's consent allow.

use crate::agenda::{Agenda, Attribution, Participant};
use crate::event::Raiser;

/// Which version of the minutes is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// For the organisers: names as captured, notes included.
    Internal,
    /// For publishing: the attribution policy applies and notes are dropped.
    Public,
}

fn group_phrase(agenda: &Agenda, id: &str) -> Option<String> {
    agenda.group(id).map(|g| format!("{GROUP_PHRASE}{}", g.name))
}

/// How the person or group who raised an item is shown, or None for nobody.
pub fn raised_by(raiser: &Raiser, agenda: &Agenda, audience: Audience) -> Option<String> {
    shown_by(raiser, agenda, audience).filter(|name| !name.trim().is_empty())
}

fn shown_by(raiser: &Raiser, agenda: &Agenda, audience: Audience) -> Option<String> {
    if audience == Audience::Internal {
        return Some(crate::capture::describe(raiser, agenda));
    }
    let participant = |name: &str| agenda.participants.iter().find(|p| p.name == name);
    match (agenda.attribution, raiser) {
        // Not a person's name in any policy (a phone's typed name is nobody's consent).
        (_, Raiser::Online(_)) => Some(crate::capture::ONLINE.to_string()),
        (Attribution::Anonymous, _) => None,
        (Attribution::Named, Raiser::Participant(name)) => match participant(name) {
            Some(p) if p.consent => Some(p.name.clone()),
            Some(p) => p.group.as_deref().and_then(|g| group_phrase(agenda, g)),
            None => None,
        },
        (Attribution::Group, Raiser::Participant(name)) => {
            participant(name).and_then(|p| p.group.as_deref()).and_then(|g| group_phrase(agenda, g))
        }
        (_, Raiser::Group(id)) => group_phrase(agenda, id),
        // An institution is not a person: it speaks under its name.
        (_, Raiser::Organisation(name)) => Some(name.clone()),
        // A name that matched nobody has no consent on record: never published.
        (_, Raiser::Unknown(_)) => None,
    }
}

/// How an action's owner is shown. A group or an organisation is not a person and is named
/// in every policy, as are the facilitator and the note-taker, who run the event; a person
/// follows the same rules as who raised an item.
pub fn owner(raiser: &Raiser, agenda: &Agenda, audience: Audience) -> Option<String> {
    match raiser {
        Raiser::Unknown(name) if agenda.team.has(name) => Some(name.clone()),
        Raiser::Group(id) => {
            Some(agenda.group(id).map(|g| g.name.clone()).unwrap_or_else(|| id.clone()))
        }
        Raiser::Organisation(name) => Some(name.clone()),
        _ => raised_by(raiser, agenda, audience),
    }
}

/// Who a session's `lead` is: found among the participants, groups, organisations and team
/// as an owner typed after `>` is, or the name as written when it matches nobody.
pub fn lead_raiser(lead: &str, agenda: &Agenda) -> Raiser {
    match crate::capture::lookup(lead, agenda, true) {
        crate::capture::Lookup::One(raiser) => raiser,
        _ => Raiser::Unknown(lead.to_string()),
    }
}

/// How a session's lead is shown: by the same rule as an action's owner, everywhere.
pub fn lead(lead: &str, agenda: &Agenda, audience: Audience) -> Option<String> {
    owner(&lead_raiser(lead, agenda), agenda, audience)
}

/// How a participant whose name is typed inside an item's text (or an answer, or a lead) is
/// shown in public: `None` keeps the name as typed. The same rules as for who raised an item,
/// except that a sentence needs a placeholder where the by-line can show nobody.
/// The words are the event's language (`language` in its agenda): they stand inside its
/// people's sentences.
pub(super) fn mentioned(participant: &Participant, agenda: &Agenda) -> Option<String> {
    let tr = crate::i18n::Translator::get(agenda.language);
    let group = || {
        let group = agenda.group(participant.group.as_deref()?)?;
        Some(tr.with("by-group", &[("group", group.name.clone().into())]))
    };
    match agenda.attribution {
        Attribution::Named if participant.consent => None,
        Attribution::Named | Attribution::Group => {
            Some(group().unwrap_or_else(|| tr.text("by-someone")))
        }
        Attribution::Anonymous => Some(tr.text("by-someone")),
    }
}

/// What a name becomes inside a sentence when it cannot be shown, in the event's language:
/// a participant ("a participant"), or a person the agenda does not list ("someone").
pub(super) fn placeholder(agenda: &Agenda, listed: bool) -> String {
    let tr = crate::i18n::Translator::get(agenda.language);
    tr.text(if listed { "by-someone" } else { "mentioned-stranger" })
}

/// How the public minutes' by-line starts when it shows a group instead of a person (the
/// Markdown of another language translates it).
pub(super) const GROUP_PHRASE: &str = "a participant from ";

/// What a name with no consent on record and no group becomes inside a sentence.
pub(super) const SOMEONE: &str = "a participant";
