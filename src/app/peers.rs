//! Several note-takers, from the screen's side (shared/design/ROOM.md): lines of other
//! devices arriving, a note-taker's laptop leaving the sessions to the facilitator's, the
//! code that pairs a note-taker, and the line that says which devices are paired and
//! whether everything has arrived.

use super::{App, Effect, Mode};
use crate::app::Action;
use crate::event::Entry;
use crate::live::{Folded, Now};

/// What the screen knows of the other laptops of the event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Peers {
    /// This laptop joined an event as a note-taker (`convene join`): its captures, edits and
    /// answers count as everyone's, but the sessions run on the facilitator's laptop.
    pub joined: bool,
    /// The line under the header: the devices paired, when each was last heard from, the
    /// lines not yet delivered. Set by the event loop; None while no other laptop is involved.
    pub status: Option<String>,
    /// The devices that have not delivered everything yet, as the status line names them:
    /// said at the end of the event.
    pub undelivered: Vec<String>,
    /// The pairing code on screen.
    pub pairing: Option<PairingShown>,
}

/// A note-taker is paired by typing this code on its laptop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingShown {
    /// Where the note-taker's laptop reaches this one (`host:port`), the most useful first.
    pub addresses: Vec<String>,
    /// The one-time code, as typed ("4821-0937").
    pub code: String,
    /// Until when the code is valid ("14:07").
    pub until: String,
    /// How the pairing went, once it went: "Paired note-taker 91c2", or why not.
    pub outcome: Option<String>,
}

/// What a session key says on a note-taker's laptop.
pub const FACILITATOR_RUNS: &str = "Only the facilitator's laptop runs the sessions (timer, next, extend, end, speakers): this laptop takes notes";

/// Folds lines written elsewhere (another laptop's, a phone's through the inbox), all of
/// them at once: a burst is folded again once. When they end the event, this laptop writes
/// its minutes too; when they arrive after the end, the minutes are written again.
pub(super) fn receive(app: &mut App, entries: Vec<Entry>, now: Now) -> Vec<Effect> {
    let ended_before = app.live.has_ended();
    let places: Vec<_> = entries.iter().map(|e| (e.device, e.seq)).collect();
    let results = app.fold.add_all(&mut app.live, entries, now);
    let mut changed = false;
    for ((device, seq), result) in places.into_iter().zip(results) {
        match result {
            Ok(Folded::Duplicate) => {}
            Ok(Folded::Applied | Folded::Refolded) => changed = true,
            Err(reason) => {
                changed = true;
                app.flash = Some(format!(
                    "A line from device {device} (number {seq}) was not applied: {reason} · it stays in its journal"
                ));
            }
        }
    }
    if !changed {
        return Vec::new();
    }
    match (ended_before, app.live.has_ended()) {
        // The facilitator ended the event: this laptop's minutes are written too. A line
        // being typed stays: it is saved into the ended event as a correction would be.
        (false, true) if app.peers.joined => {
            if matches!(app.mode, Mode::Normal) {
                app.mode = Mode::Ended;
            }
            app.viewing = None;
            app.flash = Some("The facilitator ended the event · writing the minutes".into());
            vec![Effect::EventEnded]
        }
        (true, true) => vec![Effect::WriteMinutes],
        _ => Vec::new(),
    }
}

/// Whether `action` is refused on a note-taker's laptop: it would run the sessions.
/// Looking at another session while one runs only moves the view, so it is allowed.
pub(super) fn refused(app: &App, action: Action) -> bool {
    if !app.peers.joined {
        return false;
    }
    use Action::*;
    match action {
        ToggleTimer | Extend | Shorten | CatchUp | EndEvent | NextSpeaker => true,
        // `n` on the running session moves the sessions on; looking around, only the view.
        Next => app.running_elsewhere().is_none() && !app.correcting,
        Previous | JumpConfirm => app.live.running().is_none() && !app.correcting,
        _ => false,
    }
}

/// Drops what would run the sessions from a note-taker's effects (what `refused` does not
/// know of, such as the speaking queue's changes), saying so.
pub(super) fn keep_to_notes(app: &mut App, effects: &mut Vec<Effect>) {
    if !app.peers.joined {
        return;
    }
    let before = effects.len();
    effects.retain(|effect| match effect {
        Effect::Record(change) => !change.runs_sessions(),
        Effect::EventEnded => app.live.has_ended(),
        _ => true,
    });
    if effects.len() != before {
        app.flash = Some(FACILITATOR_RUNS.into());
    }
}

/// `N`: pair a note-taker. The event loop starts the note-takers' port if needed and puts
/// the code on screen; a note-taker's laptop pairs nothing.
pub(super) fn pair(app: &mut App) -> Vec<Effect> {
    if app.peers.joined {
        app.flash = Some(
            "Note-takers are paired on the facilitator's laptop (N there); this laptop is one"
                .into(),
        );
        return Vec::new();
    }
    vec![Effect::PairNoteTaker]
}

/// Shows the pairing code the event loop made.
pub fn show_pairing(app: &mut App, shown: PairingShown) {
    app.peers.pairing = Some(shown);
    if matches!(app.mode, Mode::Normal | Mode::Pairing) {
        app.mode = Mode::Pairing;
    }
}

/// A pairing ended (the event loop heard it): the panel says how, the flash too.
pub fn paired(app: &mut App, outcome: String) {
    if let Some(shown) = &mut app.peers.pairing {
        shown.outcome = Some(outcome.clone());
    }
    app.flash = Some(outcome);
}

/// Closes the pairing panel (the code stays valid until it expires or is tried).
pub(super) fn close(app: &mut App) -> Vec<Effect> {
    if matches!(app.mode, Mode::Pairing) {
        app.mode = Mode::Normal;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::tests::Harness;
    use super::*;
    use crate::app::{Key, Msg};
    use crate::event::{Change, DeviceId, Entry, Hlc};

    const F: DeviceId = DeviceId::new(0xf0);

    fn line(h: &Harness, seq: u64, second: i64, change: Change) -> Entry {
        let at = h.now.wall + Duration::seconds(second);
        Entry { device: F, seq, clock: Hlc::of(at), at, change }
    }

    /// A note-taker's screen, with the facilitator's session 1 running.
    fn note_taker() -> Harness {
        let mut h = Harness::new();
        h.app.peers.joined = true;
        let lines = vec![
            line(&h, 1, 0, Change::FacilitatorChanged { to: F }),
            line(&h, 2, 1, Change::SessionStarted { session: 0, elapsed_ms: 0 }),
        ];
        assert_eq!(h.send(Msg::Received(lines)), []);
        h.now = h.now.plus(std::time::Duration::from_secs(5));
        h
    }

    #[test]
    fn a_note_takers_session_keys_say_who_runs_the_sessions_and_journal_nothing() {
        let mut h = note_taker();
        assert!(h.app.live.is_running());
        for key in ['P', ' ', '+', '-', 'C', 'S', 'E'] {
            let key = if key == 'P' { Key::Char(' ') } else { Key::Char(key) };
            assert_eq!(h.key(key), [], "{key:?}");
            assert_eq!(h.app.flash.as_deref(), Some(FACILITATOR_RUNS), "{key:?}");
            assert!(matches!(h.app.mode, Mode::Normal), "{key:?}: {:?}", h.app.mode);
        }
        assert!(h.app.live.is_running(), "the session runs on");
        // `n` would move the sessions on; while a session runs, p only moves the view, and
        // then n moves it back.
        assert_eq!(h.key(Key::Char('n')), []);
        assert_eq!(h.app.flash.as_deref(), Some(FACILITATOR_RUNS));
        assert_eq!((h.app.live.current, h.app.shown()), (0, 0));
        // Going to another session while one runs moves the view only: allowed, and so are n
        // and p while looking around.
        h.keys("g3");
        assert_eq!(h.key(Key::Enter), []);
        assert_eq!((h.app.live.current, h.app.shown()), (0, 2));
        assert_eq!(h.key(Key::Char('p')), []);
        assert_eq!(h.app.shown(), 1);
        assert_eq!(h.key(Key::Char('n')), []);
        assert_eq!(h.app.shown(), 2);
        assert_eq!(h.key(Key::Char('r')), []);
        assert_eq!(h.app.shown(), 0);
        // Capturing is what a note-taker does.
        h.keys("q");
        h.keys("Dust near the school?");
        let effects = h.key(Key::Enter);
        assert!(
            matches!(effects.as_slice(), [Effect::Record(Change::ItemCaptured { .. })]),
            "{effects:?}"
        );
        // N pairs nobody here.
        assert_eq!(h.key(Key::Char('N')), []);
        assert!(h.app.flash.as_deref().is_some_and(|f| f.contains("facilitator's laptop")));
    }

    #[test]
    fn on_the_facilitators_laptop_the_same_keys_run_the_sessions_and_n_asks_for_a_code() {
        let mut h = Harness::new();
        let effects = h.key(Key::Char(' '));
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Record(c) if c.runs_sessions())),
            "{effects:?}"
        );
        assert_eq!(h.key(Key::Char('N')), [Effect::PairNoteTaker]);
        show_pairing(
            &mut h.app,
            PairingShown {
                addresses: vec!["192.168.1.20:8443".into()],
                code: "4821-0937".into(),
                until: "19:05".into(),
                outcome: None,
            },
        );
        assert!(matches!(h.app.mode, Mode::Pairing));
        paired(&mut h.app, "Paired note-taker `34i6`".into());
        assert_eq!(
            h.app.peers.pairing.as_ref().and_then(|p| p.outcome.as_deref()),
            Some("Paired note-taker `34i6`")
        );
        assert_eq!(h.key(Key::Esc), []);
        assert!(matches!(h.app.mode, Mode::Normal));
    }

    #[test]
    fn the_facilitators_end_ends_a_note_takers_event_and_later_lines_write_the_minutes_again() {
        let mut h = note_taker();
        let ended = line(&h, 3, 10, Change::EventEnded);
        assert_eq!(h.send(Msg::Received(vec![ended.clone()])), [Effect::EventEnded]);
        assert!(matches!(h.app.mode, Mode::Ended));
        // The same line again changes nothing.
        assert_eq!(h.send(Msg::Received(vec![ended])), []);
        // A note-taker's line delivered after the end: the minutes are written again.
        let late = Entry {
            device: DeviceId::new(0xb0),
            seq: 1,
            clock: Hlc::of(h.now.wall),
            at: h.now.wall,
            change: Change::ItemCaptured {
                item: crate::event::ItemId { device: DeviceId::new(0xb0), seq: 1 },
                kind: crate::event::ItemKind::Question,
                session: 0,
                offset_ms: 3000,
                fields: crate::event::Fields { text: "Late?".into(), ..Default::default() },
            },
        };
        assert_eq!(h.send(Msg::Received(vec![late])), [Effect::WriteMinutes]);
    }
}
