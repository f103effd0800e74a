//! Escaping untrusted text for Markdown (CommonMark and GitHub Flavored Markdown).
//!
//! Captured text must stay text: never a heading, list, quote, link, image, HTML, code, or a
//! broken table. Every character with a Markdown meaning is backslash-escaped, and line
//! breaks are flattened, so the text is one inline run wherever it is placed.

/// Escapes one line of text for use inline, in a paragraph, a list item or a table cell.
pub fn inline(text: &str) -> String {
    let text = crate::sanitize::clean_line(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let leading_digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if needs_escape(bytes, i, c, leading_digits) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the character at byte `i` must be backslash-escaped.
fn needs_escape(bytes: &[u8], i: usize, c: char, leading_digits: usize) -> bool {
    match c {
        // Inline syntax anywhere; `@` also makes e-mail autolinks and Pandoc citations, `$`
        // Pandoc maths and `^` superscript.
        '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        | '!' | '@' | '$' | '^' => true,
        // Block markers only mean something where a line starts.
        '-' | '+' | '=' => i == 0,
        // "1." or "1)" at the start is an ordered list; "www." a GitHub autolink.
        '.' | ')' if leading_digits > 0 && i == leading_digits => true,
        '.' => i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"),
        // "http://" is a GitHub autolink.
        ':' => bytes[i + 1..].starts_with(b"//"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(inline("# x"), "\\# x");
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("version 1.2"), "version 1.2");
        assert_eq!(inline("<script>"), "\\<script\\>");
        assert_eq!(inline("line\nbreak"), "line break");
        assert_eq!(inline("plain words, it's fine?"), "plain words, it's fine?");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("wrap-up"), "wrap-up");
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("see https://x.org or WWW.y.org"), "see https\\://x.org or WWW\\.y.org");
        assert_eq!(inline("mail a@b.org"), "mail a\\@b.org");
    }
}
