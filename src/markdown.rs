//! Escaping untrusted text for Markdown (CommonMark and GitHub Flavored Markdown).
//!
//! Captured text must stay text: never a heading, list, quote, link, image, HTML, code, or a
//! broken table. Every character with a Markdown meaning is backslash-escaped, and line
//! breaks are flattened, so the text is one inline run wherever it is placed.

/// Escapes one line of text for use inline, in a paragraph, a list item or a table cell.
///
/// ```
/// use convene::markdown::inline;
/// assert_eq!(inline("# Dust | noise <b>"), r"\# Dust \| noise \<b\>");
/// assert_eq!(inline("1. first\nline"), r"1\. first line");
/// ```
pub fn inline(text: &str) -> String {
    let cleaned;
    let text = if crate::sanitize::is_clean_line(text) {
        text
    } else {
        cleaned = crate::sanitize::clean_line(text);
        cleaned.as_str()
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let bytes = text.as_bytes();
    let leading_digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    // Every character that needs escaping is ASCII, and UTF-8 continuation bytes never are:
    // scan bytes and copy the runs between escapes whole.
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if needs_escape(bytes, i, b, leading_digits) {
            out.push_str(&text[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&text[run..]);
    out
}

/// Whether the byte at `i` must be backslash-escaped.
fn needs_escape(bytes: &[u8], i: usize, b: u8, leading_digits: usize) -> bool {
    match b {
        // Inline syntax anywhere; `@` also makes e-mail autolinks and Pandoc citations, `$`
        // Pandoc maths and `^` superscript.
        b'\\' | b'`' | b'*' | b'_' | b'{' | b'}' | b'[' | b']' | b'<' | b'>' | b'#' | b'|'
        | b'~' | b'&' | b'!' | b'@' | b'$' | b'^' => true,
        // Block markers only mean something where a line starts.
        b'-' | b'+' | b'=' => i == 0,
        // "1." or "1)" at the start is an ordered list; "www." a GitHub autolink.
        b'.' | b')' if leading_digits > 0 && i == leading_digits => true,
        b'.' => i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"),
        // "http://" is a GitHub autolink.
        b':' => bytes[i + 1..].starts_with(b"//"),
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
