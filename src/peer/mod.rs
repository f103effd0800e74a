//! Several note-takers, the security foundation (shared/design/ROOM.md, "Pairing"): each
//! installation's TLS identity, TLS pinned to a paired certificate, and pairing by a one-time
//! code through a PAKE (SPAKE2) whose key confirmation binds both certificates.
//!
//! Nothing here opens a socket of its own or knows HTTP: the hub's server and the note-taker's
//! client carry the bytes these state machines make over the TLS these configs set up.

pub mod client;
pub mod discovery;
mod files;
pub mod identity;
pub mod join;
pub mod paired;
pub mod pairing;
pub mod server;
pub mod store;
pub mod tls;

#[cfg(test)]
mod tests;

pub use identity::{Fingerprint, Identity, IdentityError};
pub use join::{JoinError, download, pair};
pub use paired::{PairedDevices, PairedError, PairedHub, PairedNoteTaker};
pub use pairing::{
    CODE_LIFETIME, HubPairing, NoteTakerConfirming, NoteTakerPairing, Paired, PairingCode,
    PairingError, PairingOffer, PairingSecret,
};
pub use tls::{
    SeenCertificate, TlsError, first_contact_config, hub_config, note_taker_config,
    peer_fingerprint,
};

/// The folder of the data directory that holds this installation's identity and pairings.
pub const PEER_DIR: &str = "peer";
