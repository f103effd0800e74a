//! Problems found in an agenda file, with their place in it.

use std::fmt;
use std::ops::Range;

use crate::sanitize::for_terminal;

/// How bad a problem is: errors make the agenda unusable, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in an agenda, at a line and column (both 1-based, columns in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A diagnostic bound to the file it came from, printed as `FILE:LINE:COL: error: MESSAGE`.
pub struct Located<'a> {
    pub file: &'a str,
    pub diagnostic: &'a Diagnostic,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            for_terminal(self.file),
            d.line,
            d.column,
            level,
            for_terminal(&d.message)
        )
    }
}

/// Maps byte offsets in a source text to 1-based line and character column.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts
            .extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// Line and column of a byte offset; offsets past the end map to the end.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.line_starts[line - 1];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().filter(|&c| c != '\r').count() + 1;
        (line, column)
    }
}

/// Collects the diagnostics of one file.
pub struct Report<'a> {
    index: LineIndex<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    pub fn new(text: &'a str) -> Self {
        Report { index: LineIndex::new(text), diagnostics: Vec::new() }
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.push(Severity::Error, span, message.into());
    }

    pub fn warning(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.push(Severity::Warning, span, message.into());
    }

    fn push(&mut self, severity: Severity, span: Range<usize>, message: String) {
        let (line, column) = self.index.position(span.start);
        self.diagnostics.push(Diagnostic { severity, line, column, message });
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.index.position(offset).0
    }

    /// The 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.index.position(offset)
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// Diagnostics in file order, errors before warnings at the same place.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
        self.diagnostics.dedup();
        self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "ab\nçd = 1\r\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(5), (2, 2)); // after the two-byte ç
        assert_eq!(index.position(text.len() - 1), (3, 1));
        assert_eq!(index.position(999), (3, 2));
    }
}
