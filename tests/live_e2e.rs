//! The live screen as a facilitator meets it: the real binary in a tmux pane.

mod support;

use std::time::Duration;

use support::{Pane, field_after};

/// The projected end's time of day, "HH:MM" (after midnight the screen puts the day before
/// it: "Sun 00:04").
fn projected_end(screen: &str) -> String {
    let field = field_after(screen, "projected end ").unwrap_or_default();
    let at = field.split_whitespace().find(|w| w.len() >= 5 && w.as_bytes()[2] == b':');
    at.map(|w| w.chars().take(5).collect()).unwrap_or_default()
}

fn minutes_of(hhmm: &str) -> i64 {
    let (h, m) = hhmm.split_once(':').expect("HH:MM");
    h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

#[test]
fn a_facilitator_runs_the_demo_event() {
    let dir = tempfile::tempdir().unwrap();
    let pane = Pane::start(dir.path(), &dir.path().join("data"), &[], 120, 40);

    // Bare `convene` opens the demo agenda.
    pane.wait_all(&["Porsgrunn Citizen Lab 2026", "Welcome and ground rules", "not started"]);

    // Space starts the first session, and the countdown ticks.
    pane.keys(&["Space"]);
    let first = pane.wait_text("running · 09:5");
    let shown = field_after(&first, "running · ").unwrap().to_string();
    pane.wait_for("the countdown to tick", Duration::from_secs(5), |s| {
        field_after(s, "running · ").is_some_and(|now| now != shown)
    });

    // `+` extends it, and the projected end moves one minute later.
    let before = projected_end(&pane.screen());
    pane.keys(&["+"]);
    let after_screen = pane.wait_text("left of 11m");
    let after = projected_end(&after_screen);
    let moved = (minutes_of(&after) - minutes_of(&before)).rem_euclid(24 * 60);
    assert_eq!(moved, 1, "{before} → {after}\n{after_screen}");

    // `n` goes to the next session; the first shows as done with its actual time.
    pane.keys(&["n"]);
    let screen = pane.wait_all(&["Session 2/9", "Rare earths in everyday life", "running ·"]);
    let done_row =
        screen.lines().find(|l| l.contains("Welcome and")).unwrap_or_default().to_string();
    assert!(done_row.starts_with('✓'), "{screen}");
    assert!(done_row.contains("0m 0") || done_row.contains("0m 1"), "actual time: {done_row}");
    assert!(screen.contains("Rare earths in everyday life"), "{screen}");

    // The help overlay lists the keys.
    pane.keys(&["?"]);
    pane.wait_text("start, pause or resume");
    pane.keys(&["Escape"]);
    pane.wait_for("help to close", Duration::from_secs(5), |s| {
        !s.contains("start, pause or resume")
    });

    // A resize to the smallest sizes never garbles or panics.
    pane.resize(20, 6);
    pane.wait_text("terminal too");
    pane.resize(120, 40);
    pane.wait_text("Session 2/9");

    // `E` then `y` ends the event.
    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("The event ended at");
    pane.keys(&["q"]);
    pane.wait_exit();
}

#[test]
fn leaving_while_a_session_runs_asks_first_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let pane = Pane::start(dir.path(), &dir.path().join("data"), &[], 80, 24);
    pane.wait_text("Porsgrunn");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");
    pane.keys(&["C-c"]);
    pane.wait_text("Leave convene?");
    pane.keys(&["n"]);
    pane.wait_for("the question to close", Duration::from_secs(5), |s| {
        !s.contains("Leave convene?")
    });
    assert!(!pane.exited());
    pane.keys(&["C-q"]);
    pane.wait_text("Leave convene?");
    pane.keys(&["y"]);
    pane.wait_exit();
    // Back on the normal screen: the full-screen UI is gone.
    let screen = pane.screen();
    assert!(!screen.contains("Porsgrunn"), "{screen}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let pane = Pane::start(dir.path(), &dir.path().join("data"), &[], 80, 24);
    pane.wait_text("Porsgrunn");
    let pid = pane.pid().expect("pane pid");
    let status =
        std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    pane.wait_exit();
    let screen = pane.screen();
    assert!(!screen.contains("Porsgrunn"), "{screen}");
}

#[test]
fn the_live_screen_refuses_to_start_without_a_terminal() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("run")
        .env("CONVENE_DATA_DIR", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: the live screen needs a terminal"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

fn records_in(data: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(data.join("records"))
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Every heading, link, image or piece of HTML the Markdown holds, as text.
fn structure(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut found = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { .. }) => found.push("heading".to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => found.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => found.push(format!("image {dest_url}")),
            Event::Html(html) | Event::InlineHtml(html) => found.push(format!("html {html}")),
            _ => {}
        }
    }
    found
}

#[test]
fn the_demo_event_ends_with_both_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pane = Pane::start(dir.path(), &data, &[], 120, 40);
    pane.wait_text("Porsgrunn Citizen Lab 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");
    let captures = [
        ("q", "Will the dust reach the school? @Ingrid_Solberg #health", 1),
        ("c", "# Trucks <b>at night</b> [map](http://x.org) ![](y.png) @magnus #traffic", 2),
        ("q", "How many jobs will the plant create? @Åse #jobs", 3),
        ("a", "Publish the dust measurements >Clara due:2026-06-01", 4),
        ("m", "Ingrid Solberg asked not to be quoted", 5),
    ];
    for (key, text, count) in captures {
        pane.keys(&[key]);
        pane.wait_text("▸");
        pane.type_text(text);
        pane.keys(&["Enter"]);
        pane.wait_text(&format!("Captured in this session: {count}"));
    }
    // Answer the jobs question: select it (newest first: note, action, jobs question).
    pane.keys(&["Down", "Down", "Down", "A"]);
    pane.wait_text("answer to 3");
    pane.type_text("About forty permanent jobs");
    pane.keys(&["Enter"]);
    pane.wait_text("✓ answered");

    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_all(&["Minutes written", "minutes.md", "minutes.public.md", "q leaves"]);
    pane.keys(&["q"]);
    pane.wait_exit();

    let record = records_in(&data).pop().expect("a record");
    let internal = std::fs::read_to_string(record.join("minutes.md")).unwrap();
    let public = std::fs::read_to_string(record.join("minutes.public.md")).unwrap();
    assert!(internal.contains("Ingrid Solberg"), "{internal}");
    assert!(internal.contains("asked not to be quoted"), "{internal}");
    assert!(internal.contains("About forty permanent jobs"), "{internal}");
    // No name without consent in public, no notes; the consenting resident is named.
    for name in ["Ingrid Solberg", "Magnus Lie", "Tor Eriksen"] {
        assert!(!public.contains(name), "{name} in public minutes:\n{public}");
    }
    assert!(!public.contains("asked not to be quoted"), "{public}");
    assert!(public.contains("Åse Kristiansen"), "{public}");
    assert!(public.contains("a participant from Local residents"), "{public}");
    // Captured text never became a heading, link, image or HTML: only the minutes' own
    // headings are there.
    for minutes in [&internal, &public] {
        let found = structure(minutes);
        assert!(found.iter().all(|s| s == "heading"), "{found:?}");
        assert!(
            minutes.contains(
                "\\# Trucks \\<b\\>at night\\</b\\> \\[map\\](http\\://x.org) \\!\\[\\](y.png)"
            ),
            "{minutes}"
        );
    }
    // `convene minutes` on the same record gives byte-identical files.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("minutes")
        .arg(&record)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(record.join("minutes.md")).unwrap(), internal);
    assert_eq!(std::fs::read_to_string(record.join("minutes.public.md")).unwrap(), public);
}

#[test]
fn run_reports_agenda_problems_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.toml");
    std::fs::write(
        &typo,
        "title = \"Lab\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\n\n[[sessions]]\ntitle = \"Welcome\"\nduraton = \"10m\"\n",
    )
    .unwrap();
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"title = \"Caf\xe9\"\n").unwrap();
    for (file, expected) in [
        (&typo, ":8:1: error: unknown key `duraton` in session 1; did you mean `duration`?"),
        (&latin1, ":1:13: error: the file is not UTF-8 (byte 0xe9)"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
            .arg("run")
            .arg(file)
            .env("CONVENE_DATA_DIR", dir.path().join("data"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{}{expected}", file.display())), "{stderr}");
        assert!(!stderr.contains("needs a terminal"), "{stderr}");
        assert!(!dir.path().join("data").exists(), "nothing is recorded for a bad agenda");
    }
}

#[test]
fn looking_back_keeps_the_speakers_clock_running() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pane = Pane::start(dir.path(), &data, &[], 120, 40);
    pane.wait_text("not started");
    // The issue's keys: space, n, p, then back.
    pane.keys(&["Space"]);
    pane.wait_text("running ·");
    pane.keys(&["n"]);
    pane.wait_all(&["Session 2/9", "running ·"]);
    pane.keys(&["p"]);
    let screen = pane.wait_all(&["Viewing session 1/9", "▶ Session 2 runs · ", "done · took"]);
    let shown = field_after(&screen, "▶ Session 2 runs · ").unwrap().to_string();
    // The running session's time keeps going down while session 1 is on screen.
    pane.wait_for("the running clock to tick", Duration::from_secs(5), |s| {
        field_after(s, "▶ Session 2 runs · ").is_some_and(|now| now != shown)
    });
    // g goes on looking; r comes back to the running session, still running.
    pane.keys(&["g", "3", "Enter"]);
    pane.wait_all(&["Viewing session 3/9", "▶ Session 2 runs · "]);
    pane.keys(&["r"]);
    // The footer's message is drawn last: once it shows, the frame is whole.
    let screen = pane.wait_all(&["Session 2/9", "running ·", "Back to session 2, which runs"]);
    assert!(!screen.contains("Viewing"), "{screen}");
    let record = records_in(&data).pop().expect("a record");
    let journal = std::fs::read_to_string(support::journal_of(&record)).unwrap();
    assert!(!journal.contains("session_paused"), "looking back paused a session:\n{journal}");
}
