//! QR codes of the phone page's address: an SVG for the browser display, text rows of
//! half blocks for the facilitator's terminal.

use qrcode::render::{svg, unicode::Dense1x2};
use qrcode::{EcLevel, QrCode};

/// The address as the code holds it: upper case when that changes nothing for a browser
/// (scheme and IP address are read in any case, and the path is "/"), which lets the code
/// use its compact alphanumeric mode: fewer, larger modules.
fn encoded(url: &str) -> String {
    const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let upper = url.to_ascii_uppercase();
    let plain_host = url.strip_prefix("http://").is_some_and(|rest| {
        rest.split('/').next().is_some_and(|host| {
            host.parse::<std::net::SocketAddr>().is_ok() && rest[host.len()..] == *"/"
        })
    });
    if plain_host && upper.chars().all(|c| ALPHANUMERIC.contains(c)) {
        upper
    } else {
        url.to_string()
    }
}

/// The QR code of `url` as text rows for a terminal, two modules a character (upper and
/// lower half blocks), with the quiet zone around it. The light modules are the glyphs and
/// the dark ones spaces: draw the rows light on dark (white on black), as terminal QR
/// codes are. Empty if the address is too long for a QR code.
pub fn terminal_qr(url: &str) -> Vec<String> {
    let Ok(code) = QrCode::with_error_correction_level(encoded(url), EcLevel::L) else {
        return Vec::new();
    };
    code.render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The QR code of `url` as an inline SVG element (dark on white, with its quiet zone),
/// sized by its container; empty if the address is too long for a QR code.
pub fn svg(url: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(encoded(url), EcLevel::M) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color>()
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // Inline in a page: no XML declaration, and the size comes from the page's style.
    let image = image.find("<svg").map_or(image.as_str(), |at| &image[at..]);
    image.replacen("<svg ", "<svg role=\"img\" aria-label=\"QR code of the question page\" ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_code_has_its_quiet_zone_and_reads_back_as_the_modules() {
        let url = "http://192.168.1.20:8080/";
        let rows = terminal_qr(url);
        let code = QrCode::with_error_correction_level(encoded(url), EcLevel::L).unwrap();
        let side = code.width() + 8;
        // Two modules a row, the last row half when the side is odd.
        assert_eq!(rows.len(), side.div_ceil(2));
        assert!(rows.iter().all(|row| row.chars().count() == side));
        // The quiet zone is light: full blocks all round.
        assert!(rows[0].chars().all(|c| c == '█'));
        assert!(rows[1].chars().all(|c| c == '█'));
        let (last, rows_but_last) = rows.split_last().unwrap();
        assert!(rows_but_last.iter().all(|row| row.starts_with("████") && row.ends_with("████")));
        // An odd side: the last row holds the bottom module row alone, in upper halves.
        let bottom = if side % 2 == 1 { '▀' } else { '█' };
        assert!(last.chars().all(|c| c == bottom), "{last}");
        // The top-left finder pattern's dark border starts after the quiet zone.
        let top = rows[2].chars().nth(4).unwrap();
        assert_eq!(top, ' ', "{rows:#?}");
        // The address the code holds, upper case: a browser reads it the same.
        assert_eq!(encoded(url), "HTTP://192.168.1.20:8080/");
        // Brackets are not in the alphanumeric set: an IPv6 address stays as it is.
        assert_eq!(encoded("http://[2001:db8::20]:8080/"), "http://[2001:db8::20]:8080/");
        assert_eq!(encoded("http://example.org/x"), "http://example.org/x");
    }

    #[test]
    fn the_svg_is_inline_and_dark_on_white() {
        let image = svg("http://192.168.1.20:8080/");
        assert!(image.starts_with("<svg role=\"img\""), "{image}");
        assert!(image.contains("fill=\"#fff\"") && image.contains("fill=\"#000\""));
        assert!(!image.contains("<?xml"));
        assert!(terminal_qr(&"x".repeat(8000)).is_empty());
        assert!(svg(&"x".repeat(8000)).is_empty());
    }
}
