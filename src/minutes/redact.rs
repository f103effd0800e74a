//! Names typed inside captured text. The by-line and the owner follow the attribution policy,
//! but a note-taker also types names into the text itself ("Ask Ingrid's association"): in
//! the public minutes every such name is replaced as the policy says for that person.
//!
//! What is searched, as whole words, ignoring case and diacritics ("SØREN", "Søren" and
//! "soren" are one word; "Ødegård" and "odegard" too):
//! - every participant's full name, and each part of it of three letters or more, except a
//!   common word ([`COMMON`]) and a word of a group's name or id or of the team's names (the
//!   group "Harbour neighbours" is not a reason to replace every "harbour"); a name of a
//!   single word is searched like a part;
//! - every name typed after `@` or `>` that matched nobody (the team aside), every
//!   participant an item names whom the agenda no longer lists, and every name typed on a
//!   phone with a question that was approved: whole, never by part;
//! - every name written after a title in an item's text or answer ("Dr. Lindqvist", "Frau
//!   Müller", see [`crate::names`]): one of the agenda's participants is shown as the policy
//!   says for them, title and all; anyone else is a person the agenda does not list and
//!   becomes "someone", with the title ("Dr. Lindqvist") and, where it is written with a
//!   capital, without it ("Lindqvist").
//!
//! A possessive is found too: "Ingrid's", "Ingrid’s" and, capitalised, "Ingrids" (as
//! Norwegian and German write it). A part two people share, who would be shown differently,
//! becomes "a participant".

use std::borrow::Cow;
use std::collections::BTreeMap;

use unicode_normalization::char::is_combining_mark;

use super::attribution::{mentioned, placeholder};
use crate::agenda::Agenda;
use crate::event::Raiser;
use crate::live::Item;
pub(super) use crate::names::fold;
use crate::names::fold_into;

/// Words that are never searched on their own, even when they are part of a name: particles
/// and short function words of English, Norwegian, German, French and Dutch, and English
/// words that are also first names or months. Folded (lower case, no diacritics). A name that
/// holds one is still found whole ("Will Hansen").
const COMMON: &[&str] = &[
    // Name particles.
    "van", "von", "der", "den", "des", "del", "della", "dos", "das", "die", "het", "ten", "ter",
    "zum", "zur", "vom", "les", "aux", "bin", "ibn", "abu", "saint", "sainte", "san", "santa",
    // English.
    "and", "the", "for", "but", "nor", "not", "yet", "you", "all", "any", "can", "her", "him",
    "his", "its", "one", "our", "out", "she", "who", "was", "are", "has", "had", "with", "from",
    "this", "that", "they", "them", "then", "than", "what", "when", "would", "shall", "might",
    "must", "now", "new", "old", "day", "man", "men", "son",
    // English words that are also first names or months.
    "will", "may", "mark", "bill", "rose", "grace", "hope", "joy", "frank", "art", "dawn", "faith",
    "june", "april", "august", "summer", "rich", "guy", "ray", "don", "sue", "jack", "pat", "sky",
    "sunny", "ivy", // Norwegian.
    "med", "til", "fra", "som", "det", "ikke", "har", "var", "ved", "hos", "mot", "men", "eller",
    "skal", "kan", "vil", "ble", "blir", // German.
    "und", "mit", "ist", "ein", "eine", "nicht", "auf", "aus", "bei", "fur", "uber", "oder",
    "aber", "wie", "wer", "wir", "sie", "ihr", "dem", // French.
    "une", "pour", "dans", "avec", "par", "sur", "qui", "que", "est", "mais", // Dutch.
    "een", "voor", "met", "aan", "bij", "uit", "ook", "niet", "maar", "wat",
];

/// The names to look for in one event's captured text, and what each becomes.
#[derive(Default)]
pub struct Redactor {
    /// Longest names first, so that "Ingrid Solberg" wins over "Ingrid".
    terms: Vec<Term>,
    /// Where the terms starting with a word are, in `terms` order.
    by_first: BTreeMap<String, Vec<usize>>,
}

struct Term {
    /// The name's words, folded.
    words: Vec<String>,
    /// What replaces it; `None` keeps it (a consenting participant under `named`).
    shown: Option<String>,
    /// Found only where it is written with a capital: the name of someone the agenda does not
    /// list, known only from a title before it, may also be a word ("Mr Green").
    capital: bool,
}

impl Redactor {
    /// The names of an event as its public minutes must treat them.
    pub fn public(agenda: &Agenda, items: &[Item]) -> Redactor {
        Redactor::public_with(agenda, items, &[], &[])
    }

    /// [`Redactor::public`], with `owners` typed for the event elsewhere than in its items
    /// (who follows up a parked item: one that matched nobody is searched like a `>owner`
    /// that did), and names written after a title searched in `others` too: text the minutes
    /// publish besides the items' (the tallies' questions, options and outcomes).
    pub fn public_with(
        agenda: &Agenda,
        items: &[Item],
        owners: &[&Raiser],
        others: &[&str],
    ) -> Redactor {
        // What a name becomes that cannot be shown: a participant, or a person the agenda
        // does not list, named after a title.
        let someone = placeholder(agenda, true);
        let stranger = placeholder(agenda, false);
        let mut guarded: Vec<String> = Vec::new();
        for group in &agenda.groups {
            guarded.extend(words(&group.name));
            guarded.extend(words(&group.id));
        }
        for name in agenda.organisations.iter().chain(&agenda.places) {
            guarded.extend(words(name));
        }
        let team: Vec<Vec<String>> = agenda.team.names().map(|name| words(name)).collect();
        guarded.extend(team.iter().flatten().cloned());
        let alone = |word: &String| {
            word.chars().count() >= 3 && !COMMON.contains(&word.as_str()) && !guarded.contains(word)
        };

        // The name's words, and whether it is found only with a capital.
        let mut found: BTreeMap<(Vec<String>, bool), Option<String>> = BTreeMap::new();
        let mut add = |name: Vec<String>, capital: bool, shown: Option<String>| {
            if name.is_empty() {
                return;
            }
            let now = found.entry((name, capital)).or_insert_with(|| shown.clone());
            if *now != shown {
                // Two people behind one word, shown differently: neither is given away.
                *now = Some(someone.clone());
            }
        };
        let people: Vec<(Vec<String>, Option<String>)> = agenda
            .participants
            .iter()
            .map(|participant| (words(&participant.name), mentioned(participant, agenda)))
            .collect();
        for (name, shown) in &people {
            if name.len() > 1 {
                add(name.clone(), false, shown.clone());
            }
            for part in name.iter().filter(|word| alone(word)) {
                add(vec![part.clone()], false, shown.clone());
            }
        }
        for name in unmatched(agenda, items, owners) {
            let name = words(name);
            if team.contains(&name) {
                continue;
            }
            if name.len() > 1 || name.iter().all(alone) {
                add(name, false, Some(someone.clone()));
            }
        }
        let texts = items
            .iter()
            .flat_map(|item| {
                std::iter::once(item.fields.text.as_str())
                    .chain(item.answers.iter().map(|(_, a)| a.as_str()))
            })
            .chain(others.iter().copied());
        for mention in texts.flat_map(crate::names::titled) {
            let name = words(mention.name);
            // "Ms Solbergs": a possessive written without an apostrophe.
            let of = |person: &Vec<String>| {
                name.iter().all(|word| {
                    person.contains(word)
                        || word
                            .strip_suffix('s')
                            .is_some_and(|stem| person.iter().any(|p| p == stem))
                })
            };
            if team.iter().any(of) {
                continue;
            }
            let mut shown = None;
            let mut matched = false;
            for (_, person_shown) in people.iter().filter(|(person, _)| of(person)) {
                if matched && shown != *person_shown {
                    shown = Some(someone.clone());
                } else {
                    shown = person_shown.clone();
                }
                matched = true;
            }
            let titled = words(mention.title.unwrap_or_default()).into_iter().chain(name.clone());
            if matched {
                add(titled.collect(), false, shown);
            } else {
                add(titled.collect(), false, Some(stranger.clone()));
                if name.len() > 1 || name.iter().all(alone) {
                    add(name, true, Some(stranger.clone()));
                }
            }
        }

        let mut terms: Vec<Term> = found
            .into_iter()
            .map(|((words, capital), shown)| Term { words, shown, capital })
            .collect();
        terms.sort_by_key(|term| std::cmp::Reverse(term.words.len()));
        let mut by_first: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, term) in terms.iter().enumerate() {
            by_first.entry(term.words[0].clone()).or_default().push(i);
        }
        Redactor { terms, by_first }
    }

    /// An item as the public minutes show it: names in its text and answer replaced.
    pub fn item(&self, item: &Item) -> Item {
        let mut item = item.clone();
        if let Cow::Owned(text) = self.prose(&item.fields.text) {
            item.fields.text = text;
        }
        for (_, answer) in &mut item.answers {
            if let Cow::Owned(redacted) = self.prose(answer) {
                *answer = redacted;
            }
        }
        item
    }

    /// Captured sentences: a replacement that starts a sentence starts with a capital.
    pub fn prose<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.replace(text, true, None)
    }

    /// A name field such as a session's lead: replacements are kept in lower case.
    pub fn field<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.replace(text, false, None)
    }

    /// [`Redactor::prose`] (`sentences`) or [`Redactor::field`], noting each name replaced
    /// and what replaced it, as written: ("Ingrid Solberg", "a participant from Local
    /// residents"), ("Dr. Lindqvist", "Someone").
    pub fn replace_noting<'a>(
        &self,
        text: &'a str,
        sentences: bool,
        noted: &mut Vec<(String, String)>,
    ) -> Cow<'a, str> {
        self.replace(text, sentences, Some(noted))
    }

    fn replace<'a>(
        &self,
        text: &'a str,
        sentences: bool,
        mut noted: Option<&mut Vec<(String, String)>>,
    ) -> Cow<'a, str> {
        if self.terms.is_empty() {
            return Cow::Borrowed(text);
        }
        let tokens = tokens(text);
        let mut folded = String::with_capacity(32);
        let mut out = String::new();
        let mut copied = 0;
        let mut changed = false;
        let mut i = 0;
        while i < tokens.len() {
            let Some((term, length, possessive)) = self.longest(text, &tokens, i, &mut folded)
            else {
                i += 1;
                continue;
            };
            if let Some(shown) = &term.shown {
                let (start, end) = (tokens[i].start, tokens[i + length - 1].end);
                out.push_str(&text[copied..start]);
                let from = out.len();
                let capital = text[start..].starts_with(char::is_uppercase);
                if sentences && capital && starts_sentence(&text[..start]) {
                    out.push_str(&super::capitalised(shown));
                } else {
                    out.push_str(shown);
                }
                if possessive {
                    out.push_str("'s");
                }
                if let Some(noted) = noted.as_deref_mut() {
                    noted.push((text[start..end].to_string(), out[from..].to_string()));
                }
                copied = end;
                changed = true;
            }
            i += length;
        }
        if !changed {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }

    /// The longest name that starts at token `i`: the term, how many tokens it covers, and
    /// whether its last word was written as a possessive without an apostrophe.
    fn longest(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        folded: &mut String,
    ) -> Option<(&Term, usize, bool)> {
        fold_into(&text[tokens[i].start..tokens[i].end], folded);
        let word = folded.as_str();
        let stem = word.strip_suffix('s');
        let mut best: Option<(&Term, usize, bool)> = None;
        for first in [Some(word), stem].into_iter().flatten() {
            for &t in self.by_first.get(first).map(Vec::as_slice).unwrap_or_default() {
                let term = &self.terms[t];
                if best.is_some_and(|(b, _, _)| b.words.len() >= term.words.len()) {
                    continue;
                }
                if let Some(possessive) = matches(term, word, text, tokens, i) {
                    best = Some((term, term.words.len(), possessive));
                }
            }
        }
        best
    }
}

/// Whether `term` is written at token `i` (whose folded form is `first`); `Some(true)` when
/// its last word carries a bare possessive "s".
fn matches(term: &Term, first: &str, text: &str, tokens: &[Token], i: usize) -> Option<bool> {
    let written = tokens.get(i..i + term.words.len())?;
    if term.capital && !text[written[0].start..].starts_with(char::is_uppercase) {
        return None;
    }
    let mut possessive = false;
    for (j, (token, word)) in written.iter().zip(&term.words).enumerate() {
        if j > 0 && !joins(&text[written[j - 1].end..token.start]) {
            return None;
        }
        let later;
        let folded = if j == 0 {
            first
        } else {
            later = fold(&text[token.start..token.end]);
            later.as_str()
        };
        if folded == word {
            continue;
        }
        let last = j + 1 == term.words.len();
        let bare = folded.strip_suffix('s') == Some(word.as_str())
            && text[token.start..].starts_with(char::is_uppercase);
        if last && bare {
            possessive = true;
        } else {
            return None;
        }
    }
    Some(possessive)
}

/// What may stand between the words of one name: "Ingrid Solberg", "Anne-Marie", "O'Brien".
fn joins(between: &str) -> bool {
    !between.is_empty()
        && between.chars().count() <= 3
        && between.chars().all(|c| c.is_whitespace() || matches!(c, '-' | '_' | '.' | '\'' | '’'))
}

/// Whether a replacement after `before` starts a sentence.
fn starts_sentence(before: &str) -> bool {
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || "\"'“”‘’«»„(".contains(c));
    before.is_empty() || before.ends_with(['.', '!', '?'])
}

/// Every name an item gives that the agenda does not hold: typed after `@` or `>` and matched
/// nobody, a participant the agenda no longer lists, or typed on a phone with a question.
fn unmatched<'a>(
    agenda: &'a Agenda,
    items: &'a [Item],
    owners: &'a [&'a Raiser],
) -> impl Iterator<Item = &'a str> {
    let typed = items.iter().flat_map(|item| [&item.fields.by, &item.fields.owner]).flatten();
    typed.chain(owners.iter().copied()).filter_map(move |raiser| match raiser {
        Raiser::Unknown(name) if !agenda.team.has(name) => Some(name.as_str()),
        Raiser::Participant(name) if !agenda.participants.iter().any(|p| p.name == *name) => {
            Some(name.as_str())
        }
        // A name typed on a phone with a question: nobody's consent to be published.
        Raiser::Online(Some(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// One word of a text: where it is. Its folded form is made only when it is compared
/// (most words of most items are compared once, through a reused buffer).
struct Token {
    start: usize,
    end: usize,
}

/// The words of a text: runs of letters, digits and combining marks.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || is_combining_mark(c);
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token { start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token { start: s, end: text.len() });
    }
    out
}

/// A name's words, folded.
fn words(name: &str) -> Vec<String> {
    tokens(name).into_iter().map(|t| fold(&name[t.start..t.end])).collect()
}
