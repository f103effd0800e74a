use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::FluentResource;

use super::*;

/// Each message of a file and the variables it uses, read from the text: `id = …` starts a
/// message, indented lines continue it.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if starts {
            let (id, _) = line.split_once(" = ").unwrap_or_else(|| panic!("a message: {line}"));
            assert!(out.insert(id.to_string(), BTreeSet::new()).is_none(), "{id} is twice");
            current = Some(id.to_string());
        } else if !line.starts_with(' ') && !line.starts_with('}') {
            current = None;
        }
        if let Some(id) = &current {
            let vars = out.get_mut(id).expect("the current message");
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                rest = &rest[at + 1..];
                let name: String =
                    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                vars.insert(name);
            }
        }
    }
    out
}

#[test]
fn every_message_file_parses_without_an_error() {
    for lang in Lang::ALL {
        if let Err((_, errors)) = FluentResource::try_new(lang.messages().to_string()) {
            panic!("locales/{lang}/minutes.ftl: {errors:?}");
        }
    }
}

#[test]
fn every_language_has_every_message_and_no_other_with_the_same_arguments() {
    let english = messages(Lang::En.messages());
    assert!(english.len() > 150, "{} messages", english.len());
    for lang in Lang::ALL {
        let theirs = messages(lang.messages());
        let missing: Vec<&String> = english.keys().filter(|id| !theirs.contains_key(*id)).collect();
        let extra: Vec<&String> = theirs.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(missing.is_empty(), "locales/{lang}/minutes.ftl lacks {missing:?}");
        assert!(extra.is_empty(), "locales/{lang}/minutes.ftl has {extra:?} that English lacks");
        for (id, vars) in &theirs {
            // A translation may leave an argument out ("3 spørsmål" needs no plural), never
            // use one the code does not give. `count` is given to every counted message.
            let given = &english[id];
            let unknown: Vec<&String> =
                vars.iter().filter(|v| !given.contains(*v) && *v != "count").collect();
            assert!(unknown.is_empty(), "locales/{lang}/minutes.ftl: {id} uses {unknown:?}");
        }
    }
}

#[test]
fn every_message_formats_in_every_language_with_the_arguments_english_takes() {
    let english = messages(Lang::En.messages());
    for lang in Lang::ALL {
        let tr = Translator::new(lang);
        for (id, vars) in &english {
            let mut args: Vec<(&str, FluentValue<'_>)> =
                vars.iter().map(|v| (v.as_str(), FluentValue::from(2))).collect();
            if !vars.contains("count") {
                args.push(("count", FluentValue::from(1)));
            }
            let text = tr.format(id, &args).unwrap_or_else(|e| panic!("{e}"));
            assert!(!text.is_empty(), "{lang} {id}");
            assert!(!text.contains(['\u{2068}', '\u{2069}']), "{lang} {id}: isolation marks");
        }
    }
}

#[test]
fn plurals_follow_each_language() {
    let counted = |lang: Lang, id: &str, n: usize| Translator::new(lang).count(id, n);
    assert_eq!(counted(Lang::En, "count-question", 1), "1 question");
    assert_eq!(counted(Lang::En, "count-question", 3), "3 questions");
    assert_eq!(counted(Lang::En, "count-question", 0), "0 questions");
    assert_eq!(counted(Lang::Nb, "count-concern", 1), "1 bekymring");
    assert_eq!(counted(Lang::Nb, "count-concern", 7), "7 bekymringer");
    assert_eq!(counted(Lang::De, "count-decision", 1), "1 Beschluss");
    assert_eq!(counted(Lang::De, "count-decision", 3), "3 Beschlüsse");
    // French counts 0 and 1 as one.
    assert_eq!(counted(Lang::Fr, "count-idea", 0), "0 idée");
    assert_eq!(counted(Lang::Fr, "count-idea", 2), "2 idées");
    assert_eq!(counted(Lang::Nl, "count-idea", 1), "1 idee");
    assert_eq!(counted(Lang::Nl, "count-idea", 3), "3 ideeën");
}

#[test]
fn dates_are_written_as_each_language_writes_them() {
    let date = |lang: Lang, y, m, d| {
        Translator::new(lang).date(NaiveDate::from_ymd_opt(y, m, d).expect("a date"))
    };
    assert_eq!(date(Lang::En, 2026, 5, 12), "Tuesday 12 May 2026");
    assert_eq!(date(Lang::Nb, 2026, 5, 12), "tirsdag 12. mai 2026");
    assert_eq!(date(Lang::De, 2026, 5, 12), "Dienstag, 12. Mai 2026");
    assert_eq!(date(Lang::Fr, 2026, 5, 12), "mardi 12 mai 2026");
    assert_eq!(date(Lang::Nl, 2026, 5, 12), "dinsdag 12 mei 2026");
    assert_eq!(date(Lang::Fr, 2026, 5, 1), "vendredi 1er mai 2026");
    assert_eq!(date(Lang::De, 2026, 3, 1), "Sonntag, 1. März 2026");
    assert_eq!(date(Lang::Nb, 2026, 12, 24), "torsdag 24. desember 2026");
    assert_eq!(date(Lang::Nl, 2027, 2, 8), "maandag 8 februari 2027");
}

#[test]
fn a_code_is_one_of_five_and_a_near_miss_is_named() {
    assert_eq!(Lang::parse("nb"), Ok(Lang::Nb));
    assert_eq!(Lang::ALL.map(|l| Lang::parse(l.code())), Lang::ALL.map(Ok));
    let message =
        |code: &str| Lang::parse(code).map(|_| String::new()).unwrap_or_else(|e| e.to_string());
    assert_eq!(message("xx"), "unknown language \"xx\"; use one of en, nb, de, fr, nl");
    assert_eq!(
        message("no"),
        "unknown language \"no\"; did you mean \"nb\" (Norwegian Bokmål)? use one of en, nb, de, fr, nl"
    );
    assert!(message("nn").contains("did you mean \"nb\""));
    assert!(message("nb-NO").contains("did you mean \"nb\""));
    assert!(message("en-GB").contains("did you mean \"en\" (English)?"));
    assert!(message("DE").contains("did you mean \"de\""));
    assert!(message("fr_BE").contains("did you mean \"fr\""));
    assert_eq!(Lang::default(), Lang::En);
}

#[test]
fn a_missing_message_is_reported_not_invented() {
    let tr = Translator::new(Lang::Nb);
    assert_eq!(
        tr.format("no-such-message", &[]),
        Err("no message no-such-message in locales/nb/minutes.ftl".to_string())
    );
}
