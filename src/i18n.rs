//! The languages the minutes are written in: convene's own words come from Fluent message
//! files (`locales/<code>/minutes.ftl`, built into the binary); text typed by people is never
//! translated.
//!
//! ```
//! use convene::i18n::{Lang, Translator};
//! let tr = Translator::get(Lang::Nb);
//! assert_eq!(tr.with("count-question", &[("count", 3.into())]), "3 spørsmål");
//! ```

use std::fmt;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate, Weekday};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// A language the minutes can be written in. English is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    En,
    /// Norwegian Bokmål.
    Nb,
    De,
    Fr,
    Nl,
}

/// A language code convene does not write minutes in, with the closest one it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLanguage {
    pub code: String,
}

impl fmt::Display for UnknownLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown language \"{}\"; ", self.code)?;
        if let Some(close) = Lang::closest(&self.code) {
            write!(f, "did you mean \"{}\" ({})? ", close.code(), close.name())?;
        }
        write!(f, "use one of {}", Lang::CODES.join(", "))
    }
}

impl std::error::Error for UnknownLanguage {}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Nb, Lang::De, Lang::Fr, Lang::Nl];
    pub const CODES: [&'static str; 5] = ["en", "nb", "de", "fr", "nl"];

    /// Its code: "nb".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nb => "nb",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Nl => "nl",
        }
    }

    /// Its name in English, for messages: "Norwegian Bokmål".
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nb => "Norwegian Bokmål",
            Lang::De => "German",
            Lang::Fr => "French",
            Lang::Nl => "Dutch",
        }
    }

    /// One of the five codes, exactly (lower case).
    pub fn parse(code: &str) -> Result<Lang, UnknownLanguage> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code() == code)
            .ok_or_else(|| UnknownLanguage { code: code.to_string() })
    }

    /// The language a near miss means: "no", "nn", "nb-NO" → nb; "en-GB", "EN" → en.
    fn closest(code: &str) -> Option<Lang> {
        let language = code
            .parse::<unic_langid::LanguageIdentifier>()
            .map(|id| id.language.as_str().to_string())
            .unwrap_or_else(|_| code.to_ascii_lowercase());
        match language.as_str() {
            "no" | "nn" | "nob" | "nor" => Some(Lang::Nb),
            "eng" => Some(Lang::En),
            "deu" | "ger" => Some(Lang::De),
            "fra" | "fre" => Some(Lang::Fr),
            "nld" | "dut" | "vls" => Some(Lang::Nl),
            other => Lang::parse(other).ok(),
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/minutes.ftl"),
            Lang::Nb => include_str!("../locales/nb/minutes.ftl"),
            Lang::De => include_str!("../locales/de/minutes.ftl"),
            Lang::Fr => include_str!("../locales/fr/minutes.ftl"),
            Lang::Nl => include_str!("../locales/nl/minutes.ftl"),
        }
    }

    /// The message file as built in (for tests that compare the files).
    pub fn messages(self) -> &'static str {
        self.source()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// convene's words in one language.
pub struct Translator {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

thread_local! {
    static TRANSLATORS: std::cell::RefCell<Vec<Rc<Translator>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Translator {
    /// Builds the translator of a language from its built-in message file. A file that does
    /// not parse keeps every message that does (the tests keep every file whole).
    pub fn new(lang: Lang) -> Translator {
        let resource = FluentResource::try_new(lang.source().to_string())
            .unwrap_or_else(|(partial, _errors)| partial);
        let id: unic_langid::LanguageIdentifier =
            lang.code().parse().unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
        let mut bundle = FluentBundle::new(vec![id]);
        // The minutes are Markdown read left to right: no FSI/PDI marks around arguments.
        bundle.set_use_isolating(false);
        // Each id is in the file once (a test checks it); a repeat would only be ignored.
        let _ = bundle.add_resource(resource);
        Translator { lang, bundle }
    }

    /// The translator of a language, built once per thread.
    pub fn get(lang: Lang) -> Rc<Translator> {
        TRANSLATORS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(found) = cache.iter().find(|t| t.lang == lang) {
                return Rc::clone(found);
            }
            let made = Rc::new(Translator::new(lang));
            cache.push(Rc::clone(&made));
            made
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A message without arguments.
    pub fn text(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// A message with its arguments: numbers (for plurals) or text.
    pub fn with(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        match self.format(id, args) {
            Ok(text) => text,
            Err(problem) => {
                // In the crate's own tests a missing message or a bad argument fails loudly;
                // a user gets the id, never a crash.
                #[cfg(test)]
                panic!("{problem}");
                #[cfg(not(test))]
                {
                    let _ = problem;
                    id.to_string()
                }
            }
        }
    }

    /// A message, or what is wrong with it: missing, or an error while formatting.
    pub fn format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> Result<String, String> {
        let lang = self.lang;
        let pattern = self
            .bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message {id} in locales/{lang}/minutes.ftl"))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if let Some(error) = errors.first() {
            return Err(format!("message {id} in locales/{lang}/minutes.ftl: {error:?}"));
        }
        Ok(text.into_owned())
    }

    /// "Tuesday 12 May 2026", "tirsdag 12. mai 2026", "Dienstag, 12. Mai 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        self.with(
            "date",
            &[
                ("weekday", self.weekday(date.weekday()).into()),
                // A number, so a language can select on it ("1er mai").
                ("day", date.day().into()),
                ("month", self.text(&format!("month-{}", date.month())).into()),
                ("year", date.year().to_string().into()),
            ],
        )
    }

    /// "12 May 2026", "12. mai 2026", "1er mai 2026": a date without its weekday.
    pub fn date_plain(&self, date: NaiveDate) -> String {
        self.with(
            "date-plain",
            &[
                ("day", date.day().into()),
                ("month", self.text(&format!("month-{}", date.month())).into()),
                ("year", date.year().to_string().into()),
            ],
        )
    }

    /// "Tuesday", "tirsdag".
    pub fn weekday(&self, day: Weekday) -> String {
        self.text(&format!("weekday-{}", day.number_from_monday()))
    }

    /// "Tue", "tir.".
    pub fn weekday_short(&self, day: Weekday) -> String {
        self.text(&format!("weekday-short-{}", day.number_from_monday()))
    }

    /// A count of something: `count-question` with `$count` gives "1 question", "3 questions".
    pub fn count(&self, id: &str, count: usize) -> String {
        self.with(id, &[("count", count.into())])
    }
}

#[cfg(test)]
mod tests;
