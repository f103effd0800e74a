//! The live screen's side of `convene run --share`: the public server starts once the
//! record exists (a new record is created after the first frame), what the room sees is
//! published whenever it changes, and stopping never waits on the server's threads.

use std::sync::mpsc::Sender;

use chrono::Timelike;

use super::event_loop::Input;
use crate::app::{App, Sharing as Shown};
use crate::live::Now;
use crate::recorder::JournalRecorder;
use crate::share::{RoomSnapshot, Share, ShareConfig, ShareSettings, terminal_qr};

/// The server, from the loop's side.
#[derive(Default)]
pub struct Sharing {
    /// Asked for (`--share`, or the key) and not started yet.
    wanted: Option<ShareSettings>,
    share: Option<Share>,
    /// When the state was last looked at (the count of entries applied and the wall clock's
    /// minute: the next session's projected start moves with the minutes), and what was
    /// published then.
    published: Option<((u64, u32), RoomSnapshot)>,
}

impl Sharing {
    /// Wanted from the start with `--share` (`settings.at_start`).
    pub fn new(settings: ShareSettings) -> Sharing {
        Sharing { wanted: settings.at_start.then_some(settings), share: None, published: None }
    }

    /// Asks for the server: it starts as soon as the record exists.
    pub fn want(&mut self, settings: ShareSettings) {
        if self.share.is_none() {
            self.wanted = Some(settings);
        }
    }

    /// Stops the server, on a thread of its own: the screen never waits for it.
    pub fn stop(&mut self, app: &mut App) {
        self.wanted = None;
        self.published = None;
        app.sharing = None;
        if let Some(share) = self.share.take() {
            let _ = std::thread::Builder::new()
                .name("convene-share-stop".into())
                .spawn(move || share.stop());
        }
    }

    /// The server stopped by itself: the screen says why and how to start it again.
    pub fn stopped(&mut self, app: &mut App, why: &str) {
        self.stop(app);
        app.flash = Some(format!("Sharing stopped: {why} · H shares again"));
    }

    /// Starts the server when it is wanted and the record exists, and publishes what the
    /// room sees when it changed. True when the screen changed.
    pub fn tick(
        &mut self,
        app: &mut App,
        recorder: &JournalRecorder,
        inputs: &Sender<Input>,
        now: Now,
    ) -> bool {
        let mut dirty = false;
        if self.share.is_none()
            && recorder.exists()
            && let Some(settings) = self.wanted.take()
        {
            dirty = true;
            let config = ShareConfig {
                record: recorder.dir().to_path_buf(),
                hub: recorder.device(),
                title: app.live.agenda.title.clone(),
                names: app.live.agenda.phone_names(),
                bind: settings.bind,
                port: settings.port,
            };
            let sender = inputs.clone();
            match Share::start(config, move |event| {
                let _ = sender.send(Input::Share(event));
            }) {
                Ok(share) => {
                    let urls = share.urls().to_vec();
                    let qr = urls.first().map(|url| terminal_qr(url)).unwrap_or_default();
                    app.flash = Some(match urls.first() {
                        Some(url) => format!("Sharing: phones ask at {url} · o moderates"),
                        None => "Sharing".to_string(),
                    });
                    app.sharing = Some(Shown { urls, qr });
                    self.share = Some(share);
                }
                Err(error) => app.flash = Some(error.to_string()),
            }
        }
        if let Some(share) = &self.share {
            let state = (app.live.applied, now.wall.hour() * 60 + now.wall.minute());
            if self.published.as_ref().is_none_or(|(seen, _)| *seen != state) {
                // Most changes (a capture, a phone's submission) change nothing the room sees.
                let snapshot = RoomSnapshot::of(&app.live, now);
                match &mut self.published {
                    // The last published stays the reference: small differences never add up.
                    Some((seen, last)) if last.shows_as(&snapshot) => *seen = state,
                    _ => {
                        share.publish(snapshot.clone());
                        self.published = Some((state, snapshot));
                    }
                }
            }
        }
        dirty
    }
}
