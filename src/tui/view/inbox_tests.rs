//! Questions from phones on screen: the inbox, its lines, the merge picker, and the header's
//! count and pinned question.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, draw};
use crate::app::tests::Harness;
use crate::app::{App, Key, Mode, Msg, Sharing};
use crate::event::{Change, DeviceId, Entry, Hlc};
use crate::live::Live;

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
location = "Folkets Hus, Porsgrunn"
[[groups]]
id = "residents"
name = "Local residents"
[[sessions]]
title = "Welcome and ground rules"
duration = "10m"
[[sessions]]
title = "Questions to the operator"
duration = "40m"
"#;

const COLOR: Theme = Theme { color: true };

fn render(h: &Harness, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &COLOR)).unwrap();
    terminal
}

fn text(h: &Harness, width: u16, height: u16) -> String {
    format!("{}", render(h, width, height).backend())
}

/// A phone sends `text`: line `seq` of the inbox journal arrives.
fn ask(h: &mut Harness, seq: u64, text: &str, name: Option<&str>) {
    let change = Change::SubmissionReceived { text: text.into(), name: name.map(str::to_string) };
    let device = DeviceId::inbox_of(DeviceId::FORMAT_1);
    let entry = Entry { device, seq, clock: Hlc::of(h.now.wall), at: h.now.wall, change };
    h.send(Msg::Received(vec![entry]));
}

fn capture(h: &mut Harness, key: char, text: &str) {
    h.key(Key::Char(key));
    h.send(Msg::Paste(text.into()));
    h.key(Key::Enter);
}

/// The lab's second session running, two questions captured, and seven questions from phones
/// over a few minutes: one approved, one merged into a captured question, one rejected, the
/// approved one pinned; four still to moderate, three of them hostile (markup, right-to-left
/// text with emoji, 500 characters without a space).
fn lab() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(crate::agenda::parse_agenda(AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    h.wait(300);
    h.key(Key::Char('n'));
    h.wait(60);
    capture(&mut h, 'q', "Who pays for the new road to the plant? #roads");
    capture(&mut h, 'q', "Will the dust reach the school?");
    h.wait(42);
    ask(
        &mut h,
        1,
        "Is the dust measured at the school, and who reads the measurements?",
        Some("Kari"),
    );
    ask(&mut h, 2, "Who pays for the road?", None);
    h.wait(60);
    ask(&mut h, 3, "Where does the plant manager live?", None);
    ask(
        &mut h,
        4,
        "Will there be jobs for young people from Herøya in the new plant, and will the company train them?",
        Some("Jonas, 17"),
    );
    h.wait(75);
    ask(&mut h, 5, "<script>alert('x')</script> **bold** [link](http://evil.example)", None);
    ask(
        &mut h,
        6,
        "هل الغبار خطير على الأطفال؟ 🌫️👶 Is the dust dangerous for children?",
        Some("Amal 🌿"),
    );
    ask(&mut h, 7, &"ab".repeat(250), None);
    h.key(Key::Char('o'));
    h.key(Key::Char('a'));
    h.key(Key::Char('m'));
    h.send(Msg::Paste("road".into()));
    h.key(Key::Enter);
    h.key(Key::Char('r'));
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Enter);
    // The approved one (question 3) is listed after the four still to moderate.
    for _ in 0..4 {
        h.key(Key::Char('j'));
    }
    h.key(Key::Char('p'));
    h.app.mode = Mode::Inbox { selected: 1 };
    h.app.sharing = Some(Sharing {
        urls: vec!["http://192.168.1.20:8080".into(), "http://convene.local:8080".into()],
        qr: qr(),
    });
    h.wait(3);
    h
}

/// Rows of a QR code as the loop gives them (a made-up one: the view draws them as they are).
fn qr() -> Vec<String> {
    let mut rows = vec!["█▀▀▀▀▀█ ▄▀▄ █▀▀▀▀▀█".to_string()];
    for i in 0..8 {
        rows.push(
            if i % 2 == 0 {
                "█ ███ █ ▀▄█ █ ███ █"
            } else {
                "▀▀▀ ▄▀▄ ▀ ▄▀▄ ▀▀▀▀"
            }
            .into(),
        );
    }
    rows.push("▀▀▀▀▀▀▀ ▀ ▀ ▀▀▀▀▀▀▀".into());
    rows
}

#[test]
fn the_inbox_lists_those_to_moderate_then_those_decided_wrapped_whole() {
    let h = lab();
    insta::assert_snapshot!("inbox_120x40", render(&h, 120, 40).backend());
    insta::assert_snapshot!("inbox_80x24", render(&h, 80, 24).backend());
    // The selection follows down to the end of a long text, which wraps whole.
    let mut h = h;
    h.app.mode = Mode::Inbox { selected: 3 };
    insta::assert_snapshot!("inbox_long_text_80x24", render(&h, 80, 24).backend());
}

#[test]
fn the_header_counts_what_waits_and_names_the_pinned_question() {
    let mut h = lab();
    h.key(Key::Esc);
    let screen = text(&h, 120, 40);
    assert!(screen.contains("sharing http://192.168.1.20:8080"), "{screen}");
    assert!(screen.contains("· phones: 4 to moderate (o)"), "{screen}");
    assert!(screen.contains("room ▸ Q3 pinned"), "{screen}");
    assert!(screen.contains("o phones"), "{screen}");
    insta::assert_snapshot!("inbox_header_80x24", render(&h, 80, 24).backend());
    // With a message to the room, both are named.
    h.key(Key::Char('w'));
    h.send(Msg::Paste("Please wrap up".into()));
    h.key(Key::Enter);
    let screen = text(&h, 120, 40);
    assert!(screen.contains("room ▸ Please wrap up · Q3 pinned"), "{screen}");
}

#[test]
fn without_phones_the_screen_says_nothing_of_them() {
    let mut h = Harness::new();
    h.app = App::new(Live::new(crate::agenda::parse_agenda(AGENDA).agenda.unwrap()));
    let screen = text(&h, 200, 60);
    assert!(!screen.contains("phones"), "{screen}");
    assert!(!screen.contains("sharing"), "{screen}");
    // Shared, nothing received yet: none to moderate, and the inbox says where phones ask.
    h.app.sharing = Some(Sharing { urls: vec!["http://10.0.0.2:8080".into()], qr: Vec::new() });
    let screen = text(&h, 120, 40);
    assert!(screen.contains("· phones: none to moderate"), "{screen}");
    h.key(Key::Char('o'));
    let screen = text(&h, 80, 24);
    assert!(screen.contains("Phones ask at http://10.0.0.2:8080."), "{screen}");
    assert!(
        screen.contains("Nothing waits: a question shows here as soon as it comes"),
        "{screen}"
    );
}

#[test]
fn the_edit_reject_and_merge_lines_say_what_they_will_do() {
    let mut h = lab();
    h.app.mode = Mode::Inbox { selected: 0 };
    h.key(Key::Char('e'));
    h.key(Key::End);
    h.keys(" #dust @ingrid");
    insta::assert_snapshot!("inbox_edit_80x24", render(&h, 80, 24).backend());
    h.key(Key::Esc);
    h.key(Key::Char('r'));
    let screen = text(&h, 120, 40);
    assert!(screen.contains(" reject · reason ▸ "), "{screen}");
    assert!(
        screen
            .contains("Tab: out of scope · duplicate · offensive · personal data │ Enter rejects"),
        "{screen}"
    );
    h.key(Key::Esc);
    h.key(Key::Char('m'));
    h.send(Msg::Paste("school".into()));
    insta::assert_snapshot!("inbox_merge_80x24", render(&h, 80, 24).backend());
}

#[test]
fn the_inbox_draws_at_every_size_without_panic() {
    let mut h = lab();
    for mode in 0..3 {
        match mode {
            1 => {
                h.app.mode = Mode::Inbox { selected: 3 };
                h.key(Key::Char('e'));
            }
            2 => {
                h.key(Key::Esc);
                h.key(Key::Char('m'));
                h.send(Msg::Paste("the".into()));
            }
            _ => {}
        }
        for width in 1..=130 {
            for height in [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 24, 40] {
                render(&h, width, height);
            }
        }
    }
}

#[test]
fn text_wraps_by_the_columns_the_screen_draws() {
    use super::inbox::wrap;
    use unicode_width::UnicodeWidthStr;
    assert_eq!(wrap("Is the dust measured?", 10), ["Is the", "dust", "measured?"]);
    assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    assert_eq!(wrap("", 10), [""]);
    assert_eq!(wrap("a  b", 0), ["a", "b"]);
    // A text-style emoji with a variation selector takes two columns, and stays whole.
    assert_eq!(wrap("dust 🌫\u{fe0f} children", 8), ["dust 🌫\u{fe0f}", "children"]);
    assert_eq!(wrap("dust 🌫\u{fe0f} children", 6), ["dust", "🌫\u{fe0f}", "childr", "en"]);
    assert_eq!(wrap("abc🌫\u{fe0f}", 4), ["abc", "🌫\u{fe0f}"]);
    // Counted a character at a time, as the screen draws them: lam-alef is two columns.
    assert_eq!(wrap("الأطفال؟ a", 9), ["الأطفال؟", "a"]);
    let hostile = format!("{} هل الغبار خطير 🌫\u{fe0f}👶 {}", "ab".repeat(250), "x".repeat(30));
    for width in 1..40 {
        for row in wrap(&hostile, width) {
            assert!(row.width() <= width.max(2), "{row:?} at {width}");
        }
    }
}
