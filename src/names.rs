//! Names of people in captured text that the agenda may not know, for a human look before
//! the minutes are published:
//!
//! - a title followed by one or more capitalised words ("Dr. Lindqvist", "Mr Hansen", "Frau
//!   Müller"): certainly a person. The public minutes replace one the agenda does not list by
//!   "someone" (the minutes' redactor searches it like a name typed after `@`);
//! - two or more capitalised words in a row, with only spaces or a hyphen between them, not
//!   at a sentence start and not all words the agenda knows ("Lena Holm"). These are only
//!   flagged: they may be an institution or a place, which may be named.
//!
//! A word at a sentence start is capitalised anyway, so it is left out of a run: "Ask Lena
//! Holm" gives "Lena Holm", and "Karin Olsen asked" gives "Olsen" alone, which is not flagged.
//! A word in capitals of two to five letters is an acronym (EU, NGO), not a name. Words are
//! compared as [`fold`] writes them: lower case, without diacritics.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::agenda::Agenda;

/// Titles written before a person's name, as they are written (case counts: "miss" is a
/// verb). Abbreviations may end in a dot ("Dr." as "Dr"); "M" must ("M. Dupont").
const TITLES: &[(&str, Dot)] = &[
    ("Mr", Dot::May),
    ("Mrs", Dot::May),
    ("Ms", Dot::May),
    ("Miss", Dot::No),
    ("Dr", Dot::May),
    ("Prof", Dot::May),
    ("Sir", Dot::No),
    ("Herr", Dot::No),
    ("Frau", Dot::No),
    ("Fru", Dot::No),
    ("Hr", Dot::May),
    ("Mme", Dot::May),
    ("Mlle", Dot::May),
    ("M", Dot::Must),
    ("Dhr", Dot::May),
    ("Mevr", Dot::May),
];

/// What every text holding a title contains.
const HINTS: &[&str] = &[
    "Mr", "Ms", "Miss", "Dr", "Prof", "Sir", "Herr", "Frau", "Fru", "Hr", "Mme", "Mlle", "M.",
    "Dhr", "Mevr",
];

/// Whether a title is written with a dot after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dot {
    May,
    Must,
    /// A whole word: a dot after it ends a sentence ("Thank you, Sir. Lena asked…").
    No,
}

/// A name of a person found in captured text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention<'a> {
    /// As written, its title included, without a possessive: "Dr. Lindqvist", "Lena Holm".
    pub written: &'a str,
    /// The title, when one says that this is a person: "Dr.", "Herr Dr.".
    pub title: Option<&'a str>,
    /// The name after the title: "Lindqvist", "Lena Holm".
    pub name: &'a str,
}

/// The words an agenda knows: its title, location, groups, organisations, places, team,
/// session titles and participants. A run of capitalised words that are all known is not
/// flagged.
#[derive(Clone, Debug, Default)]
pub struct Known {
    words: BTreeSet<String>,
    /// The participants' and the team's names, each as its folded words.
    people: Vec<Vec<String>>,
}

impl Known {
    pub fn of(agenda: &Agenda) -> Known {
        let mut known = Known::default();
        let people: Vec<&String> =
            agenda.participants.iter().map(|p| &p.name).chain(agenda.team.names()).collect();
        let things = agenda
            .groups
            .iter()
            .flat_map(|g| [&g.name, &g.id])
            .chain(&agenda.organisations)
            .chain(&agenda.places)
            .chain(&agenda.location)
            .chain(agenda.sessions.iter().map(|s| &s.title))
            .chain([&agenda.title]);
        for text in things.chain(people.iter().copied()) {
            known.words.extend(words(text).into_iter().map(|(start, end)| fold(&text[start..end])));
        }
        known.people = people
            .into_iter()
            .map(|name| words(name).into_iter().map(|(s, e)| fold(&name[s..e])).collect())
            .collect();
        known
    }

    /// Whether a written word is one the agenda knows; a capitalised possessive without an
    /// apostrophe ("Solbergs") counts as its name.
    fn knows(&self, word: &str) -> bool {
        let folded = fold(word);
        self.words.contains(&folded)
            || folded.strip_suffix('s').is_some_and(|stem| self.words.contains(stem))
    }

    /// Whether a name is one of the agenda's people, or a part of one's name: "Solberg" of
    /// the participant Ingrid Solberg, "Clara" of the facilitator.
    pub fn person(&self, name: &str) -> bool {
        let written: Vec<String> =
            words(name).into_iter().map(|(s, e)| fold(&name[s..e])).collect();
        !written.is_empty()
            && self.people.iter().any(|person| {
                written.iter().all(|word| {
                    person.contains(word)
                        || word
                            .strip_suffix('s')
                            .is_some_and(|stem| person.iter().any(|p| p == stem))
                })
            })
    }
}

/// Every title followed by capitalised words in `text`, in order, whoever they name.
pub fn titled(text: &str) -> Vec<Mention<'_>> {
    // Most texts hold no title at all: they are not split into words.
    if !HINTS.iter().any(|hint| text.contains(hint)) {
        return Vec::new();
    }
    let words = Words::of(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.list.len() {
        match words.titled_at(i) {
            Some((mention, next)) => {
                found.push(mention);
                i = next;
            }
            None => i += 1,
        }
    }
    found
}

/// What `convene review` lists in `text`: every titled name that is not one of the agenda's
/// people, and every run of capitalised words the agenda does not know, in order.
pub fn flagged<'a>(text: &'a str, known: &Known) -> Vec<Mention<'a>> {
    let words = Words::of(text);
    let list = &words.list;
    let mut found = Vec::new();
    let mut i = 0;
    while i < list.len() {
        if let Some((mention, next)) = words.titled_at(i) {
            if !known.person(mention.name) {
                found.push(mention);
            }
            i = next;
            continue;
        }
        if !words.name_word(i) {
            i += 1;
            continue;
        }
        let end = words.run_from(i);
        // A capital at a sentence start says nothing: that word is left out.
        let first = if starts_sentence(&text[..list[i].start]) { i + 1 } else { i };
        let run = &list[first..end];
        if run.len() >= 2 && !run.iter().all(|w| known.knows(&text[w.start..w.end])) {
            let written = &text[run[0].start..run[run.len() - 1].end];
            found.push(Mention { written, title: None, name: written });
        }
        i = end;
    }
    found
}

/// One word of a text: where it is, and where what belongs to it ends (a possessive "'s").
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    after: usize,
}

/// A text and its words.
struct Words<'a> {
    text: &'a str,
    list: Vec<Word>,
}

impl<'a> Words<'a> {
    fn of(text: &'a str) -> Words<'a> {
        Words { text, list: split(text) }
    }

    fn word(&self, i: usize) -> &'a str {
        &self.text[self.list[i].start..self.list[i].end]
    }

    fn name_word(&self, i: usize) -> bool {
        is_name_word(self.word(i))
    }

    /// What stands between word `i` and the next one.
    fn between(&self, i: usize) -> &'a str {
        match self.list.get(i + 1) {
            Some(next) => &self.text[self.list[i].after..next.start],
            None => "",
        }
    }

    /// Whether word `i + 1` continues a name that word `i` is part of: only spaces or one
    /// hyphen between them, and no possessive ending the first.
    fn joined(&self, i: usize) -> bool {
        let between = self.between(i);
        let word = self.list[i];
        word.after == word.end
            && (between == "-" || (!between.is_empty() && between.chars().all(char::is_whitespace)))
    }

    /// The end of the run of capitalised words from word `i`: the first word after it that
    /// does not continue it.
    fn run_from(&self, i: usize) -> usize {
        let mut end = i + 1;
        while end < self.list.len()
            && self.joined(end - 1)
            && self.name_word(end)
            && !self.is_title(end)
        {
            end += 1;
        }
        end
    }

    /// Whether word `i` is a title before another word: only its dot, when it may have one,
    /// and spaces between them.
    fn is_title(&self, i: usize) -> bool {
        let word = self.list[i];
        if word.after != word.end || i + 1 >= self.list.len() {
            return false;
        }
        let Some((_, dot)) = TITLES.iter().find(|(title, _)| *title == self.word(i)) else {
            return false;
        };
        let between = self.between(i);
        let spaces = |s: &str| !s.is_empty() && s.chars().all(char::is_whitespace);
        let dotted = between.strip_prefix('.').is_some_and(spaces);
        match dot {
            Dot::May => dotted || spaces(between),
            Dot::Must => dotted,
            Dot::No => spaces(between),
        }
    }

    /// A title (or several: "Herr Dr. Müller") at word `i` followed by capitalised words:
    /// the mention and the word after it.
    fn titled_at(&self, i: usize) -> Option<(Mention<'a>, usize)> {
        if !self.is_title(i) {
            return None;
        }
        let mut first = i + 1;
        while first < self.list.len() && self.is_title(first) {
            first += 1;
        }
        if first >= self.list.len() || !self.name_word(first) {
            return None;
        }
        let end = self.run_from(first);
        let start = self.list[i].start;
        let name_start = self.list[first].start;
        let name_end = self.list[end - 1].end;
        let title = self.text[start..name_start].trim_end();
        Some((
            Mention {
                written: &self.text[start..name_end],
                title: Some(title),
                name: &self.text[name_start..name_end],
            },
            end,
        ))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of a text: runs of letters, digits and combining marks. An apostrophe inside a
/// word joins it ("O'Brien"), except before a final "s", which is a possessive ("Holm's").
fn split(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let word_at = |k: usize| chars.get(k).is_some_and(|&(_, c)| is_word_char(c));
    let apostrophe_at = |k: usize| chars.get(k).is_some_and(|&(_, c)| matches!(c, '\'' | '’'));
    let possessive_at = |k: usize| {
        apostrophe_at(k) && chars.get(k + 1).is_some_and(|&(_, c)| c == 's') && !word_at(k + 2)
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !word_at(k) {
            k += 1;
            continue;
        }
        let start = at(k);
        let mut j = k + 1;
        loop {
            while word_at(j) {
                j += 1;
            }
            if apostrophe_at(j) && word_at(j + 1) && !possessive_at(j) {
                j += 1;
                continue;
            }
            break;
        }
        let end = at(j);
        if possessive_at(j) {
            j += 2;
        }
        out.push(Word { start, end, after: at(j) });
        k = j;
    }
    out
}

/// The byte ranges of the words of a name, as [`split`] finds them.
fn words(text: &str) -> Vec<(usize, usize)> {
    split(text).into_iter().map(|w| (w.start, w.end)).collect()
}

/// A word that may be part of a name: a capital first and a small letter after it
/// ("Lena", "O'Brien", "McKinsey"); in capitals only, six letters or more ("HANSEN"): the
/// shorter ones are acronyms (EU, NGO), and one letter is an initial or "I".
fn is_name_word(word: &str) -> bool {
    if !word.starts_with(char::is_uppercase) {
        return false;
    }
    word.chars().any(char::is_lowercase) || word.chars().filter(|c| c.is_alphabetic()).count() > 5
}

/// Whether a word after `before` starts a sentence: nothing but spaces, quotes or an
/// opening bracket since the start of the text or since a full stop, "!" or "?".
pub fn starts_sentence(before: &str) -> bool {
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || "\"'“”‘’«»„(".contains(c));
    before.is_empty() || before.ends_with(['.', '!', '?'])
}

/// A word as it is compared: lower case, compatibility forms decomposed, diacritics dropped,
/// and the Nordic and German letters that do not decompose spelled as people type them
/// without their keyboard ("Ø" as "o", "æ" as "ae", "ß" as "ss").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a buffer that is reused (cleared first).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in word.nfkd().filter(|&c| !is_combining_mark(c)).flat_map(char::to_lowercase) {
        match c {
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
