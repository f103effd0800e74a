use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::{Theme, draw};
use crate::app::tests::Harness;
use crate::app::{Key, Msg};

fn render(h: &Harness, width: u16, height: u16, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &theme)).unwrap();
    terminal
}

const COLOR: Theme = Theme { color: true };

/// The states a facilitator sees, each reached by keys from a fresh demo-like agenda.
fn states() -> Vec<(&'static str, Harness)> {
    let not_started = Harness::new();
    let mut running = Harness::new();
    running.key(Key::Char(' '));
    running.wait(3 * 60 + 20);
    let mut warning = Harness::new();
    warning.key(Key::Char(' '));
    warning.wait(8 * 60 + 30);
    let mut paused = Harness::new();
    paused.key(Key::Char(' '));
    paused.wait(4 * 60);
    paused.key(Key::Char(' '));
    let mut overtime = Harness::new();
    overtime.key(Key::Char(' '));
    overtime.wait(12 * 60 + 5);
    let mut done = Harness::new();
    done.key(Key::Char(' '));
    done.wait(9 * 60 + 12);
    done.key(Key::Char('n'));
    done.wait(65);
    // Back on a session that was held: its timer shows as done.
    let mut back_on_done = Harness::new();
    back_on_done.key(Key::Char(' '));
    back_on_done.wait(9 * 60 + 12);
    back_on_done.key(Key::Char('n'));
    back_on_done.wait(30);
    back_on_done.key(Key::Char('p'));
    vec![
        ("not_started", not_started),
        ("done", back_on_done),
        ("running", running),
        ("warning", warning),
        ("paused", paused),
        ("overtime", overtime),
        ("next_after_done", done),
    ]
}

#[test]
fn main_screen_in_every_timer_state() {
    for (name, h) in states() {
        for (width, height) in [(200, 60), (120, 40), (80, 24), (44, 12)] {
            let terminal = render(&h, width, height, COLOR);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
}

#[test]
fn help_overlay() {
    let mut h = Harness::new();
    h.key(Key::Char('?'));
    insta::assert_snapshot!("help_120x40", render(&h, 120, 40, COLOR).backend());
}

#[test]
fn confirm_and_ended() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(60);
    h.key(Key::Char('E'));
    insta::assert_snapshot!("confirm_end_80x24", render(&h, 80, 24, COLOR).backend());
    h.key(Key::Char('y'));
    insta::assert_snapshot!("ended_80x24", render(&h, 80, 24, COLOR).backend());
}

#[test]
fn countdown_colours_follow_the_state() {
    let states = states();
    let colour_of = |name: &str| {
        let (_, h) = states.iter().find(|(n, _)| *n == name).unwrap();
        let terminal = render(h, 120, 40, COLOR);
        let buffer = terminal.backend().buffer().clone();
        buffer.content().iter().find(|cell| cell.symbol() == "█").map(|cell| cell.fg)
    };
    assert_eq!(colour_of("running"), Some(Color::Green));
    assert_eq!(colour_of("warning"), Some(Color::Yellow));
    assert_eq!(colour_of("overtime"), Some(Color::Red));
    assert_eq!(colour_of("paused"), Some(Color::Blue));
}

#[test]
fn no_color_uses_no_colours() {
    for (_, h) in states() {
        let terminal = render(&h, 120, 40, Theme { color: false });
        for cell in terminal.backend().buffer().content() {
            assert_eq!(cell.fg, Color::Reset);
            assert_eq!(cell.bg, Color::Reset);
        }
    }
}

#[test]
fn every_size_down_to_one_cell_draws_without_panic() {
    let (_, mut h) = states().into_iter().nth(4).unwrap();
    h.key(Key::Char('?'));
    for width in 1..=130 {
        for height in [1, 2, 5, 6, 11, 12, 13, 24, 40] {
            render(&h, width, height, COLOR);
        }
    }
    let terminal = render(&h, 20, 6, COLOR);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("terminal too"), "{text}");
}

#[test]
fn a_long_agenda_scrolls_to_keep_the_current_session_visible() {
    let mut h = Harness::new();
    let mut sessions = h.app.live.agenda.sessions.clone();
    for i in 0..60 {
        let mut s = sessions[0].clone();
        s.title = format!("Breakout round {}", i + 1);
        sessions.push(s);
    }
    let mut agenda = h.app.live.agenda.clone();
    agenda.sessions = sessions;
    h.app = crate::app::App::new(crate::live::Live::new(agenda));
    h.key(Key::Char('g'));
    h.send(Msg::Paste("50".into()));
    h.key(Key::Enter);
    h.now = h.now.plus(Duration::from_secs(1));
    let text = format!("{}", render(&h, 80, 24, COLOR).backend());
    assert!(text.contains("Breakout round 47"), "{text}");
    assert!(!text.contains("Breakout round 1 "), "{text}");
}

fn no_control_characters(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(crate::sanitize::is_forbidden),
            "a control character reached the screen: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn hostile_text_never_reaches_the_screen_raw() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.key(Key::Char('q'));
    h.send(Msg::Paste(
        "evil \u{1b}[2J\u{1b}]0;pwned\u{7} nul\0 bs\u{8} del\u{7f} bidi\u{202e}txt\u{9b}31m end"
            .into(),
    ));
    let typing = render(&h, 120, 40, COLOR);
    no_control_characters(&typing);
    h.key(Key::Enter);
    let text = &h.app.live.items[0].fields.text;
    assert_eq!(text, "evil nul bs del biditxt end");
    for (w, ht) in [(120, 40), (80, 24), (44, 12)] {
        no_control_characters(&render(&h, w, ht, COLOR));
    }
}

#[test]
fn a_ten_thousand_character_item_keeps_the_layout() {
    let mut h = Harness::new();
    h.key(Key::Char('c'));
    let long: String = "Trucks all night long 漢字 ".chars().cycle().take(10_000).collect();
    h.send(Msg::Paste(long.clone()));
    let typing = render(&h, 80, 24, COLOR);
    let screen = format!("{}", typing.backend());
    assert!(screen.contains("concern ▸"), "{screen}");
    assert!(
        h.app
            .flash
            .as_deref()
            .is_some_and(|f| f.contains("at most 4000 characters: 5999 characters cut off")),
        "{:?}",
        h.app.flash
    );
    // The message stands once under the capture line, not again in the preview.
    let wide = format!("{}", render(&h, 200, 40, COLOR).backend());
    assert_eq!(wide.matches("An item holds at most").count(), 1, "{wide}");
    h.key(Key::Enter);
    let kept: String = long.chars().take(4000).collect();
    assert!(
        h.app.live.items[0].fields.text == kept.trim_end(),
        "the first 4000 characters are kept"
    );
    let after = format!("{}", render(&h, 80, 24, COLOR).backend());
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines.len(), 24);
    assert!(lines[0].contains("Test lab"), "{after}");
    assert!(after.contains("Captured in this session: 1"), "{after}");
    assert!(after.contains('…'), "the long text is cut with an ellipsis: {after}");
}

#[test]
fn capture_line_and_items_panel() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    for (key, text) in [
        ('q', "Will the dust reach the school? #health"),
        ('c', "Trucks at night #traffic"),
        ('a', "Publish the measurements due:2026-06-01"),
    ] {
        h.key(Key::Char(key));
        h.send(Msg::Paste(text.into()));
        h.key(Key::Enter);
        h.wait(20);
    }
    h.key(Key::Down);
    insta::assert_snapshot!("items_selected_80x24", render(&h, 80, 24, COLOR).backend());
    h.key(Key::Esc);
    h.key(Key::Char('q'));
    h.send(Msg::Paste("Who pays for the monitoring? @the_mayor #money".into()));
    insta::assert_snapshot!("capture_line_80x24", render(&h, 80, 24, COLOR).backend());
}

#[test]
fn a_cached_frame_is_the_same_as_a_fresh_one() {
    let mut h = Harness::new();
    let mut cache = super::Cache::default();
    let mut cached = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut check = |h: &Harness, cache: &mut super::Cache, step: &str| {
        cached.draw(|frame| super::draw_cached(frame, &h.app, h.now, &COLOR, cache)).unwrap();
        let fresh = render(h, 100, 30, COLOR);
        assert_eq!(cached.backend().buffer(), fresh.backend().buffer(), "after {step}");
    };
    check(&h, &mut cache, "start");
    h.key(Key::Char(' '));
    for (i, text) in ["first", "second", "third"].iter().enumerate() {
        h.key(Key::Char('q'));
        h.send(Msg::Paste((*text).into()));
        check(&h, &mut cache, "typing");
        h.key(Key::Enter);
        h.wait(1 + i as u64);
        check(&h, &mut cache, text);
    }
    h.wait(1);
    check(&h, &mut cache, "a tick");
    for key in [Key::Down, Key::Down, Key::Char('x'), Key::Char('u'), Key::Esc, Key::Char('n')] {
        h.key(key);
        check(&h, &mut cache, &format!("{key:?}"));
    }
    h.key(Key::Char('p'));
    check(&h, &mut cache, "back to the first session");
}

#[test]
fn not_saved_is_shown_in_the_header_where_nobody_can_miss_it() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.app.trouble =
        Some("NOT SAVED: cannot write /data/journal.jsonl: No space left on device".into());
    let terminal = render(&h, 80, 24, COLOR);
    let buffer = terminal.backend().buffer().clone();
    let second_row: String = (0..80).map(|x| buffer[(x, 1)].symbol().to_string()).collect();
    assert!(second_row.starts_with(" NOT SAVED: cannot write"), "{second_row}");
    assert_eq!(buffer[(2, 1)].fg, Color::Red);
    let plain = render(&h, 80, 24, Theme { color: false });
    let cell = &plain.backend().buffer()[(2, 1)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED), "{cell:?}");
}

/// The demo agenda (long titles, long group names), the first session running.
fn demo() -> Harness {
    let mut h = Harness::new();
    let agenda = crate::agenda::parse_agenda(crate::agenda::DEMO_AGENDA).agenda.unwrap();
    h.app = crate::app::App::new(crate::live::Live::new(agenda));
    h.key(Key::Char(' '));
    h
}

fn capture(h: &mut Harness, key: char, line: &str) {
    h.key(Key::Char(key));
    h.send(Msg::Paste(line.into()));
    h.key(Key::Enter);
    h.wait(20);
}

/// The screen's rows, right of the agenda column's border, trimmed.
fn session_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let row: String =
                (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
            match row.split_once('│') {
                Some((_, right)) => right.trim().to_string(),
                None => row.trim().to_string(),
            }
        })
        .collect()
}

/// The words of screen text, without the lines of frames.
fn words(text: &str) -> String {
    text.split_whitespace().filter(|w| !w.chars().all(|c| c == '─')).collect::<Vec<_>>().join(" ")
}

const DUST: &str = "Will the dust from the pilot plant reach the school playground when the wind \
                    comes from the north, and who measures it on the days the children are outside?";

#[test]
fn a_question_row_shows_its_status_before_a_long_group_name() {
    let mut h = demo();
    capture(&mut h, 'q', &format!("{DUST} @workers #health #schools"));
    for (width, height) in [(80, 24), (120, 40)] {
        let rows = session_rows(&render(&h, width, height, COLOR));
        let row = rows.iter().find(|r| r.starts_with("18:00 Q")).unwrap();
        assert!(row.starts_with("18:00 Q open Will the dust from the pilot plant"), "{row}");
    }
    h.key(Key::Down);
    h.key(Key::Char('A'));
    h.send(Msg::Paste("Yes, the plant measures dust weekly".into()));
    h.key(Key::Enter);
    h.key(Key::Esc);
    let rows = session_rows(&render(&h, 80, 24, COLOR));
    let row = rows.iter().find(|r| r.starts_with("18:00 Q")).unwrap();
    assert!(row.starts_with("18:00 Q ✓ answered Will the dust"), "{row}");
}

#[test]
fn the_selected_item_is_shown_in_full_with_who_themes_owner_due_and_answer() {
    let mut h = demo();
    capture(
        &mut h,
        'a',
        "Publish the dust measurements every week on the website >Clara due:2026-06-01 #environment",
    );
    capture(&mut h, 'q', &format!("{DUST} @workers #health #schools"));
    h.key(Key::Down);
    h.key(Key::Char('A'));
    h.send(Msg::Paste(
        "Yes: the plant measures dust weekly at the school fence and publishes it".into(),
    ));
    h.key(Key::Enter);
    let rows = session_rows(&render(&h, 80, 24, COLOR));
    let start = rows.iter().position(|r| r.starts_with("Question 18:00")).unwrap();
    let detail = rows[start..rows.len() - 1].join(" ");
    assert_eq!(
        words(&detail),
        format!(
            "Question 18:00 · answered {DUST} \
             by Plant workers and site staff · #health #schools \
             Answer: Yes: the plant measures dust weekly at the school fence and publishes it"
        )
    );
    h.key(Key::Down);
    let rows = session_rows(&render(&h, 80, 24, COLOR));
    let start = rows.iter().position(|r| r.starts_with("Action 18:00")).unwrap();
    let detail = rows[start..rows.len() - 1].join(" ");
    assert_eq!(
        words(&detail),
        "Action 18:00 \
         Publish the dust measurements every week on the website \
         owner Clara · due Mon 1 Jun 2026 · #environment"
    );
}

/// Rows of the large digits: rows holding full blocks but no gauge.
fn digit_rows(terminal: &Terminal<TestBackend>) -> usize {
    let text = format!("{}", terminal.backend());
    text.lines().filter(|l| l.contains('█') && !l.contains('░')).count()
}

#[test]
fn the_countdown_grows_with_the_screen() {
    let mut h = demo();
    h.wait(200);
    assert_eq!(digit_rows(&render(&h, 200, 60, COLOR)), 25);
    assert_eq!(digit_rows(&render(&h, 120, 40, COLOR)), 15);
    assert_eq!(digit_rows(&render(&h, 80, 24, COLOR)), 5);
    assert_eq!(digit_rows(&render(&h, 44, 12, COLOR)), 0);
}

#[test]
fn a_wide_screen_gives_the_agenda_column_room_for_long_titles() {
    let h = demo();
    let text = format!("{}", render(&h, 200, 60, COLOR).backend());
    assert!(text.contains("From apatite to magnets: the pilot plant at Herøya"), "{text}");
    assert!(
        text.contains("Staying in touch: school visits, local media and an open day"),
        "{text}"
    );
}

#[test]
fn the_timer_line_fits_the_smallest_screen() {
    for (name, h) in states() {
        let rows = session_rows(&render(&h, 44, 12, COLOR));
        let expected = match name {
            "not_started" => "not started",
            "done" => "done",
            "running" | "warning" => "running",
            "paused" => "paused at 4m",
            "overtime" => "OVERTIME +02:05",
            "next_after_done" => "running",
            _ => unreachable!(),
        };
        assert!(rows.iter().any(|r| r == expected), "{name}: {rows:#?}");
    }
}

#[test]
fn the_footer_at_80x24_keeps_the_keys_most_needed() {
    let h = Harness::new();
    let text = format!("{}", render(&h, 80, 24, COLOR).backend());
    let footer = text.lines().last().unwrap();
    assert_eq!(
        footer.trim_matches('"').trim_end(),
        "space start/pause · q c a d i m capture · n next · ? help · Ctrl-q quit"
    );
}

#[test]
fn the_help_can_be_read_to_its_end_at_80x24() {
    let mut h = Harness::new();
    h.key(Key::Char('?'));
    let first = format!("{}", render(&h, 80, 24, COLOR).backend());
    assert!(first.contains("↑/↓ scroll · ? or Esc closes"), "{first}");
    for _ in 0..400 {
        h.key(Key::Down);
    }
    let last = format!("{}", render(&h, 80, 24, COLOR).backend());
    assert!(last.contains("example  Will the dust reach the school? @ingrid #health"), "{last}");
    assert!(last.contains("↑/↓ scroll · ? or Esc closes"), "{last}");
}

#[test]
fn a_selected_item_draws_at_every_size_without_panic() {
    let mut h = demo();
    capture(&mut h, 'q', &format!("{DUST} @workers #health #schools"));
    h.key(Key::Down);
    for width in (1..=50).chain([79, 80, 120, 159, 200, 240]) {
        for height in [1, 2, 3, 6, 11, 12, 13, 24, 40, 60] {
            render(&h, width, height, COLOR);
        }
    }
}

#[test]
fn after_midnight_the_header_and_the_agenda_say_which_day() {
    let mut h = Harness::new();
    let mut agenda = h.app.live.agenda.clone();
    let mut session = agenda.sessions[0].clone();
    agenda.sessions =
        [("Welcome", 270), ("Evening walk", 60), ("Night", 540), ("Breakfast talk", 60)]
            .into_iter()
            .map(|(title, minutes)| {
                session.title = title.to_string();
                session.duration = Duration::from_secs(minutes * 60);
                session.clone()
            })
            .collect();
    h.app = crate::app::App::new(crate::live::Live::new(agenda));
    h.key(Key::Char(' '));
    h.wait(5 * 60); // five minutes in: everything still runs to plan
    let text = format!("{}", render(&h, 80, 24, COLOR).backend());
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("\"on time — projected end Wed 09:30 "), "{text}");
    let panel: Vec<&str> =
        lines[2..6].iter().filter_map(|l| l.split('│').next()).map(|l| &l[1..]).collect();
    assert_eq!(
        panel,
        [
            "▶  1     18:00 Welcome   ",
            "   2     22:30 Evening w…",
            "   3     23:30 Night     ",
            "   4 Wed 08:30 Breakfast…",
        ],
        "{text}"
    );
}

#[test]
fn the_move_dialog_says_it_moves_the_item() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    h.send(Msg::Paste("Who measures the dust?".into()));
    h.key(Key::Enter);
    h.key(Key::Down);
    h.key(Key::Char('M'));
    h.key(Key::Char('2'));
    let text = format!("{}", render(&h, 80, 24, COLOR).backend());
    assert!(text.contains("┌ Move ─"), "{text}");
    assert!(text.contains("Move question 1 to session: 2▏"), "{text}");
    assert!(text.contains("1–3 · Enter moves · Esc cancels"), "{text}");
    assert!(text.contains("Enter move · Esc cancel"), "the footer says the same: {text}");
    assert!(!text.contains("Go to"), "{text}");
    h.key(Key::Esc);
    h.key(Key::Char('g'));
    let text = format!("{}", render(&h, 80, 24, COLOR).backend());
    assert!(text.contains("┌ Go to ─") && text.contains("Go to session: ▏"), "{text}");
}

#[test]
fn an_unmatched_name_stays_marked_and_is_listed_when_the_event_ends() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.key(Key::Char('q'));
    h.send(Msg::Paste("Who pays for the road? @the_mayor".into()));
    h.key(Key::Enter);
    let text = format!("{}", render(&h, 120, 40, COLOR).backend());
    assert!(text.contains("Q open Who pays for the road? — the mayor (unmatched)"), "{text}");
    h.key(Key::Char('a'));
    h.send(Msg::Paste("Write to the council >Bob".into()));
    h.key(Key::Enter);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    let text = format!("{}", render(&h, 120, 40, COLOR).backend());
    assert!(text.contains("Not in the agenda (2):"), "{text}");
    assert!(
        text.contains(
            "  question 1 in session 1, raised by: \"the mayor\" — matches nobody in the agenda; not published"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  action 2 in session 1, owner: \"Bob\" — matches nobody in the agenda; not published"
        ),
        "{text}"
    );
}

/// After `E`, the review before publishing: every list under its heading, the names that
/// need a look kept on a small screen before the replacements, the command that prints it
/// all, and the verdict.
#[test]
fn the_ended_overlay_shows_the_review() {
    let agenda = crate::agenda::parse_agenda(
        r#"
title = "Herøya lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
attribution = "group"
[team]
facilitator = "Clara"
[[groups]]
id = "residents"
name = "Local residents"
[[participants]]
name = "Ingrid Solberg"
group = "residents"
[[sessions]]
title = "Questions"
duration = "30m"
"#,
    )
    .agenda
    .unwrap();
    let mut h = Harness::new();
    h.app = crate::app::App::new(crate::live::Live::new(agenda));
    h.key(Key::Char(' '));
    for (key, line) in [
        ('q', "Will Ingrid Solberg's street get the trucks? @the_mayor"),
        ('c', "Dr. Lindqvist measured the dust @Ingrid"),
        ('a', "Ask Lena Holm for the counts >Clara"),
        ('i', "A budget for the school !internal"),
    ] {
        h.key(Key::Char(key));
        h.send(Msg::Paste(line.into()));
        h.key(Key::Enter);
    }
    h.wait(60);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    h.app.minutes = vec![
        "/data/records/2026-05-12-heroya-lab/minutes.md".into(),
        "/data/records/2026-05-12-heroya-lab/minutes.public.md".into(),
    ];
    let screen = format!("{}", render(&h, 120, 40, COLOR).backend());
    for line in [
        "Before publishing (convene review /data/records/2026-05-12-heroya-lab prints it all):",
        "Replaced in the public minutes (4):",
        "  question 1 in session 1, text: \"Ingrid Solberg\" → \"a participant from Local residents\"",
        "Not in the agenda (3):",
        "  concern 2 in session 1, text: \"Dr. Lindqvist\" — a title and a name not in the agenda; \"someone\" in public",
        "  action 3 in session 1, text: \"Lena Holm\" — capitalised words not in the agenda; published as typed",
        "Kept internal (1):",
        "  idea 4 in session 1: \"A budget for the school\"",
        "needs a look: 3 names not in the agenda, 4 names replaced as the policy says, 1 item kept internal",
    ] {
        assert!(screen.contains(line), "{line}\n{screen}");
    }
    insta::assert_snapshot!("ended_review_120x40", render(&h, 120, 40, COLOR).backend());

    // A small screen keeps the names to look at and says how many more there are.
    let small = format!("{}", render(&h, 80, 24, COLOR).backend());
    for line in [
        "Replaced in the public minutes (4):",
        "  … and 4 more",
        "Not in the agenda (3):",
        "  question 1 in session 1, raised by: \"the mayor\" — matches nobody in the a… ",
        "  concern 2 in session 1, text: \"Dr. Lindqvist\" — a title and a name not in… ",
        "  action 3 in session 1, text: \"Lena Holm\" — capitalised words not in the a… ",
        "Kept internal (1):",
        "  idea 4 in session 1: \"A budget for the school\"",
        "needs a look: 3 names not in the agenda, 4 names replaced as the policy",
    ] {
        assert!(small.contains(line), "{line}\n{small}");
    }
}

#[test]
fn lists_are_cut_to_the_room_names_to_look_at_first() {
    use super::overlay::shares;
    // Everything fits.
    assert_eq!(shares(&[4, 3, 1], 20), [(4, false), (3, false), (1, false)]);
    // Three headings, then the names to look at, the kept items, the replacements; a list
    // cut short keeps a row for "… and N more".
    assert_eq!(shares(&[4, 3, 1], 8), [(0, true), (3, false), (1, false)]);
    assert_eq!(shares(&[4, 3, 1], 10), [(2, true), (3, false), (1, false)]);
    // A list with no row left says its count in its heading only.
    assert_eq!(shares(&[4, 30, 1], 10), [(0, false), (6, true), (0, false)]);
    assert_eq!(shares(&[4, 3, 1], 0), [(0, false); 3]);
}

/// The review is made once for the Ended overlay and again only when the journal grows.
#[test]
fn the_ended_overlay_reviews_again_when_the_record_changes() {
    use crate::event::{Change, Entry, Fields, ItemId, ItemKind};
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(60);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    let mut cache = super::Cache::default();
    let mut screen = |h: &Harness| {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|f| super::draw_cached(f, &h.app, h.now, &COLOR, &mut cache)).unwrap();
        format!("{}", terminal.backend())
    };
    assert!(screen(&h).contains("Kept internal: none"));
    assert!(screen(&h).contains("Kept internal: none"));
    // Another laptop's item, merged in.
    let fields = Fields { text: "Budget".into(), internal: true, ..Fields::default() };
    let item = ItemId::format_1(h.app.live.next_number());
    let change =
        Change::ItemCaptured { item, kind: ItemKind::Idea, session: 0, offset_ms: 0, fields };
    h.app.live.apply(&Entry::format_1(h.app.live.applied + 1, h.now.wall, change), h.now).unwrap();
    let after = screen(&h);
    assert!(after.contains("Kept internal (1):"), "{after}");
}

#[test]
fn a_session_lead_is_shown_by_the_owner_rule_found_in_the_agenda_or_marked_unmatched() {
    let mut h = demo();
    let participant = h.app.live.agenda.participants[0].name.clone();
    let first = participant.split(' ').next().unwrap_or_default().to_string();
    let heading = |h: &Harness| {
        let text = format!("{}", render(h, 120, 40, COLOR).backend());
        text.lines().find(|l| l.contains("Session 1/")).unwrap_or_default().to_string()
    };
    // The start of a participant's name finds them, as `>` does for an owner.
    h.app.live.agenda.sessions[0].lead = Some(first);
    assert!(heading(&h).contains(&format!("· lead {participant} ")), "{}", heading(&h));
    // A role matches nobody: it is marked, never taken for a participant.
    h.app.live.agenda.sessions[0].lead = Some("Plant manager".into());
    assert!(heading(&h).contains("· lead Plant manager (unmatched) "), "{}", heading(&h));
    // The facilitator runs the event and is found.
    let facilitator = h.app.live.agenda.team.facilitator.clone().unwrap_or_default();
    h.app.live.agenda.sessions[0].lead = Some(facilitator.clone());
    assert!(heading(&h).contains(&format!("· lead {facilitator} ")), "{}", heading(&h));
}

#[test]
fn the_participants_list_shows_each_consent_and_the_selected_one() {
    let mut h = demo();
    h.key(Key::Char('P'));
    h.key(Key::Down);
    // Åse Kristiansen consented in the agenda; she withdraws it.
    h.key(Key::Char(' '));
    insta::assert_snapshot!("participants_120x40", render(&h, 120, 40, COLOR).backend());
    insta::assert_snapshot!("participants_80x24", render(&h, 80, 24, COLOR).backend());
}

#[test]
fn the_participants_list_draws_at_every_size_without_panic() {
    let mut long = demo();
    let mut agenda = long.app.live.agenda.clone();
    for i in 0..40u32 {
        agenda.participants.push(crate::agenda::Participant {
            name: format!("Participant {i} with a very long name, from the harbour side"),
            group: Some("residents".into()),
            consent: i.is_multiple_of(2),
        });
    }
    long.app = crate::app::App::new(crate::live::Live::new(agenda));
    // An agenda without participants says so.
    let mut empty = Harness::new();
    for h in [&mut long, &mut empty] {
        h.key(Key::Char('P'));
        for _ in 0..30 {
            h.key(Key::Down);
        }
        for width in 1..=130 {
            for height in [1, 2, 5, 6, 11, 12, 13, 24, 40] {
                render(h, width, height, COLOR);
            }
        }
    }
    // The selected row stays in sight when the list scrolls.
    let text = format!("{}", render(&long, 80, 24, COLOR).backend());
    assert!(text.contains("▶ ✓  Participant 24 with a very long nam…"), "{text}");
    let text = format!("{}", render(&empty, 80, 24, COLOR).backend());
    assert!(text.contains("The agenda lists no participants"), "{text}");
}

#[test]
fn the_participants_hint_stays_in_its_frame_on_the_smallest_screen() {
    let mut h = demo();
    h.key(Key::Char('P'));
    let text = format!("{}", render(&h, 44, 12, COLOR).backend());
    assert!(text.contains("└─────────────── space yes/no · Esc closes ┘"), "{text}");
}

#[test]
fn an_ended_event_resumed_for_corrections_says_so_and_offers_no_timer_keys() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(600);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    h.wait(3600);
    h.app = crate::app::App::new(h.app.live.clone());
    let text = format!("{}", render(&h, 120, 40, COLOR).backend());
    assert!(
        text.contains("Ended 18:10 — reopened for corrections · timers stay as held"),
        "{text}"
    );
    let footer = text.lines().find(|l| l.contains("capture")).unwrap_or_default().to_string();
    assert!(footer.contains("n next · q c a d i m capture · p prev · g go to"), "{footer}");
    assert!(footer.contains("E end corrections"), "{footer}");
    assert!(!footer.contains("start/pause") && !footer.contains("+1m"), "{footer}");
    // Ended again: the ended screen says when it was corrected.
    h.key(Key::Char('q'));
    h.keys("A late question");
    h.key(Key::Enter);
    h.key(Key::Char('E'));
    let text = format!("{}", render(&h, 120, 40, COLOR).backend());
    assert!(text.contains("End the corrections now? The minutes are written again;"), "{text}");
    h.key(Key::Char('y'));
    let text = format!("{}", render(&h, 120, 40, COLOR).backend());
    assert!(
        text.contains("The event ended at 18:10. Corrected after it on Tue 12 May 19:10."),
        "{text}"
    );
}

/// A lab with groups and organisations; its first session running, counts entered on the
/// attendance overlay, which stays open with a count being typed.
fn attendance() -> Harness {
    let mut h = Harness::new();
    let agenda = crate::agenda::parse_agenda(
        r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
location = "Folkets Hus, Porsgrunn"
organisations = ["Porsgrunn municipality", "Yara Porsgrunn", "Herøya Industrial Park"]
[[groups]]
id = "residents"
name = "Local residents"
[[groups]]
id = "workers"
name = "Plant workers and site staff"
[[groups]]
id = "schools"
name = "Local schools"
[[sessions]]
title = "Welcome and ground rules"
duration = "10m"
[[sessions]]
title = "Questions to the operator"
duration = "40m"
"#,
    )
    .agenda
    .unwrap();
    h.app = crate::app::App::new(crate::live::Live::new(agenda));
    h.key(Key::Char(' '));
    h.wait(125);
    h.key(Key::Char('T'));
    for key in "17\nj+++j\nj0\njj ".chars() {
        h.key(if key == '\n' { Key::Enter } else { Key::Char(key) });
    }
    h.key(Key::Char('o'));
    h.send(Msg::Paste("Bellona".into()));
    h.key(Key::Enter);
    for _ in 0..6 {
        h.key(Key::Up);
    }
    h.keys("4");
    h
}

#[test]
fn attendance_overlay() {
    let mut h = attendance();
    insta::assert_snapshot!("attendance_120x40", render(&h, 120, 40, COLOR).backend());
    insta::assert_snapshot!("attendance_80x24", render(&h, 80, 24, COLOR).backend());
    h.key(Key::Char('o'));
    h.send(Msg::Paste("Norsk Hy".into()));
    insta::assert_snapshot!("attendance_organisation_80x24", render(&h, 80, 24, COLOR).backend());
}

#[test]
fn the_attendance_overlay_draws_at_every_size_without_panic() {
    let mut h = attendance();
    for typing in [false, true] {
        if typing {
            h.key(Key::Char('o'));
            h.send(Msg::Paste("Norsk Hydro «Porsgrunn» 漢字".into()));
        }
        for width in 1..=130 {
            for height in [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 24, 40] {
                render(&h, width, height, COLOR);
            }
        }
    }
}

#[test]
fn the_header_says_how_many_are_present_once_a_count_is_entered() {
    let header = |h: &Harness| {
        let terminal = render(h, 120, 40, COLOR);
        let buffer = terminal.backend().buffer();
        (0..120).map(|x| buffer[(x, 1)].symbol().to_string()).collect::<String>()
    };
    let mut h = Harness::new();
    h.key(Key::Char('T'));
    assert!(!header(&h).contains("present"), "{}", header(&h));
    h.key(Key::Char('0'));
    assert!(!header(&h).contains("present"), "not saved yet: {}", header(&h));
    h.key(Key::Enter);
    assert_eq!(header(&h).trim_end(), "on time — projected end 18:45  · 0 present");
    h.keys("12");
    h.key(Key::Esc);
    assert_eq!(header(&h).trim_end(), "on time — projected end 18:45  · 12 present");
}
