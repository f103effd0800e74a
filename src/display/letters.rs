//! Large letters for the room, as large as the space allows: the 8x8 bitmap font of the
//! `font8x8` crate (Latin with its accents, Greek, box and block signs), each pixel drawn as
//! `x` columns by `y` rows, or at the smallest size as half a row (a glyph 8 columns by 4).

use font8x8::UnicodeFonts;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// The glyph of `c`, if the font has one.
fn glyph(c: char) -> Option<[u8; 8]> {
    font8x8::BASIC_FONTS
        .get(c)
        .or_else(|| font8x8::LATIN_FONTS.get(c))
        .or_else(|| font8x8::GREEK_FONTS.get(c))
        .or_else(|| font8x8::MISC_FONTS.get(c))
        .or_else(|| font8x8::BOX_FONTS.get(c))
        .or_else(|| font8x8::BLOCK_FONTS.get(c))
}

/// True when every character of `text` can be drawn large (else it is shown as plain text,
/// never with letters missing).
pub fn covers(text: &str) -> bool {
    text.chars().all(|c| glyph(c).is_some())
}

/// How large letters are drawn: each pixel of a glyph is `x` columns by `y` rows; `y == 0`
/// is the smallest size, a pixel one column by half a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub x: u16,
    pub y: u16,
}

impl Size {
    const HALF: Size = Size { x: 1, y: 0 };

    /// Columns one letter takes.
    fn advance(self) -> u16 {
        8 * self.x
    }

    /// Rows one line of letters takes.
    pub fn line_height(self) -> u16 {
        if self.y == 0 { 4 } else { 8 * self.y }
    }
}

/// `text` broken at spaces into lines of at most `columns` characters; None when a word is
/// longer than that.
fn wrap(text: &str, columns: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if length > columns {
            return None;
        }
        let used = line.chars().count();
        if used > 0 && used + 1 + length > columns {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    (!lines.is_empty()).then_some(lines)
}

/// The largest size at which `text` fits in `width` x `height`, broken into lines at spaces:
/// the tallest letters first, each as wide as square pixels allow down to tall ones. None
/// when not even the smallest fits, or the font lacks one of its characters.
pub fn fitting(text: &str, width: u16, height: u16) -> Option<(Size, Vec<String>)> {
    if !covers(text) {
        return None;
    }
    let fits = |size: Size| {
        let columns = usize::from(width / size.advance());
        let lines = wrap(text, columns)?;
        let rows = u16::try_from(lines.len()).ok()?.checked_mul(size.line_height())?;
        (rows <= height).then_some((size, lines))
    };
    // A pixel is never wider than the width allows (nor are sums of columns near overflow).
    let widest = width / 8;
    for y in (1..=(height / 8).min(widest)).rev() {
        for x in (y..=(2 * y).min(widest)).rev() {
            if let Some(found) = fits(Size { x, y }) {
                return Some(found);
            }
        }
    }
    fits(Size::HALF)
}

/// The rows `lines` take at `size`.
pub fn height(lines: &[String], size: Size) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_mul(size.line_height())
}

/// Draws `lines` large, each centred, the block centred in `area`; what does not fit in
/// `area` is not drawn.
pub fn render(lines: &[String], size: Size, area: Rect, style: Style, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    let total = height(lines, size);
    let mut y = area.y + area.height.saturating_sub(total) / 2;
    for line in lines {
        let glyphs = line.chars().count();
        let width = u16::try_from(glyphs).unwrap_or(u16::MAX).saturating_mul(size.advance());
        let mut x = area.x + area.width.saturating_sub(width) / 2;
        for c in line.chars() {
            if let Some(rows) = glyph(c) {
                draw_glyph(&rows, size, (x, y), area, style, buf);
            }
            x = x.saturating_add(size.advance());
        }
        y = y.saturating_add(size.line_height());
    }
}

/// One glyph with its top left at `at`, clipped to `area`.
fn draw_glyph(
    rows: &[u8; 8],
    size: Size,
    at: (u16, u16),
    area: Rect,
    style: Style,
    buf: &mut Buffer,
) {
    let lit = |row: usize, col: u16| rows[row] & (1 << col) != 0;
    let mut put = |x: u16, y: u16, symbol: &str| {
        if x >= area.x && x < area.right() && y >= area.y && y < area.bottom() {
            buf[(x, y)].set_symbol(symbol).set_style(style);
        }
    };
    for col in 0..8u16 {
        if size.y == 0 {
            for pair in 0..4u16 {
                let (top, bottom) = (lit(2 * pair as usize, col), lit(2 * pair as usize + 1, col));
                let symbol = match (top, bottom) {
                    (true, true) => "█",
                    (true, false) => "▀",
                    (false, true) => "▄",
                    (false, false) => continue,
                };
                put(at.0.saturating_add(col), at.1.saturating_add(pair), symbol);
            }
            continue;
        }
        for row in 0..8u16 {
            if !lit(usize::from(row), col) {
                continue;
            }
            for sy in 0..size.y {
                for sx in 0..size.x {
                    let x = at.0.saturating_add(col * size.x + sx);
                    let y = at.1.saturating_add(row * size.y + sy);
                    put(x, y, "█");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_as_large_as_the_space_allows() {
        // "Thank you" (9 characters): one line of 72 columns per pixel column.
        assert_eq!(
            fitting("Thank you", 300, 30),
            Some((Size { x: 4, y: 3 }, vec!["Thank you".into()]))
        );
        // Square pixels on two lines before narrow ones on one.
        assert_eq!(
            fitting("Thank you", 100, 30),
            Some((Size { x: 2, y: 1 }, vec!["Thank".into(), "you".into()]))
        );
        // Too narrow for one line at the smallest size: broken at the space.
        assert_eq!(
            fitting("Thank you", 40, 12),
            Some((Size::HALF, vec!["Thank".into(), "you".into()]))
        );
        assert_eq!(fitting("Thank you", 40, 7), None);
        assert_eq!(fitting("Wrap up", 20, 40), None, "a word wider than the space");
        // A character the font lacks is never drawn as a gap.
        assert_eq!(fitting("Kaffe ☕", 300, 80), None);
        assert!(covers("Møte på Herøya: spørsmål"));
    }

    #[test]
    fn every_size_draws_inside_its_area() {
        for width in 0..40u16 {
            for height in 0..12u16 {
                let mut buf = Buffer::empty(Rect::new(0, 0, 40, 12));
                let area = Rect::new(1, 1, width, height);
                let lines = vec!["ÆØÅ wrap up".to_string(), "x".to_string()];
                render(&lines, Size { x: 2, y: 1 }, area, Style::new(), &mut buf);
                render(&lines, Size::HALF, area, Style::new(), &mut buf);
            }
        }
    }
}
