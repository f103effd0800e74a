//! The timetable an agenda plans, rendered as text or Markdown. The plan itself is computed
//! in [`crate::agenda`] (which checks it); it is re-exported here.

pub use crate::agenda::Plan;
use crate::agenda::{Agenda, format_duration};
use crate::markdown::inline;
use crate::sanitize::for_terminal;

/// The timetable as aligned text columns.
pub fn render_text(agenda: &Agenda, plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} — {}, {}{}\n\n",
        for_terminal(&agenda.title),
        agenda.kind.label(),
        agenda.date.format("%a %-d %b %Y"),
        agenda.location.as_deref().map(|l| format!(", {}", for_terminal(l))).unwrap_or_default()
    ));
    let formats: Vec<&str> =
        agenda.sessions.iter().map(|s| s.format.map(|f| f.label()).unwrap_or("")).collect();
    let format_width = formats.iter().map(|f| f.len()).max().unwrap_or(0).max("format".len());
    let number_width = agenda.sessions.len().to_string().len().max(1);
    let time_width = plan.stamp(plan.start).len();
    out.push_str(&format!(
        "{:>nw$}  {:<tw$}  {:<tw$}  {:<fw$}  {:>8}  title\n",
        "#",
        "start",
        "end",
        "format",
        "length",
        nw = number_width,
        tw = time_width,
        fw = format_width
    ));
    for (i, (session, slot)) in agenda.sessions.iter().zip(&plan.slots).enumerate() {
        let mut note = String::new();
        if let Some(late) = slot.late_for_at {
            note = format!(
                "  (fixed at {}, {} late)",
                session.at.map(|a| a.format("%H:%M").to_string()).unwrap_or_default(),
                format_duration(late)
            );
        } else if session.at.is_some() {
            note = "  (fixed start)".to_string();
        }
        out.push_str(&format!(
            "{:>nw$}  {}  {}  {:<fw$}  {:>8}  {}{}\n",
            i + 1,
            plan.stamp(slot.start),
            plan.stamp(slot.end),
            formats[i],
            format_duration(session.duration),
            for_terminal(&session.title),
            note,
            nw = number_width,
            fw = format_width
        ));
    }
    out.push('\n');
    out.push_str(&plan.summary());
    out.push('\n');
    out
}

/// The timetable as a Markdown table.
pub fn render_markdown(agenda: &Agenda, plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "## {} — timetable\n\n| # | start | end | length | format | session |\n|---:|---|---|---:|---|---|\n",
        inline(&agenda.title)
    ));
    for (i, (session, slot)) in agenda.sessions.iter().zip(&plan.slots).enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            plan.stamp(slot.start),
            plan.stamp(slot.end),
            format_duration(session.duration),
            session.format.map(|f| f.label()).unwrap_or(""),
            inline(&session.title)
        ));
    }
    out.push_str(&format!("\n{}\n", inline(&plan.summary())));
    out
}
