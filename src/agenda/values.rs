//! The small value languages of an agenda: durations ("1h30m") and clock times ("18:00").

use std::fmt;
use std::time::Duration;

use chrono::NaiveTime;

/// The longest timebox a session may have.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 3600);

/// Why a duration string was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    Negative,
    Zero,
    TooLong,
    Malformed,
    /// A smaller unit holds a whole larger one ("1h90m"): refused rather than silently read
    /// as the longer duration, because it is usually a typo. `written` is the amount and unit
    /// as given ("90 minutes"); `meant` is the same length written plainly ("2h30m").
    Spills {
        written: String,
        meant: String,
    },
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DurationError::Empty => "is empty",
            DurationError::Negative => "is negative; a duration is a positive length such as \"10m\"",
            DurationError::Zero => "is zero; give a positive length such as \"10m\"",
            DurationError::TooLong => "is over 24 hours; split the session or check the unit",
            DurationError::Malformed => {
                "does not parse; write hours, minutes and seconds such as \"45s\", \"10m\" or \"1h30m\""
            }
            DurationError::Spills { written, meant } => {
                return write!(
                    f,
                    "has {written} after a larger unit; write \"{meant}\" if that is the length meant"
                );
            }
        })
    }
}

/// Parses "45s", "10m", "1h30m", "1h 30m 15s". Units must appear at most once, largest first,
/// and after a larger unit minutes and seconds stay below 60 ("1h90m" is refused; "90m" is fine).
///
/// ```
/// use std::time::Duration;
/// use convene::agenda::{DurationError, parse_duration};
/// assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
/// assert_eq!(parse_duration("0m"), Err(DurationError::Zero));
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(DurationError::Empty);
    }
    if trimmed.starts_with('-') {
        return Err(DurationError::Negative);
    }
    let mut total: u64 = 0;
    let mut last_rank = 0;
    let mut spill = None;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 9 {
            return Err(DurationError::Malformed);
        }
        let number: u64 = rest[..digits].parse().map_err(|_| DurationError::Malformed)?;
        rest = &rest[digits..];
        let (unit, rank, len) = match rest.chars().next() {
            Some('h') => (3600, 1, 1),
            Some('m') => (60, 2, 1),
            Some('s') => (1, 3, 1),
            _ => return Err(DurationError::Malformed),
        };
        if rank <= last_rank {
            return Err(DurationError::Malformed);
        }
        if last_rank > 0 && number >= 60 && spill.is_none() {
            let unit = if rank == 2 { "minutes" } else { "seconds" };
            spill = Some(format!("{number} {unit}"));
        }
        last_rank = rank;
        total = total.saturating_add(number.saturating_mul(unit));
        rest = rest[len..].trim_start();
    }
    let duration = Duration::from_secs(total);
    if duration.is_zero() {
        Err(DurationError::Zero)
    } else if duration > MAX_DURATION {
        Err(DurationError::TooLong)
    } else if let Some(written) = spill {
        Err(DurationError::Spills { written, meant: compact_duration(duration) })
    } else {
        Ok(duration)
    }
}

/// A duration as an agenda writes it: "2h30m", "20m", "45s".
pub fn compact_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    let mut out = String::new();
    for (amount, unit) in [(secs / 3600, 'h'), (secs / 60 % 60, 'm'), (secs % 60, 's')] {
        if amount > 0 {
            out.push_str(&format!("{amount}{unit}"));
        }
    }
    if out.is_empty() { "0s".to_string() } else { out }
}

/// What a duration that does not parse was probably meant to be: "20 min" → "20m",
/// "1.5h" → "1h30m", "1 hour 30 minutes" → "1h30m", a bare "20" → "20m". None when the text
/// cannot be read as a length at all, or the length it reads as is not allowed.
pub fn suggest_duration(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    let mut seconds = 0.0_f64;
    let mut rest = text.as_str();
    let mut parts = 0;
    let mut bare = false;
    while !rest.is_empty() {
        let number_len = rest.len()
            - rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',').len();
        if number_len == 0 || number_len > 12 {
            return None;
        }
        let number: f64 = rest[..number_len].replace(',', ".").parse().ok()?;
        rest = rest[number_len..].trim_start();
        let word_len = rest.len() - rest.trim_start_matches(|c: char| c.is_alphabetic()).len();
        let unit = match &rest[..word_len] {
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            // A bare number is most often meant as minutes ("duration = \"20\"").
            "" if parts == 0 => {
                bare = true;
                60.0
            }
            _ => return None,
        };
        seconds += number * unit;
        parts += 1;
        rest = rest[word_len..].trim_start();
    }
    if bare && parts > 1 {
        return None;
    }
    let seconds = seconds.round();
    if !(1.0..=MAX_DURATION.as_secs() as f64).contains(&seconds) {
        return None;
    }
    Some(compact_duration(Duration::from_secs(seconds as u64)))
}

/// Parses a clock time "HH:MM" (or "HH:MM:SS").
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// Formats a duration for people: "45s", "10m", "1h 05m", "2h".
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, 0, 0) => format!("{h}h"),
        (h, m, 0) => format!("{h}h {m:02}m"),
        (h, m, s) => format!("{h}h {m:02}m {s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("45s"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1h 30m 15s"), Ok(Duration::from_secs(5415)));
        assert_eq!(parse_duration("24h"), Ok(MAX_DURATION));
    }

    #[test]
    fn bad_durations_say_why() {
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("-5m"), Err(DurationError::Negative));
        assert_eq!(parse_duration("0m"), Err(DurationError::Zero));
        assert_eq!(parse_duration("0h0m"), Err(DurationError::Zero));
        assert_eq!(parse_duration("25h"), Err(DurationError::TooLong));
        assert_eq!(parse_duration("24h1s"), Err(DurationError::TooLong));
        assert_eq!(parse_duration("99999999999h"), Err(DurationError::Malformed));
        assert_eq!(parse_duration("10"), Err(DurationError::Malformed));
        assert_eq!(parse_duration("10 minutes"), Err(DurationError::Malformed));
        assert_eq!(parse_duration("30m1h"), Err(DurationError::Malformed));
        assert_eq!(parse_duration("1.5h"), Err(DurationError::Malformed));
        assert_eq!(parse_duration("m"), Err(DurationError::Malformed));
    }

    #[test]
    fn a_smaller_unit_holding_a_whole_larger_one_is_refused() {
        let spills = |written: &str, meant: &str| {
            Err(DurationError::Spills { written: written.into(), meant: meant.into() })
        };
        assert_eq!(parse_duration("1h90m"), spills("90 minutes", "2h30m"));
        assert_eq!(parse_duration("1h 60m"), spills("60 minutes", "2h"));
        assert_eq!(parse_duration("10m75s"), spills("75 seconds", "11m15s"));
        assert_eq!(parse_duration("1h75s"), spills("75 seconds", "1h1m15s"));
        assert_eq!(
            parse_duration("1h90m").map_err(|e| e.to_string()),
            Err("has 90 minutes after a larger unit; write \"2h30m\" if that is the length meant"
                .to_string())
        );
        // Alone, a unit may hold any amount.
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h59m59s"), Ok(Duration::from_secs(7199)));
    }

    #[test]
    fn unparsable_durations_get_a_suggestion_when_one_is_clear() {
        assert_eq!(suggest_duration("20 min").as_deref(), Some("20m"));
        assert_eq!(suggest_duration("20 minutes").as_deref(), Some("20m"));
        assert_eq!(suggest_duration("1.5h").as_deref(), Some("1h30m"));
        assert_eq!(suggest_duration("1,5 hours").as_deref(), Some("1h30m"));
        assert_eq!(suggest_duration("1 hour 30 mins").as_deref(), Some("1h30m"));
        assert_eq!(suggest_duration("45 sec").as_deref(), Some("45s"));
        assert_eq!(suggest_duration("20").as_deref(), Some("20m"));
        assert_eq!(suggest_duration("0.25h").as_deref(), Some("15m"));
        assert_eq!(suggest_duration("ten minutes"), None);
        assert_eq!(suggest_duration("20 fortnights"), None);
        assert_eq!(suggest_duration("30h"), None);
        assert_eq!(suggest_duration("0 min"), None);
        assert_eq!(suggest_duration("1..5h"), None);
        assert_eq!(suggest_duration(""), None);
    }

    #[test]
    fn durations_format() {
        assert_eq!(format_duration(Duration::from_secs(3900)), "1h 05m");
        assert_eq!(format_duration(Duration::from_secs(600)), "10m");
        assert_eq!(format_duration(Duration::from_secs(45)), "45s");
        assert_eq!(format_duration(Duration::from_secs(7200)), "2h");
    }

    #[test]
    fn clocks_parse() {
        assert_eq!(parse_clock("18:00"), NaiveTime::from_hms_opt(18, 0, 0));
        assert_eq!(parse_clock("09:30:15"), NaiveTime::from_hms_opt(9, 30, 15));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("6pm"), None);
    }
}
