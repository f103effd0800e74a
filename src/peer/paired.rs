//! The devices this installation is paired with, kept in `<data dir>/peer/paired.json`
//! (0600, replaced atomically): on a hub, the note-takers it lets in; on a note-taker, the
//! hubs it trusts and where it found them.
//!
//! Why the data folder and not the record: a record is made to be copied (a USB stick, a
//! shared folder, git, `convene merge`) and its copies are meant to be identical, while
//! trusting a certificate, and the secret derived when pairing, belong to one installation
//! and must not travel with the minutes. Pairing is still done for an event (ROOM.md's "pair a
//! note-taker"): a caller that wants pairings to end with the event removes them then
//! ([`PairedDevices::forget`]).

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::identity::Fingerprint;
use super::pairing::{Paired, PairingSecret};
use super::{PEER_DIR, files};
use crate::event::DeviceId;

/// The file of the pairings, in the peer folder.
pub const PAIRED_FILE: &str = "paired.json";

/// Far more than any number of laptops in a room.
const FILE_LIMIT: u64 = 1024 * 1024;

/// A note-taker the hub paired with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairedNoteTaker {
    pub device: DeviceId,
    pub fingerprint: Fingerprint,
    pub secret: PairingSecret,
    pub paired_at: DateTime<Utc>,
}

/// A hub a note-taker paired with, and the address it reached it at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairedHub {
    pub device: DeviceId,
    pub fingerprint: Fingerprint,
    pub address: String,
    pub secret: PairingSecret,
    pub paired_at: DateTime<Utc>,
}

/// Every pairing of this installation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairedDevices {
    #[serde(default)]
    pub note_takers: Vec<PairedNoteTaker>,
    #[serde(default)]
    pub hubs: Vec<PairedHub>,
}

/// Why the pairings cannot be read or kept; each says where and what to do.
#[derive(Debug, thiserror::Error)]
pub enum PairedError {
    #[error("cannot create the folder {}: {source}; check --data-dir", path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    #[error("cannot read {}: {source}; move it away (the devices then pair again)", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "{} can be read by others (mode {mode:03o}) and holds pairing secrets; run `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    OpenToOthers { path: PathBuf, mode: u32 },
    #[error(
        "{}:{line}:{column}: not a list of paired devices ({why}); move it away (the devices then pair again)",
        path.display()
    )]
    Parse { path: PathBuf, line: usize, column: usize, why: String },
    #[error("cannot write {}: {source}; check that the data folder is writable", path.display())]
    Write { path: PathBuf, source: io::Error },
}

#[cfg(test)]
reads_as_message!(PairedError);

impl PairedDevices {
    /// The pairings kept in `<data>/peer/`; none when the file is not there yet.
    pub fn load(data: &Path) -> Result<PairedDevices, PairedError> {
        let path = data.join(PEER_DIR).join(PAIRED_FILE);
        let bytes = match files::read_with_mode(&path, FILE_LIMIT) {
            Ok((_, mode)) if mode & 0o077 != 0 => {
                return Err(PairedError::OpenToOthers { path, mode });
            }
            Ok((bytes, _)) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(PairedDevices::default()),
            Err(source) => return Err(PairedError::Read { path, source }),
        };
        serde_json::from_slice(&bytes).map_err(|e| PairedError::Parse {
            line: e.line(),
            column: e.column(),
            why: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
            path,
        })
    }

    /// Keeps them in `<data>/peer/paired.json`, replacing the file atomically.
    pub fn save(&self, data: &Path) -> Result<(), PairedError> {
        let dir = data.join(PEER_DIR);
        files::private_dir(&dir)
            .map_err(|source| PairedError::CreateFolder { path: dir.clone(), source })?;
        let path = dir.join(PAIRED_FILE);
        let mut text = serde_json::to_vec_pretty(self)
            .map_err(|e| PairedError::Write { path: path.clone(), source: io::Error::other(e) })?;
        text.push(b'\n');
        files::replace_private(&dir, PAIRED_FILE, &text)
            .map_err(|source| PairedError::Write { path, source })
    }

    /// The hub's record of a note-taker it just paired with (a device paired again replaces
    /// its earlier pairing: a new certificate, a new secret).
    pub fn add_note_taker(&mut self, paired: &Paired, at: DateTime<Utc>) {
        self.note_takers.retain(|n| n.device != paired.device);
        self.note_takers.push(PairedNoteTaker {
            device: paired.device,
            fingerprint: paired.fingerprint,
            secret: paired.secret.clone(),
            paired_at: at,
        });
    }

    /// The note-taker's record of the hub it just paired with, reached at `address`.
    pub fn add_hub(&mut self, paired: &Paired, address: &str, at: DateTime<Utc>) {
        self.hubs.retain(|h| h.device != paired.device);
        self.hubs.push(PairedHub {
            device: paired.device,
            fingerprint: paired.fingerprint,
            address: address.to_string(),
            secret: paired.secret.clone(),
            paired_at: at,
        });
    }

    /// The paired note-taker `device`, when the certificate it presented is the paired one:
    /// what the hub checks on every connection before letting a device write.
    pub fn note_taker(&self, device: DeviceId, presented: Fingerprint) -> Option<&PairedNoteTaker> {
        self.note_takers.iter().find(|n| n.device == device && n.fingerprint == presented)
    }

    /// The paired note-taker that presented this certificate, if any.
    pub fn note_taker_by_fingerprint(&self, presented: Fingerprint) -> Option<&PairedNoteTaker> {
        self.note_takers.iter().find(|n| n.fingerprint == presented)
    }

    /// The paired hub `device`.
    pub fn hub(&self, device: DeviceId) -> Option<&PairedHub> {
        self.hubs.iter().find(|h| h.device == device)
    }

    /// Forgets every pairing with `device`; true when there was one.
    pub fn forget(&mut self, device: DeviceId) -> bool {
        let before = self.note_takers.len() + self.hubs.len();
        self.note_takers.retain(|n| n.device != device);
        self.hubs.retain(|h| h.device != device);
        before != self.note_takers.len() + self.hubs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn paired(device: u128, byte: u8) -> Paired {
        Paired {
            device: DeviceId::new(device),
            fingerprint: Fingerprint([byte; 32]),
            secret: PairingSecret([byte ^ 0xff; 32]),
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn pairings_are_kept_privately_and_read_back() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(PairedDevices::load(data.path()).unwrap(), PairedDevices::default());
        let mut devices = PairedDevices::default();
        devices.add_note_taker(&paired(2, 0x22), at("2026-03-01T09:30:00Z"));
        devices.add_hub(&paired(1, 0x11), "192.168.1.20:7443", at("2026-03-01T09:31:00Z"));
        devices.save(data.path()).unwrap();
        let path = data.path().join("peer/paired.json");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("\"fingerprint\": \"{}\"", "22".repeat(32))), "{text}");
        assert!(text.contains("\"address\": \"192.168.1.20:7443\""), "{text}");
        let back = PairedDevices::load(data.path()).unwrap();
        assert_eq!(back, devices);

        let note_taker = DeviceId::new(2);
        assert!(back.note_taker(note_taker, Fingerprint([0x22; 32])).is_some());
        // The right device with another certificate is not the paired one.
        assert!(back.note_taker(note_taker, Fingerprint([0x23; 32])).is_none());
        assert_eq!(
            back.note_taker_by_fingerprint(Fingerprint([0x22; 32])).map(|n| n.device),
            Some(note_taker)
        );
        assert_eq!(
            back.hub(DeviceId::new(1)).map(|h| h.address.as_str()),
            Some("192.168.1.20:7443")
        );
    }

    #[test]
    fn pairing_again_replaces_and_forgetting_removes() {
        let mut devices = PairedDevices::default();
        devices.add_note_taker(&paired(2, 0x22), at("2026-03-01T09:30:00Z"));
        devices.add_note_taker(&paired(2, 0x33), at("2026-03-01T10:00:00Z"));
        assert_eq!(devices.note_takers.len(), 1);
        assert_eq!(devices.note_takers[0].fingerprint, Fingerprint([0x33; 32]));
        assert!(devices.forget(DeviceId::new(2)));
        assert!(!devices.forget(DeviceId::new(2)));
        assert!(devices.note_takers.is_empty());
    }

    #[test]
    fn a_damaged_or_exposed_file_is_refused_in_one_line() {
        let data = tempfile::tempdir().unwrap();
        PairedDevices::default().save(data.path()).unwrap();
        let path = data.path().join("peer/paired.json");
        std::fs::write(&path, "{\n  \"note_takers\": 3\n}\n").unwrap();
        let err = PairedDevices::load(data.path()).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{}:2:18: not a list of paired devices (invalid type: integer `3`, expected a sequence); move it away (the devices then pair again)",
                path.display()
            )
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = PairedDevices::load(data.path()).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{} can be read by others (mode 644) and holds pairing secrets; run `chmod 600 {}`",
                path.display(),
                path.display()
            )
        );
        // A link at its place is not followed, neither to read nor to replace.
        std::fs::remove_file(&path).unwrap();
        let target = data.path().join("target");
        std::fs::write(&target, "precious").unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(PairedDevices::load(data.path()).is_err());
        assert!(PairedDevices::default().save(data.path()).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    }
}
