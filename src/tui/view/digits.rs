//! Large digits for the countdown, readable from across a room: as large as the space allows,
//! up to filling a projector.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Glyph rows for 0-9, ':', '+' and '-'; '#' is a filled cell.
const GLYPHS: [(char, [&str; 5]); 13] = [
    ('0', ["####", "#  #", "#  #", "#  #", "####"]),
    ('1', ["  # ", " ## ", "  # ", "  # ", " ###"]),
    ('2', ["####", "   #", "####", "#   ", "####"]),
    ('3', ["####", "   #", " ###", "   #", "####"]),
    ('4', ["#  #", "#  #", "####", "   #", "   #"]),
    ('5', ["####", "#   ", "####", "   #", "####"]),
    ('6', ["####", "#   ", "####", "#  #", "####"]),
    ('7', ["####", "   #", "  # ", " #  ", " #  "]),
    ('8', ["####", "#  #", "####", "#  #", "####"]),
    ('9', ["####", "#  #", "####", "   #", "####"]),
    (':', ["    ", " #  ", "    ", " #  ", "    "]),
    ('+', ["    ", " #  ", "### ", " #  ", "    "]),
    ('-', ["    ", "    ", "### ", "    ", "    "]),
];

/// Rows of a glyph at the smallest size.
pub const HEIGHT: u16 = 5;

/// Columns a glyph takes, with the space after it, at the smallest size.
const ADVANCE: u16 = 5;

fn glyph(c: char) -> Option<&'static [&'static str; 5]> {
    GLYPHS.iter().find(|(g, _)| *g == c).map(|(_, rows)| rows)
}

/// How large the digits are drawn: each cell of a glyph becomes `x` columns by `y` rows.
/// A terminal cell is about twice as tall as it is wide, so `x` runs from `y` (tall, narrow
/// digits) to `2 * y` (square glyph cells).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub x: u16,
    pub y: u16,
}

impl Size {
    /// Rows the digits take.
    pub fn height(self) -> u16 {
        HEIGHT * self.y
    }

    /// Columns `text` takes (each glyph plus a column of space, none after the last).
    pub fn width(self, text: &str) -> u16 {
        let glyphs =
            u16::try_from(text.chars().filter(|&c| glyph(c).is_some()).count()).unwrap_or(u16::MAX);
        glyphs.saturating_mul(ADVANCE).saturating_sub(1).saturating_mul(self.x)
    }
}

/// The largest size at which `text` fits in `width` x `height`: as tall as both allow, then
/// as wide as the width allows up to square glyph cells. None when not even the smallest fits.
pub fn fitting(text: &str, width: u16, height: u16) -> Option<Size> {
    let unit = Size { x: 1, y: 1 }.width(text);
    if unit == 0 {
        return None;
    }
    let widest = width / unit;
    let y = (height / HEIGHT).min(widest);
    if y == 0 {
        return None;
    }
    Some(Size { x: widest.min(2 * y), y })
}

/// Draws `text` large, centred in `area`; nothing when it does not fit.
pub fn render(text: &str, area: Rect, size: Size, style: Style, buf: &mut Buffer) {
    let w = size.width(text);
    let h = size.height();
    let area = area.intersection(buf.area);
    if w > area.width || h > area.height {
        return;
    }
    let x0 = area.x + (area.width - w) / 2;
    let y0 = area.y + (area.height - h) / 2;
    let mut x = x0;
    for c in text.chars() {
        let Some(rows) = glyph(c) else { continue };
        for (dy, row) in (0u16..).zip(rows.iter()) {
            for (dx, cell) in (0u16..).zip(row.chars()) {
                if cell != '#' {
                    continue;
                }
                for sy in 0..size.y {
                    for sx in 0..size.x {
                        let position = (x + dx * size.x + sx, y0 + dy * size.y + sy);
                        buf[position].set_symbol("█").set_style(style);
                    }
                }
            }
        }
        x += ADVANCE * size.x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_follows_the_space() {
        // 80x24, 120x40 and 200x60 screens, and a projector in a large font.
        assert_eq!(fitting("09:12", 52, 7), Some(Size { x: 2, y: 1 }));
        assert_eq!(fitting("09:12", 78, 15), Some(Size { x: 3, y: 3 }));
        assert_eq!(fitting("09:12", 124, 25), Some(Size { x: 5, y: 5 }));
        assert_eq!(fitting("09:12", 150, 25), Some(Size { x: 6, y: 5 }));
        assert_eq!(fitting("09:12", 23, 40), None);
        assert_eq!(fitting("09:12", 200, 4), None);
        assert_eq!(fitting("", 200, 60), None);
        // Narrow but tall: never narrower than one column per row of a glyph cell.
        assert_eq!(fitting("1:02:03", 70, 60), Some(Size { x: 2, y: 2 }));
    }
}
