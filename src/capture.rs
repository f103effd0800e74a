//! The capture line's inline syntax: one line of keyboard input is a whole item.
//!
//! ```text
//! Will the dust reach the school? @ingrid #health #schools
//! Send the measurement report >Clara due:2026-06-01 #environment
//! ```
//!
//! - `@who` — who raised it: a participant or a group of the agenda, matched by id, by name,
//!   by the start of a name or of any word in it, or by a close spelling. `_` stands for a
//!   space (`@Ingrid_Solberg`). A name that matches nobody is kept as typed and flagged.
//! - `#theme` — a theme tag (lower-cased); several allowed.
//! - `>owner` — an action's owner, matched like `@who` (the team counts too).
//! - `due:DATE` — an action's due date: `2026-06-01`, `06-01` (the event's year) or `+7d`
//!   (days after the event).
//! - `!internal` — keep the item out of the public minutes.
//! - `!park` — put the item in the parking lot, with the line's `>owner` as the one who
//!   follows it up.
//!
//! Everything else is the text. Text is cleaned of control characters and escape sequences.

use chrono::{Datelike, Duration, NaiveDate};

use crate::agenda::Agenda;
use crate::event::{Fields, Raiser};
use crate::live::Item;
use crate::sanitize::clean_line;

/// A capture line, parsed, with what did not match the agenda.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub fields: Fields,
    /// `!park`: the item goes to the parking lot (kept apart from its fields: parking is
    /// journaled by changes of its own).
    pub park: bool,
    /// Problems to show the note-taker ("@mayor matches nobody: kept as free text").
    pub flags: Vec<String>,
}

/// Parses a capture line against an agenda's participants and groups.
pub fn parse(line: &str, agenda: &Agenda) -> Parsed {
    let line = clean_line(line);
    let mut parsed = Parsed::default();
    let mut words = Vec::new();
    for token in line.split(' ') {
        if let Some(who) = token.strip_prefix('@').filter(|w| !w.trim_matches('_').is_empty()) {
            let found = lookup(who, agenda, false);
            if let Some(flag) = found.flag('@', who, agenda) {
                parsed.flags.push(flag);
            }
            parsed.fields.by = Some(found.raiser(who));
        } else if let Some(theme) = token.strip_prefix('#').filter(|t| is_theme(t)) {
            let theme = theme.to_lowercase();
            if !parsed.fields.themes.contains(&theme) {
                parsed.fields.themes.push(theme);
            }
        } else if let Some(owner) =
            token.strip_prefix('>').filter(|w| !w.trim_matches('_').is_empty())
        {
            let found = lookup(owner, agenda, true);
            if let Some(flag) = found.flag('>', owner, agenda) {
                parsed.flags.push(flag);
            }
            parsed.fields.owner = Some(found.raiser(owner));
        } else if token.eq_ignore_ascii_case(INTERNAL) {
            parsed.fields.internal = true;
        } else if token.eq_ignore_ascii_case(PARK) {
            parsed.park = true;
        } else if let Some(due) = token.strip_prefix("due:").filter(|d| !d.is_empty()) {
            match parse_due(due, agenda.date) {
                Some(date) => parsed.fields.due = Some(date),
                None => {
                    parsed.flags.push(format!(
                        "due:{due} is not a date (use 2026-06-01, 06-01 or +7d): kept in the text"
                    ));
                    words.push(token);
                }
            }
        } else {
            words.push(token);
        }
    }
    parsed.fields.text = words.join(" ");
    parsed
}

/// The word that keeps an item out of the public minutes.
pub const INTERNAL: &str = "!internal";

/// The word that puts an item in the parking lot.
pub const PARK: &str = "!park";

fn is_theme(tag: &str) -> bool {
    !tag.is_empty() && tag.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn parse_due(text: &str, event: NaiveDate) -> Option<NaiveDate> {
    if let Some(days) = text.strip_prefix('+').and_then(|d| d.strip_suffix('d')) {
        let days: i64 = days.parse().ok().filter(|d| (0..=3660).contains(d))?;
        return event.checked_add_signed(Duration::days(days));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{}-{text}", event.year()), "%Y-%m-%d").ok())
}

fn normalise(text: &str) -> String {
    text.replace(['_', '-', '.'], " ").to_lowercase()
}

/// Every name an `@` or `>` can reach, with what it stands for.
fn candidates(agenda: &Agenda, team: bool) -> Vec<(String, Raiser)> {
    let mut out: Vec<(String, Raiser)> = Vec::new();
    for p in &agenda.participants {
        out.push((p.name.clone(), Raiser::Participant(p.name.clone())));
    }
    for g in &agenda.groups {
        out.push((g.id.clone(), Raiser::Group(g.id.clone())));
        out.push((g.name.clone(), Raiser::Group(g.id.clone())));
    }
    for name in &agenda.organisations {
        out.push((name.clone(), Raiser::Organisation(name.clone())));
    }
    if team {
        for name in agenda.team.names() {
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name.clone(), Raiser::Unknown(name.clone())));
            }
        }
    }
    out
}

fn unique(found: Vec<&Raiser>) -> Option<Raiser> {
    let first = found.first()?;
    found.iter().all(|r| r == first).then(|| (*first).clone())
}

/// What a typed name finds in the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// One participant, group (or, for an owner, team member).
    One(Raiser),
    /// Several: the name is the start of more than one (each once, in agenda order).
    Ambiguous(Vec<Raiser>),
    /// Nobody in the agenda.
    Nobody,
}

impl Lookup {
    /// What is stored: the one found, or the name as typed when it did not find one.
    pub fn raiser(self, typed: &str) -> Raiser {
        match self {
            Lookup::One(raiser) => raiser,
            Lookup::Ambiguous(_) | Lookup::Nobody => Raiser::Unknown(typed.replace('_', " ")),
        }
    }

    /// What the note-taker is told about a name that did not find exactly one.
    pub fn flag(&self, sigil: char, typed: &str, agenda: &Agenda) -> Option<String> {
        let typed = typed.replace('_', " ");
        match self {
            Lookup::One(_) => None,
            Lookup::Ambiguous(found) => Some(format!(
                "ambiguous: {sigil}{typed} could be {}; type more, or it is kept as free text",
                found.iter().map(|r| describe(r, agenda)).collect::<Vec<_>>().join(", ")
            )),
            Lookup::Nobody => {
                Some(format!("{sigil}{typed} matches nobody in the agenda: kept as free text"))
            }
        }
    }
}

/// The participant or group a typed name means, or the name itself when it means nobody
/// (or more than one).
#[cfg(test)]
pub fn resolve(typed: &str, agenda: &Agenda, team: bool) -> Raiser {
    lookup(typed, agenda, team).raiser(typed)
}

/// Each raiser once, in the order first found.
fn distinct(found: Vec<&Raiser>) -> Vec<Raiser> {
    let mut out: Vec<Raiser> = Vec::new();
    for raiser in found {
        if !out.contains(raiser) {
            out.push(raiser.clone());
        }
    }
    out
}

/// Finds a typed name among the agenda's participants and groups (and team, for owners):
/// by id or name, then by the start of a name or of any word in it, then by a close spelling.
pub fn lookup(typed: &str, agenda: &Agenda, team: bool) -> Lookup {
    let wanted = normalise(typed);
    let candidates = candidates(agenda, team);
    let exact: Vec<&Raiser> =
        candidates.iter().filter(|(name, _)| normalise(name) == *wanted).map(|(_, r)| r).collect();
    if let Some(found) = unique(exact) {
        return Lookup::One(found);
    }
    let prefix: Vec<&Raiser> = candidates
        .iter()
        .filter(|(name, _)| {
            let name = normalise(name);
            name.starts_with(&wanted) || name.split(' ').any(|word| word.starts_with(&wanted))
        })
        .map(|(_, r)| r)
        .collect();
    if let Some(found) = unique(prefix.clone()) {
        return Lookup::One(found);
    }
    let wanted = wanted.as_str();
    let mut scored: Vec<(f64, &Raiser)> = candidates
        .iter()
        .flat_map(|(name, r)| {
            let name = normalise(name);
            let words: Vec<String> = name.split(' ').map(str::to_string).collect();
            std::iter::once(name).chain(words).map(move |n| (strsim::jaro_winkler(&n, wanted), r))
        })
        .filter(|(score, _)| *score >= 0.88)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(best, r), rest @ ..] if rest.iter().all(|(s, other)| other == r || *s < *best - 0.03) => {
            Lookup::One((*r).clone())
        }
        _ if !prefix.is_empty() => Lookup::Ambiguous(distinct(prefix)),
        [(best, _), ..] => Lookup::Ambiguous(distinct(
            scored.iter().filter(|(s, _)| *s >= *best - 0.03).map(|(_, r)| *r).collect(),
        )),
        [] => Lookup::Nobody,
    }
}

/// What Tab does to the `@`/`>` word before the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// The name was completed: the new line and cursor.
    Completed(String, usize),
    /// The name starts more than one: the line completed as far as they agree (perhaps not
    /// at all), and what the note-taker is told ("ambiguous: …").
    Ambiguous(String, usize, String),
    /// The name matches nobody: the line stays, and the note-taker is told so.
    Nobody(String),
    /// No name before the cursor, or one already complete: Tab cycles the kind.
    NotAName,
}

/// The capture-line token that names a raiser: `Ingrid_Solberg`, a group's id.
fn token(raiser: &Raiser) -> String {
    match raiser {
        Raiser::Participant(name) | Raiser::Unknown(name) | Raiser::Organisation(name) => {
            name.replace(' ', "_")
        }
        Raiser::Group(id) => id.clone(),
        Raiser::Online(_) => ONLINE.replace(' ', "_"),
    }
}

/// The longest start the tokens share (compared as names are matched), without a trailing
/// separator.
fn common_start(tokens: &[String]) -> String {
    let Some(first) = tokens.first() else { return String::new() };
    let mut len = first.chars().count();
    for other in &tokens[1..] {
        let same = first
            .chars()
            .zip(other.chars())
            .take_while(|(a, b)| normalise(&a.to_string()) == normalise(&b.to_string()))
            .count();
        len = len.min(same);
    }
    let common: String = first.chars().take(len).collect();
    common.trim_end_matches(['_', '-', '.', ' ']).to_string()
}

/// Completes the `@`/`>` word before the cursor.
pub fn complete(line: &str, cursor_chars: usize, agenda: &Agenda) -> Completion {
    let before: String = line.chars().take(cursor_chars).collect();
    let after: String = line.chars().skip(cursor_chars).collect();
    let start = before.rfind(' ').map(|i| i + 1).unwrap_or(0);
    let word = &before[start..];
    let (sigil, typed) = match word.chars().next() {
        Some(c @ ('@' | '>')) => (c, &word[1..]),
        _ => return Completion::NotAName,
    };
    if typed.is_empty() {
        return Completion::NotAName;
    }
    let replaced = |name: &str| {
        let completed = format!("{}{sigil}{name}", &before[..start]);
        let cursor = completed.chars().count();
        (format!("{completed}{after}"), cursor)
    };
    match lookup(typed, agenda, sigil == '>') {
        Lookup::One(raiser) => {
            let name = token(&raiser);
            if format!("{sigil}{name}") == word {
                return Completion::NotAName;
            }
            let (line, cursor) = replaced(&name);
            Completion::Completed(line, cursor)
        }
        Lookup::Ambiguous(found) => {
            let names: Vec<String> = found.iter().map(|r| describe(r, agenda)).collect();
            let message = format!("ambiguous: {sigil}{typed} could be {}", names.join(", "));
            // The common start of the spellings the typed text begins (a group's id or its
            // name), else of the names' tokens: "@res" for groups named "Residents west" and
            // "Residents east" (ids `west`, `east`) completes to "@Residents".
            let wanted = normalise(typed);
            let spelled: Vec<String> = candidates(agenda, sigil == '>')
                .into_iter()
                .filter(|(name, r)| found.contains(r) && normalise(name).starts_with(&wanted))
                .map(|(name, _)| name.replace(' ', "_"))
                .collect();
            let spellings =
                if spelled.is_empty() { found.iter().map(token).collect() } else { spelled };
            let common = common_start(&spellings);
            let longer = normalise(&common).starts_with(&normalise(typed))
                && common.chars().count() > typed.chars().count();
            let (line, cursor) =
                if longer { replaced(&common) } else { (line.to_string(), cursor_chars) };
            Completion::Ambiguous(line, cursor, message)
        }
        Lookup::Nobody => Completion::Nobody(format!(
            "{sigil}{} matches nobody in the agenda",
            typed.replace('_', " ")
        )),
    }
}

/// The capture line that gives these fields back: used to edit an item.
pub fn unparse(fields: &Fields) -> String {
    let mut parts = vec![fields.text.clone()];
    if let Some(by) = &fields.by {
        parts.push(format!("@{}", token(by)));
    }
    for theme in &fields.themes {
        parts.push(format!("#{theme}"));
    }
    if let Some(owner) = &fields.owner {
        parts.push(format!(">{}", token(owner)));
    }
    if let Some(due) = fields.due {
        parts.push(format!("due:{}", due.format("%Y-%m-%d")));
    }
    if fields.internal {
        parts.push(INTERNAL.to_string());
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// How an attribution reads on screen and in internal minutes.
pub fn describe(raiser: &Raiser, agenda: &Agenda) -> String {
    match raiser {
        Raiser::Participant(name) => name.clone(),
        Raiser::Group(id) => agenda.group(id).map(|g| g.name.clone()).unwrap_or_else(|| id.clone()),
        Raiser::Unknown(name) | Raiser::Organisation(name) => name.clone(),
        Raiser::Online(Some(name)) => format!("{name} (online)"),
        Raiser::Online(None) => ONLINE.to_string(),
    }
}

/// Who asked a question from a phone, in every version of the minutes and on screen.
pub const ONLINE: &str = "a participant (online)";

/// Whether a stored name matched nobody in the agenda. An owner may be a team member
/// (the facilitator or note-taker), who is not a participant and still counts as matched.
pub fn unmatched(raiser: &Raiser, agenda: &Agenda, owner: bool) -> bool {
    let Raiser::Unknown(name) = raiser else { return false };
    !(owner && agenda.team.has(name))
}

/// How a saved item's name reads on screen: marked when it matched nobody, so it never
/// looks like a participant of the agenda.
pub fn describe_marked(raiser: &Raiser, agenda: &Agenda, owner: bool) -> String {
    let name = describe(raiser, agenda);
    if unmatched(raiser, agenda, owner) { format!("{name} (unmatched)") } else { name }
}

/// The names of live items that matched nobody, each once in order of first use, with the
/// items that carry it: "@the mayor (items 3, 7)", ">Bob (item 9)".
pub fn unmatched_names(items: &[Item], agenda: &Agenda) -> Vec<String> {
    let mut found: Vec<(char, &str, Vec<u64>)> = Vec::new();
    for item in items.iter().filter(|i| !i.deleted) {
        let names =
            [('@', item.fields.by.as_ref(), false), ('>', item.fields.owner.as_ref(), true)];
        for (sigil, raiser, owner) in names {
            let Some(raiser @ Raiser::Unknown(name)) = raiser else { continue };
            if !unmatched(raiser, agenda, owner) {
                continue;
            }
            match found.iter_mut().find(|(s, n, _)| *s == sigil && *n == name.as_str()) {
                Some((_, _, ids)) => ids.push(item.number),
                None => found.push((sigil, name.as_str(), vec![item.number])),
            }
        }
    }
    found
        .into_iter()
        .map(|(sigil, name, ids)| {
            let list = ids.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
            let noun = if ids.len() == 1 { "item" } else { "items" };
            format!("{sigil}{name} ({noun} {list})")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::parse_agenda;

    fn agenda() -> Agenda {
        parse_agenda(crate::agenda::DEMO_AGENDA).agenda.unwrap()
    }

    #[test]
    fn a_line_gives_text_who_and_themes() {
        let a = agenda();
        let first = a.participants[0].name.clone();
        let first_word = first.split(' ').next().unwrap().to_lowercase();
        let p =
            parse(&format!("Will the dust reach the school? @{first_word} #Health #schools"), &a);
        assert_eq!(p.fields.text, "Will the dust reach the school?");
        assert_eq!(p.fields.by, Some(Raiser::Participant(first)));
        assert_eq!(p.fields.themes, vec!["health", "schools"]);
        assert!(p.flags.is_empty());
    }

    #[test]
    fn groups_match_by_id_and_by_name() {
        let a = agenda();
        let group = a.groups[0].clone();
        assert_eq!(resolve(&group.id, &a, false), Raiser::Group(group.id.clone()));
        assert_eq!(resolve(&group.name.replace(' ', "_"), &a, false), Raiser::Group(group.id));
    }

    #[test]
    fn unknown_names_are_kept_and_flagged() {
        let a = agenda();
        let p = parse("Who pays? @the_mayor", &a);
        assert_eq!(p.fields.by, Some(Raiser::Unknown("the mayor".into())));
        assert_eq!(p.flags.len(), 1);
    }

    #[test]
    fn actions_take_an_owner_and_a_due_date() {
        let a = agenda();
        let p = parse("Send the dust report >Clara due:2026-06-01 #environment", &a);
        assert_eq!(p.fields.text, "Send the dust report");
        assert_eq!(p.fields.owner, Some(Raiser::Unknown("Clara".into())));
        assert_eq!(p.fields.due, NaiveDate::from_ymd_opt(2026, 6, 1));
        let p = parse("Call back due:+7d", &a);
        assert_eq!(p.fields.due, a.date.checked_add_signed(Duration::days(7)));
        let p = parse("Call back due:06-15", &a);
        assert_eq!(p.fields.due, NaiveDate::from_ymd_opt(a.date.year(), 6, 15));
        let p = parse("Call back due:someday", &a);
        assert_eq!(p.fields.text, "Call back due:someday");
        assert_eq!(p.flags.len(), 1);
    }

    #[test]
    fn lone_sigils_and_emails_stay_text() {
        let a = agenda();
        let p = parse("mail me at a@b.org, # not a tag, @ nothing", &a);
        assert_eq!(p.fields.text, "mail me at a@b.org, # not a tag, @ nothing");
        assert_eq!(p.fields.by, None);
    }

    #[test]
    fn completion_fills_the_name() {
        let a = agenda();
        let name = a.participants[0].name.clone();
        let typed = format!("Question @{}", &name[..3].to_lowercase());
        let Completion::Completed(line, cursor) = complete(&typed, typed.chars().count(), &a)
        else {
            panic!("{typed:?} completes")
        };
        assert_eq!(line, format!("Question @{}", name.replace(' ', "_")));
        assert_eq!(cursor, line.chars().count());
        assert_eq!(complete("no sigil", 8, &a), Completion::NotAName);
    }

    /// Two groups that start alike, a participant and a team.
    fn crowded() -> Agenda {
        let text = r#"
title = "Herøya lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[team]
facilitator = "Clara"
[[groups]]
id = "residents-west"
name = "Residents west of the plant"
[[groups]]
id = "residents-east"
name = "Residents east of the plant"
[[participants]]
name = "Ingrid Solberg"
group = "residents-west"
[[sessions]]
title = "Questions"
duration = "30m"
"#;
        crate::agenda::parse_agenda(text).agenda.unwrap()
    }

    #[test]
    fn an_ambiguous_name_completes_to_the_common_start_of_the_names_too() {
        let a = parse_agenda(
            r#"
title = "Lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[[groups]]
id = "west"
name = "Residents west"
[[groups]]
id = "east"
name = "Residents east"
[[sessions]]
title = "Welcome"
duration = "10m"
"#,
        )
        .agenda
        .unwrap();
        let message = "ambiguous: @res could be Residents west, Residents east".to_string();
        assert_eq!(
            complete("Dust? @res", 10, &a),
            Completion::Ambiguous("Dust? @Residents".into(), 16, message)
        );
    }

    #[test]
    fn an_ambiguous_name_says_so_and_completes_to_the_common_part() {
        let a = crowded();
        assert_eq!(
            lookup("res", &a, false),
            Lookup::Ambiguous(vec![
                Raiser::Group("residents-west".into()),
                Raiser::Group("residents-east".into())
            ])
        );
        let p = parse("Dust? @res", &a);
        assert_eq!(p.fields.by, Some(Raiser::Unknown("res".into())));
        assert_eq!(
            p.flags,
            vec![
                "ambiguous: @res could be Residents west of the plant, Residents east of the plant; type more, or it is kept as free text"
            ]
        );
        let both = "Residents west of the plant, Residents east of the plant";
        assert_eq!(
            complete("Dust? @res #air", 10, &a),
            Completion::Ambiguous(
                "Dust? @residents #air".into(),
                16,
                format!("ambiguous: @res could be {both}")
            )
        );
        // Nothing more in common: the line stays as it is.
        assert_eq!(
            complete("Dust? @residents", 16, &a),
            Completion::Ambiguous(
                "Dust? @residents".into(),
                16,
                format!("ambiguous: @residents could be {both}")
            )
        );
        assert_eq!(
            complete("Dust? @residents_w", 18, &a),
            Completion::Completed("Dust? @residents-west".into(), 21)
        );
        assert_eq!(
            complete("Dust? @mayor", 12, &a),
            Completion::Nobody("@mayor matches nobody in the agenda".into())
        );
        assert_eq!(complete("Dust? @residents-west", 21, &a), Completion::NotAName);
    }

    #[test]
    fn the_word_internal_marks_an_item_and_an_edit_line_gives_it_back() {
        let a = agenda();
        let p = parse("Who pays the deputy's salary? !internal #budget", &a);
        assert_eq!(p.fields.text, "Who pays the deputy's salary?");
        assert!(p.fields.internal);
        assert_eq!(p.fields.themes, ["budget"]);
        assert_eq!(unparse(&p.fields), "Who pays the deputy's salary? #budget !internal");
        assert!(parse("Ask !INTERNAL", &a).fields.internal);
        // Only the whole word: "!internally" is text.
        let p = parse("said !internally", &a);
        assert_eq!((p.fields.text.as_str(), p.fields.internal), ("said !internally", false));
    }

    #[test]
    fn the_word_park_parks_the_item_with_the_lines_owner_and_stays_out_of_its_fields() {
        let a = crowded();
        let p = parse("Who pays for the new road? >Ingrid !park #roads", &a);
        assert!(p.park);
        assert_eq!(p.fields.text, "Who pays for the new road?");
        assert_eq!(p.fields.owner, Some(Raiser::Participant("Ingrid Solberg".into())));
        assert_eq!(p.fields.themes, ["roads"]);
        assert!(!p.fields.internal);
        // Parking is journaled by its own changes: an edit line does not give it back.
        assert_eq!(unparse(&p.fields), "Who pays for the new road? #roads >Ingrid_Solberg");
        assert!(parse("Noise at night !PARK", &a).park);
        // Only the whole word: "!parking" is text.
        let p = parse("no !parking here", &a);
        assert_eq!((p.fields.text.as_str(), p.park), ("no !parking here", false));
        assert!(!parse("Dust? !internal", &a).park);
    }

    #[test]
    fn unmatched_names_are_marked_and_listed() {
        let a = crowded();
        let by = |name: &str| Some(Raiser::Unknown(name.into()));
        let item = |number, fields: Fields| Item {
            id: crate::event::ItemId::format_1(number),
            number,
            answers: Vec::new(),
            answered_at: None,
            answered_after_end: false,
            kind: crate::live::ItemKind::Action,
            fields,
            session: 0,
            captured_in: 0,
            at: chrono::DateTime::parse_from_rfc3339("2026-05-12T18:05:00+02:00").unwrap(),
            offset_ms: 0,
            deleted: false,
            edits: 0,
        };
        let fields = |text: &str, by: Option<Raiser>, owner: Option<Raiser>| Fields {
            text: text.into(),
            by,
            owner,
            ..Fields::default()
        };
        let mayor = Raiser::Unknown("the mayor".into());
        assert_eq!(describe_marked(&mayor, &a, false), "the mayor (unmatched)");
        let clara = Raiser::Unknown("Clara".into());
        assert_eq!(describe_marked(&clara, &a, true), "Clara", "the team owns actions");
        assert_eq!(describe_marked(&clara, &a, false), "Clara (unmatched)");
        let ingrid = Raiser::Participant("Ingrid Solberg".into());
        assert_eq!(describe_marked(&ingrid, &a, false), "Ingrid Solberg");
        let mut gone = item(4, fields("typo", by("Bob"), None));
        gone.deleted = true;
        let items = vec![
            item(1, fields("a", by("the mayor"), Some(clara.clone()))),
            item(2, fields("b", Some(ingrid), by("Bob"))),
            item(3, fields("c", by("the mayor"), None)),
            gone,
        ];
        assert_eq!(unmatched_names(&items, &a), vec!["@the mayor (items 1, 3)", ">Bob (item 2)"]);
    }

    #[test]
    fn unparse_round_trips() {
        let a = agenda();
        let line = format!(
            "Dust? @{} #health >Clara due:2026-06-01",
            a.participants[0].name.replace(' ', "_")
        );
        let p = parse(&line, &a);
        assert_eq!(parse(&unparse(&p.fields), &a), p);
    }

    #[test]
    fn hostile_text_is_cleaned() {
        let a = agenda();
        let p = parse("a\u{1b}[2Jb\u{7} c\r\nd\0", &a);
        assert_eq!(p.fields.text, "ab c d");
    }
}
