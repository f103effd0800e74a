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
        })
    }
}

/// Parses "45s", "10m", "1h30m", "1h 30m 15s". Units must appear at most once, largest first.
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
        last_rank = rank;
        total = total.saturating_add(number.saturating_mul(unit));
        rest = rest[len..].trim_start();
    }
    let duration = Duration::from_secs(total);
    if duration.is_zero() {
        Err(DurationError::Zero)
    } else if duration > MAX_DURATION {
        Err(DurationError::TooLong)
    } else {
        Ok(duration)
    }
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
