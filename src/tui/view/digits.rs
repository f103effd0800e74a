//! Large digits for the countdown, readable from across a room.

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

pub const HEIGHT: u16 = 5;

fn glyph(c: char) -> Option<&'static [&'static str; 5]> {
    GLYPHS.iter().find(|(g, _)| *g == c).map(|(_, rows)| rows)
}

/// Width of `text` in cells when drawn large at `scale` (each glyph plus a column of space).
pub fn width(text: &str, scale: u16) -> u16 {
    let glyphs = text.chars().filter(|&c| glyph(c).is_some()).count() as u16;
    (glyphs * 5 * scale).saturating_sub(scale)
}

/// The largest scale (2 or 1) at which `text` fits in `area`, if any.
pub fn fitting_scale(text: &str, area: Rect) -> Option<u16> {
    [2, 1]
        .into_iter()
        .find(|&scale| width(text, scale) <= area.width && HEIGHT * scale <= area.height)
}

/// Draws `text` large, centred in `area`; nothing when it does not fit.
pub fn render(text: &str, area: Rect, scale: u16, style: Style, buf: &mut Buffer) {
    let w = width(text, scale);
    if w > area.width || HEIGHT * scale > area.height {
        return;
    }
    let x0 = area.x + (area.width - w) / 2;
    let y0 = area.y + (area.height - HEIGHT * scale) / 2;
    let mut x = x0;
    for c in text.chars() {
        let Some(rows) = glyph(c) else { continue };
        for (dy, row) in rows.iter().enumerate() {
            for (dx, cell) in row.chars().enumerate() {
                if cell != '#' {
                    continue;
                }
                for sy in 0..scale {
                    for sx in 0..scale {
                        let position = (x + dx as u16 * scale + sx, y0 + dy as u16 * scale + sy);
                        buf[position].set_symbol("█").set_style(style);
                    }
                }
            }
        }
        x += 5 * scale;
    }
}
