//! Escaping untrusted text for Markdown (CommonMark and GitHub Flavored Markdown).
//!
//! Captured text must stay text: never a heading, list, quote, link, image, HTML, code, or a
//! broken table. Every character with a Markdown meaning is backslash-escaped, and line
//! breaks are flattened, so the text is one inline run wherever it is placed.

/// Escapes one line of text for use inline, in a paragraph, a list item or a table cell.
pub fn inline(text: &str) -> String {
    let text = crate::sanitize::clean_line(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let leading_digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    for (i, c) in text.chars().enumerate() {
        // Block markers only mean something where a line starts: escape them there.
        let at_start = i == 0 && matches!(c, '-' | '+' | '=');
        let list_marker = i == leading_digits && leading_digits > 0 && (c == '.' || c == ')');
        let always = matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '|'
                | '~'
                | '&'
                | '!'
        );
        if at_start || list_marker || always {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    }
}
