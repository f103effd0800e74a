//! What the room sees besides the time: one message at a time from the facilitator, which
//! may blink for a few seconds, and a blacked-out display. Journaled like every change
//! (`message_shown`, `message_blinked`, `message_cleared`, `display_blackout`), from any
//! device, the latest by clock standing; the internal minutes list them in their timeline,
//! with the question pinned under the time (`question_pinned`) and its unpinning.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use crate::event::ItemId;

/// The longest message the room is shown, in characters.
pub const MAX_MESSAGE_CHARS: usize = 200;

/// How long a blink lasts.
pub const BLINK: Duration = Duration::from_secs(3);

/// The room's state as the display shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Room {
    /// The message on the display, and when it was shown.
    pub message: Option<(String, DateTime<FixedOffset>)>,
    /// When the message was last asked to blink: it blinks for [`BLINK`] from then.
    pub blinked_at: Option<DateTime<FixedOffset>>,
    /// The display shows nothing but black.
    pub blackout: bool,
    /// Every change to it, in order: the internal minutes' timeline.
    pub log: Vec<RoomChange>,
}

/// One change to what the room sees, for the minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomChange {
    pub at: DateTime<FixedOffset>,
    pub what: RoomEvent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomEvent {
    Shown(String),
    Blinked(String),
    Cleared(String),
    Blackout(bool),
    /// A question pinned under the time (None: unpinned).
    Pinned(Option<ItemId>),
}

impl Room {
    pub(super) fn show(&mut self, text: &str, at: DateTime<FixedOffset>) {
        self.message = Some((text.to_string(), at));
        self.blinked_at = None;
        self.log.push(RoomChange { at, what: RoomEvent::Shown(text.to_string()) });
    }

    pub(super) fn blink(&mut self, at: DateTime<FixedOffset>) {
        if let Some((text, _)) = &self.message {
            self.log.push(RoomChange { at, what: RoomEvent::Blinked(text.clone()) });
            self.blinked_at = Some(at);
        }
    }

    pub(super) fn clear(&mut self, at: DateTime<FixedOffset>) {
        if let Some((text, _)) = self.message.take() {
            self.log.push(RoomChange { at, what: RoomEvent::Cleared(text) });
        }
        self.blinked_at = None;
    }

    pub(super) fn black_out(&mut self, on: bool, at: DateTime<FixedOffset>) {
        if self.blackout != on {
            self.blackout = on;
            self.log.push(RoomChange { at, what: RoomEvent::Blackout(on) });
        }
    }

    /// Notes a pin in the timeline when it changes what is pinned (`was`): a second device
    /// pinning the same question adds nothing.
    pub(super) fn pin(
        &mut self,
        item: Option<ItemId>,
        was: Option<ItemId>,
        at: DateTime<FixedOffset>,
    ) {
        if item != was {
            self.log.push(RoomChange { at, what: RoomEvent::Pinned(item) });
        }
    }

    /// Whether the message blinks at wall-clock time `now`, and for how much longer.
    pub fn blinking(&self, now: DateTime<FixedOffset>) -> Option<Duration> {
        let since = (now - self.blinked_at?).to_std().ok()?;
        BLINK.checked_sub(since).filter(|left| !left.is_zero())
    }
}

/// Why a message cannot be shown, if it cannot: empty, too long, or not one clean line.
pub fn check_message(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err("it shows an empty message".into())
    } else if text.chars().count() > MAX_MESSAGE_CHARS {
        Err(format!("its message is longer than {MAX_MESSAGE_CHARS} characters"))
    } else if !crate::sanitize::is_clean_line(text) {
        Err(format!(
            "its message {text:?} holds control characters, line breaks or spaces at its ends"
        ))
    } else {
        Ok(())
    }
}
