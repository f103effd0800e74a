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
//!
//! Everything else is the text. Text is cleaned of control characters and escape sequences.

use chrono::{Datelike, Duration, NaiveDate};

use crate::agenda::Agenda;
use crate::live::{Fields, Raiser};
use crate::sanitize::clean_line;

/// A capture line, parsed, with what did not match the agenda.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub fields: Fields,
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
            let raiser = resolve(who, agenda, false);
            if let Raiser::Unknown(name) = &raiser {
                parsed
                    .flags
                    .push(format!("@{name} matches nobody in the agenda: kept as free text"));
            }
            parsed.fields.by = Some(raiser);
        } else if let Some(theme) = token.strip_prefix('#').filter(|t| is_theme(t)) {
            let theme = theme.to_lowercase();
            if !parsed.fields.themes.contains(&theme) {
                parsed.fields.themes.push(theme);
            }
        } else if let Some(owner) =
            token.strip_prefix('>').filter(|w| !w.trim_matches('_').is_empty())
        {
            let raiser = resolve(owner, agenda, true);
            let team = [&agenda.team.facilitator, &agenda.team.note_taker];
            let in_team = |name: &str| team.iter().any(|t| t.as_deref() == Some(name));
            if let Raiser::Unknown(name) = &raiser
                && !in_team(name)
            {
                parsed
                    .flags
                    .push(format!(">{name} matches nobody in the agenda: kept as free text"));
            }
            parsed.fields.owner = Some(raiser);
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
    if team {
        for name in [&agenda.team.facilitator, &agenda.team.note_taker].into_iter().flatten() {
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

/// The participant or group a typed name means, or the name itself when it means nobody.
pub fn resolve(typed: &str, agenda: &Agenda, team: bool) -> Raiser {
    let wanted = normalise(typed);
    let candidates = candidates(agenda, team);
    let exact: Vec<&Raiser> =
        candidates.iter().filter(|(name, _)| normalise(name) == *wanted).map(|(_, r)| r).collect();
    if let Some(found) = unique(exact) {
        return found;
    }
    let prefix: Vec<&Raiser> = candidates
        .iter()
        .filter(|(name, _)| {
            let name = normalise(name);
            name.starts_with(&wanted) || name.split(' ').any(|word| word.starts_with(&wanted))
        })
        .map(|(_, r)| r)
        .collect();
    if let Some(found) = unique(prefix) {
        return found;
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
            (*r).clone()
        }
        _ => Raiser::Unknown(typed.replace('_', " ")),
    }
}

/// Completes the `@`/`>` word before the cursor: the completed line and cursor, if any.
pub fn complete(line: &str, cursor_chars: usize, agenda: &Agenda) -> Option<(String, usize)> {
    let before: String = line.chars().take(cursor_chars).collect();
    let after: String = line.chars().skip(cursor_chars).collect();
    let start = before.rfind(' ').map(|i| i + 1).unwrap_or(0);
    let word = &before[start..];
    let (sigil, typed) = match word.chars().next() {
        Some(c @ ('@' | '>')) => (c, &word[1..]),
        _ => return None,
    };
    if typed.is_empty() {
        return None;
    }
    let name = match resolve(typed, agenda, sigil == '>') {
        Raiser::Participant(name) => name,
        Raiser::Group(id) => id,
        Raiser::Unknown(_) => return None,
    };
    let token = format!("{sigil}{}", name.replace(' ', "_"));
    if token == word {
        return None;
    }
    let completed = format!("{}{token}", &before[..start]);
    let cursor = completed.chars().count();
    Some((format!("{completed}{after}"), cursor))
}

/// The capture line that gives these fields back: used to edit an item.
pub fn unparse(fields: &Fields) -> String {
    let mut parts = vec![fields.text.clone()];
    let token = |raiser: &Raiser| match raiser {
        Raiser::Participant(name) | Raiser::Unknown(name) => name.replace(' ', "_"),
        Raiser::Group(id) => id.clone(),
    };
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
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// How an attribution reads on screen and in internal minutes.
pub fn describe(raiser: &Raiser, agenda: &Agenda) -> String {
    match raiser {
        Raiser::Participant(name) => name.clone(),
        Raiser::Group(id) => agenda.group(id).map(|g| g.name.clone()).unwrap_or_else(|| id.clone()),
        Raiser::Unknown(name) => name.clone(),
    }
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
        let (line, cursor) = complete(&typed, typed.chars().count(), &a).unwrap();
        assert_eq!(line, format!("Question @{}", name.replace(' ', "_")));
        assert_eq!(cursor, line.chars().count());
        assert_eq!(complete("no sigil", 8, &a), None);
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
