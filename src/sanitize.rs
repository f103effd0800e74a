//! Cleaning of untrusted text: agenda strings, typed and pasted text, journal lines read back.
//!
//! Text is cleaned once, where it enters. Control characters (C0, C1, DEL), escape sequences
//! and bidirectional overrides can rewrite a terminal or disguise text in the minutes, so they
//! never reach storage or output unescaped.

use std::borrow::Cow;

/// True for a character that must never be shown raw: C0/C1 controls, DEL and the
/// bidirectional embedding, override and isolate controls.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// How a forbidden character is written when it is shown: `\t`, `\n`, `\x1b`, `\u{202e}`.
pub fn visible_escape(c: char) -> String {
    match c {
        '\t' => "\\t".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        c if (c as u32) < 0x100 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// Text safe to print on a terminal: every forbidden character shown as a visible escape.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_forbidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_forbidden(c) {
            out.push_str(&visible_escape(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Cleans captured text (typed or pasted) into one line that is safe to store and show.
///
/// Line breaks and tabs become single spaces (an item is one paragraph), ANSI/OSC escape
/// sequences are removed whole, and any other forbidden character is dropped. Runs of
/// whitespace collapse and the ends are trimmed.
pub fn clean_line(text: &str) -> String {
    if is_clean_line(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    // Once a string sequence was found with no end, no later one has an end either.
    let mut ends = true;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars, &mut ends),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' => skip_string_sequence(&mut chars, &mut ends),
            c if c.is_whitespace() => pending_space = !out.is_empty(),
            c if is_forbidden(c) => {}
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// True when [`clean_line`] would give the text back unchanged: the common case, checked
/// without building a new string.
pub fn is_clean_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // ASCII, byte by byte: printable, and no two spaces in a row.
    let mut previous_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x80 {
            return is_clean_unicode(&text[i..], previous_space);
        }
        let space = b == b' ';
        if (space && previous_space) || (!space && !b.is_ascii_graphic()) {
            return false;
        }
        previous_space = space;
    }
    true
}

fn is_clean_unicode(rest: &str, mut previous_space: bool) -> bool {
    for c in rest.chars() {
        let space = c == ' ';
        if (space && previous_space) || (!space && (c.is_whitespace() || is_forbidden(c))) {
            return false;
        }
        previous_space = space;
    }
    true
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape_sequence(chars: &mut Chars<'_>, ends: &mut bool) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            chars.next();
            skip_string_sequence(chars, ends);
        }
        Some(c) if ('\u{20}'..='\u{7e}').contains(c) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates, ended by a final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            return;
        }
    }
}

/// OSC, DCS and friends: ended by BEL or ST (`ESC \\`, or its C1 form). A sequence that
/// does not end so before the next escape or the end of the text is no sequence: only its
/// introducer (already taken) is dropped, and the text after it is kept and cleaned as usual
/// (a later escape sequence in it is removed on its own).
/// `ends` turns false once a search reached the end of the text without finding any end,
/// so a text full of introducers stays linear.
fn skip_string_sequence(chars: &mut Chars<'_>, ends: &mut bool) {
    if !*ends {
        return;
    }
    let mut ahead = chars.clone();
    let mut length = 0;
    let terminated = loop {
        match ahead.next() {
            Some('\u{7}' | '\u{9c}') => break true,
            Some('\u{1b}') => break ahead.peek() == Some(&'\\'),
            Some(_) => length += 1,
            None => {
                *ends = false;
                break false;
            }
        }
    };
    if terminated {
        // The payload, then the terminator (BEL, C1 ST, or ESC and the backslash).
        let ender = chars.nth(length);
        if ender == Some('\u{1b}') {
            chars.next();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_every_control() {
        assert_eq!(for_terminal("a\u{1b}[31mb"), "a\\x1b[31mb");
        assert_eq!(for_terminal("bell\u{7}"), "bell\\x07");
        assert_eq!(for_terminal("rtl\u{202e}x"), "rtl\\u{202e}x");
        assert_eq!(for_terminal("c1\u{9b}"), "c1\\x9b");
        assert_eq!(for_terminal("plain æøå 漢字"), "plain æøå 漢字");
    }

    #[test]
    fn clean_line_removes_sequences_and_joins_lines() {
        assert_eq!(clean_line("\u{1b}[2J\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(clean_line("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(clean_line("a\u{1b}]8;;http://x\u{1b}\\link"), "alink");
        assert_eq!(clean_line("one\r\ntwo\n\nthree\t4"), "one two three 4");
        assert_eq!(clean_line("nul\0 bs\u{8} del\u{7f}"), "nul bs del");
        assert_eq!(clean_line("  spaces   only  "), "spaces only");
        assert_eq!(clean_line("   "), "");
        assert_eq!(clean_line("bidi\u{202e}txt"), "biditxt");
        assert_eq!(clean_line("emoji 👩‍🔬 ok"), "emoji 👩‍🔬 ok");
        assert_eq!(clean_line("\u{1b}"), "");
        assert_eq!(clean_line("\u{1b}["), "");
    }

    #[test]
    fn an_unterminated_string_sequence_loses_only_its_introducer() {
        assert_eq!(
            clean_line("Dust \u{1b}]0;at the school is worrying"),
            "Dust 0;at the school is worrying"
        );
        assert_eq!(clean_line("a\u{9d}8;;link text"), "a8;;link text");
        assert_eq!(clean_line("x\u{1b}Pq no end"), "xq no end");
        // Terminated ones are still removed whole, before and after an unterminated one.
        assert_eq!(clean_line("a\u{1b}]0;t\u{7}b \u{1b}]2;c"), "ab 2;c");
        // An escape before any end: the OSC was never one; the next sequence goes on its own.
        assert_eq!(
            clean_line("A5 \u{1b}]0;unterminated then \u{1b}[31mred\u{1b}[0m end"),
            "A5 0;unterminated then red end"
        );
        assert_eq!(clean_line("x\u{1b}]8;;a\u{1b}]0;t\u{1b}\\y"), "x8;;ay");
        // Many introducers without an end: linear, each introducer dropped.
        let many = "\u{9d}x".repeat(20_000);
        assert!(clean_line(&many) == "x".repeat(20_000), "each introducer dropped, its text kept");
    }
}
