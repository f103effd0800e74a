use super::*;
use crate::agenda::parse_agenda;

fn agenda() -> Agenda {
    parse_agenda(
        r#"
title = "Herøya Policy Council 2026"
kind = "council"
date = 2026-10-06
start = "09:00"
location = "Herøya Forskningspark, Porsgrunn"
organisations = ["Yara International", "European Commission"]
places = ["Skien", "Sør-Trøndelag"]

[team]
facilitator = "Clara Nilsen"
note_taker = "Jonas"

[[groups]]
id = "industry"
name = "Mining industry"

[[participants]]
name = "Ingrid Solberg"
group = "industry"
consent = false

[[participants]]
name = "Søren Ødegård"
consent = true

[[sessions]]
title = "Supply Security"
duration = "45m"
"#,
    )
    .agenda
    .expect("a valid agenda")
}

const NONE: [&str; 0] = [];

/// What `flagged` finds, as written.
fn flags(text: &str) -> Vec<&str> {
    let known = Known::of(&agenda());
    flagged(text, &known).into_iter().map(|m| m.written).collect()
}

fn titles(text: &str) -> Vec<(Option<&str>, &str)> {
    titled(text).into_iter().map(|m| (m.title, m.name)).collect()
}

#[test]
fn a_title_before_capitalised_words_is_a_person() {
    assert_eq!(titles("Ask Dr. Lindqvist about it"), [(Some("Dr."), "Lindqvist")]);
    assert_eq!(
        titles("Mr Hansen and Mrs. Berg Olsen agreed"),
        [(Some("Mr"), "Hansen"), (Some("Mrs."), "Berg Olsen")]
    );
    assert_eq!(
        titles("Frau Müller, Herr Dr. Weiß and M. Dupont"),
        [(Some("Frau"), "Müller"), (Some("Herr Dr."), "Weiß"), (Some("M."), "Dupont")]
    );
    assert_eq!(
        titles("Fru Ødegård-Lie spoke; Dhr. Van Dijk and Mevr. Jansen"),
        [(Some("Fru"), "Ødegård-Lie"), (Some("Dhr."), "Van Dijk"), (Some("Mevr."), "Jansen")]
    );
    // Written as the title is written: case counts, "M" needs its dot, a whole word takes
    // none, and a small letter, an acronym or an initial after it is not a name.
    assert_eq!(titles("we miss Lena; dr Berg; M Dupont; Sir. Lena; Mr X; Dr NGO"), []);
    // The possessive is not part of the name; the title is written as it is.
    let found = titled("Dr. Lindqvist's report");
    assert_eq!(found[0].written, "Dr. Lindqvist");
    assert_eq!(titles("Prof Lindqvist’s report"), [(Some("Prof"), "Lindqvist")]);
}

#[test]
fn capitalised_words_not_at_a_sentence_start_are_flagged() {
    assert_eq!(flags("Ask Lena Holm about the trucks"), ["Lena Holm"]);
    // A sentence-start word is left out of the run.
    assert_eq!(flags("Karin Olsen asked about the trucks"), NONE);
    assert_eq!(flags("Karin Olsen Berg asked"), ["Olsen Berg"]);
    assert_eq!(flags("Fine. Lena Holm agrees? Per Berg does not! Kari Nes too"), NONE);
    assert_eq!(flags("It is late. Ask Lena Holm? Then Per Berg"), ["Lena Holm", "Per Berg"]);
    // Quotes and a bracket at a sentence start.
    assert_eq!(flags("\"Lena Holm said so\", and «Per Berg» agreed"), ["Per Berg"]);
    assert_eq!(flags("She said: \"Lena Holm is right\""), ["Lena Holm"]);
    assert_eq!(flags("(Lena Holm) agreed"), NONE);
    // Not across punctuation; a hyphen joins.
    assert_eq!(flags("ask Lena, Holm and Berg; then Anne-Marie Holm"), ["Anne-Marie Holm"]);
    assert_eq!(flags("ask Lena. Holm"), NONE);
}

#[test]
fn possessives_end_a_name() {
    assert_eq!(flags("ask Lena Holm's neighbours"), ["Lena Holm"]);
    assert_eq!(flags("ask Lena Holm’s Neighbours"), ["Lena Holm"]);
    assert_eq!(flags("ask Sean O'Brien about it"), ["Sean O'Brien"]);
    // A possessive without an apostrophe is part of the word.
    assert_eq!(flags("ask Lena Holms neighbours"), ["Lena Holms"]);
}

#[test]
fn unicode_names_are_found_and_compared_without_diacritics() {
    assert_eq!(flags("ask Åsa Lindström and Björn Ærø"), ["Åsa Lindström", "Björn Ærø"]);
    // A participant, however typed, is known.
    assert_eq!(flags("ask Søren Ødegård, SOREN Odegard or Søren Ødegårds team"), NONE);
    assert_eq!(titles("ask Hr. Ødegård"), [(Some("Hr."), "Ødegård")]);
}

#[test]
fn what_the_agenda_knows_is_not_flagged() {
    // Groups, organisations, places, the location, the team, session titles, participants
    // and the event's title: every word known means known.
    for text in [
        "the Mining Industry wants it",
        "ask Yara International and the European Commission",
        "trucks from Skien to Sør-Trøndelag",
        "meet at Herøya Forskningspark",
        "as Clara Nilsen said",
        "back to Supply Security",
        "ask Ingrid Solberg",
        "the Herøya Policy Council agreed",
        "ask Ingrid Solbergs team",
    ] {
        assert_eq!(flags(text), NONE, "{text}");
    }
    // One unknown word is enough.
    assert_eq!(flags("ask Yara International Holding"), ["Yara International Holding"]);
    // Acronyms of two to five capitals are not name words; longer capitals are.
    assert_eq!(flags("the EU and NGO Reps, ask the OECD Team"), NONE);
    assert_eq!(flags("ask the EU Lena"), NONE);
    assert_eq!(flags("ask HANSEN Lena"), ["HANSEN Lena"]);
}

#[test]
fn a_titled_name_is_flagged_unless_it_is_one_of_the_agendas_people() {
    assert_eq!(flags("Dr. Lindqvist will send it"), ["Dr. Lindqvist"]);
    assert_eq!(
        flags("send it to Mr Hansen Berg and Frau Müller"),
        ["Mr Hansen Berg", "Frau Müller"]
    );
    // A participant or the team with a title is in the agenda.
    assert_eq!(flags("Ms Solberg and Dr. Søren Ødegård; Mr Jonas"), NONE);
    // A title ends a run of capitalised words before it.
    assert_eq!(flags("ask Lena Holm Dr Berg"), ["Lena Holm", "Dr Berg"]);
}

#[test]
fn the_agendas_people_are_known_by_any_part_of_their_name() {
    let known = Known::of(&agenda());
    assert!(known.person("Solberg"));
    assert!(known.person("Ingrid"));
    assert!(known.person("soren odegard"));
    assert!(known.person("Jonas"));
    assert!(!known.person("Ingrid Nilsen"), "two people's parts are nobody");
    assert!(!known.person("Lindqvist"));
    assert!(!known.person(""));
}

#[test]
fn words_fold_to_lower_case_without_diacritics() {
    assert_eq!(fold("Søren Ødegård"), "soren odegard");
    assert_eq!(fold("ÆRØ Straße"), "aero strasse");
}

proptest::proptest! {
    /// Any text, of any letters, titles, apostrophes and punctuation: nothing panics, and
    /// every name found is a piece of the text as written.
    #[test]
    fn any_text_is_read_without_panic(text in "([A-ZÅØÆa-zåøæ'’ .,!?\"«»(-]|Dr\\. |Mr |M\\. |Frau |'s |EU ){0,40}") {
        let known = Known::of(&agenda());
        for mention in titled(&text).into_iter().chain(flagged(&text, &known)) {
            proptest::prop_assert!(text.contains(mention.written));
            proptest::prop_assert!(mention.written.ends_with(mention.name));
        }
    }
}
