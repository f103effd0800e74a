use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::keys::bindings;
use crate::app::{Action, App, Mode};
use crate::live::Projection;
use crate::live::catchup::needed;

/// The keys that matter now: from the key table, plus the capture keys in one group.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    projection: &Projection,
    theme: &Theme,
) {
    if let Some(flash) = &app.flash {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(flash.as_str(), theme.warning()))),
            area,
        );
        return;
    }
    let mut pairs: Vec<(String, &str)> = Vec::new();
    if matches!(app.mode, Mode::Normal) && app.selection().is_some() {
        for (key, label) in [
            ("↑↓", "select"),
            ("e", "edit"),
            ("x", "delete"),
            ("A", "answer"),
            ("M", "move"),
            ("L", "park"),
        ] {
            pairs.push((key.to_string(), label));
        }
        pairs.push(("Esc".to_string(), "done"));
    } else {
        // While correcting an ended event the timer keys do nothing: not offered.
        let timers = [Action::ToggleTimer, Action::Extend, Action::Shorten];
        for binding in bindings(app.mode.kind())
            .filter(|b| !b.footer.is_empty())
            .filter(|b| !(app.correcting && timers.contains(&b.action)))
            // Messages to the room are for the event: not offered after its end.
            .filter(|b| !(app.live.ended_at.is_some() && b.action == Action::OpenMessage))
            // The parking lot, once something is parked.
            .filter(|b| !(b.action == Action::OpenParking && app.live.parking.is_empty()))
            // Questions from phones, while the event is shared or once one came.
            .filter(|b| b.action != Action::OpenInbox || app.phones_in_use())
            // Catching up is offered when the plan no longer fits.
            .filter(|b| b.action != Action::CatchUp || needed(&app.live, projection))
            // The queue's keys once the current session's queue is in use.
            .filter(|b| {
                !matches!(b.action, Action::OpenQueue | Action::NextSpeaker)
                    || (app.live.ended_at.is_none() && app.live.queues.is_used(app.live.current))
            })
        {
            // The go-to line doubles as the move line: its Enter then moves the item.
            let label = match (binding.action, &app.mode) {
                (Action::JumpConfirm, Mode::Jump { moving: Some(_), .. }) => "move",
                (Action::EndEvent, _) if app.correcting => "end corrections",
                _ => binding.footer,
            };
            pairs.push((binding.keys[0].to_string(), label));
            if matches!(app.mode, Mode::Normal) && pairs.len() == 1 {
                pairs.push(("q c a d i m".to_string(), "capture"));
            }
        }
    }
    // On a narrow screen the least needed keys give way; help (?) lists them all. Ending the
    // event goes before the capture keys: at 80 columns a note-taker still sees them. At 120
    // columns the message key stays, and `p` with it.
    let width = |pairs: &[(String, &str)]| -> usize {
        let keys: usize =
            pairs.iter().map(|(k, l)| k.chars().count() + 1 + l.chars().count()).sum();
        keys + 3 * pairs.len().saturating_sub(1)
    };
    for drop in [
        "-1m",
        "go to",
        "prev",
        "+1m",
        "queue",
        "phones",
        "end event",
        "end corrections",
        "message",
        "parking lot",
        "catch up",
        "next speaker",
        "capture",
        "next",
    ] {
        if width(&pairs) <= usize::from(area.width) {
            break;
        }
        pairs.retain(|(_, label)| *label != drop);
    }
    let mut spans = Vec::new();
    for (key, label) in pairs {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label}")));
    }
    if app.bell {
        spans.push(Span::styled("  bell on", theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
