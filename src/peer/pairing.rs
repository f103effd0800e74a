//! Pairing a note-taker with the hub by a one-time code (shared/design/ROOM.md, "Pairing").
//!
//! The facilitator's screen shows a code of 8 digits (`4821-0937`), valid 5 minutes, for one
//! attempt. Over a first-contact TLS connection (see `tls`):
//!
//! 1. note-taker → hub, `Hello`: its device id and its SPAKE2 message (the code is the
//!    password; the identities are the two roles).
//! 2. hub → note-taker, `Challenge`: the hub's device id and SPAKE2 message.
//! 3. Both derive `K = HKDF-SHA256(SPAKE2 key, "convene pairing v1 confirm" || hub id ||
//!    note-taker id || hub fingerprint || note-taker fingerprint)`, each with the fingerprints
//!    as IT saw them on the TLS connection: its own and the one the other end presented. A
//!    device in the middle terminating TLS with its own certificate makes them differ.
//! 4. note-taker → hub, `Proof`: HMAC(K, "note-taker confirms"). The hub checks it (so the
//!    facilitator's screen knows the outcome) and keeps the pairing.
//! 5. hub → note-taker, `Welcome`: HMAC(K, "hub confirms"). The note-taker checks it and
//!    keeps the pairing.
//! 6. Each side derives a per-device secret (HKDF, "convene pairing v1 device secret") that is
//!    never sent.
//!
//! The code is used only as the SPAKE2 password and nothing derived from it alone is ever
//! sent: a captured exchange gives no way to test guesses offline, and a guess online costs
//! the one attempt. The device ids cannot be SPAKE2's identities because a note-taker does
//! not know the hub's before the exchange; they are bound into `K` instead.
//!
//! Both sides are state machines over byte messages (JSON, binary fields in base64): the
//! transport only carries bytes.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use data_encoding::BASE64;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::Sha256;
use spake2::{Ed25519Group, Identity as SpakeIdentity, Password, Spake2};

use super::identity::Fingerprint;
use crate::event::DeviceId;

/// How long a pairing code is valid after it is shown.
pub const CODE_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// The version of the pairing messages.
const PROTOCOL: u32 = 1;

/// No pairing message is anywhere near this long.
const MESSAGE_LIMIT: usize = 4096;

const NOTE_TAKER_ROLE: &[u8] = b"convene note-taker";
const HUB_ROLE: &[u8] = b"convene hub";
const CONFIRM_INFO: &[u8] = b"convene pairing v1 confirm";
const SECRET_INFO: &[u8] = b"convene pairing v1 device secret";
const NOTE_TAKER_CONFIRMS: &[u8] = b"note-taker confirms";
const HUB_CONFIRMS: &[u8] = b"hub confirms";

/// Why pairing did not happen; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PairingError {
    #[error(
        "a pairing code is 8 digits, such as 4821-0937; type the one on the facilitator's screen"
    )]
    BadCode,
    #[error(
        "this pairing code has expired (a code lasts 5 minutes); show a new one on the facilitator's screen"
    )]
    Expired,
    #[error(
        "this pairing code has already been tried (a code allows one attempt); show a new one on the facilitator's screen"
    )]
    Used,
    #[error(
        "the other side's pairing message ({what}) is not valid: {why}; pair again with a new code, with the same version of convene on both laptops"
    )]
    Message { what: &'static str, why: String },
    #[error(
        "the other side speaks pairing version {theirs}, this convene version {PROTOCOL}; use the same version of convene on both laptops"
    )]
    Version { theirs: u32 },
    #[error(
        "a laptop cannot pair with itself (both sides are device {0}); pair from another laptop"
    )]
    SameDevice(DeviceId),
    #[error(
        "pairing failed: the code did not match, or another device is in between (the two sides saw different certificates); show a new code and try again, on a network you trust"
    )]
    Failed,
    #[error("cannot draw a random pairing code: {0}; try again")]
    Random(String),
}

#[cfg(test)]
reads_as_message!(PairingError);

/// A one-time pairing code: 8 digits, read aloud and typed as `4821-0937`.
#[derive(Clone, PartialEq, Eq)]
pub struct PairingCode(u32);

impl PairingCode {
    const SPAN: u32 = 100_000_000;

    /// A uniformly random code from the system's generator.
    pub fn random() -> Result<PairingCode, PairingError> {
        // The largest multiple of SPAN a u32 holds: above it, draw again (no modulo bias).
        let limit = u32::MAX - u32::MAX % Self::SPAN;
        loop {
            let n = getrandom::u32().map_err(|e| PairingError::Random(e.to_string()))?;
            if n < limit {
                return Ok(PairingCode(n % Self::SPAN));
            }
        }
    }

    /// The SPAKE2 password: the 8 digits. The only use of the code.
    fn password(&self) -> Password {
        Password::new(format!("{:08}", self.0).as_bytes())
    }
}

impl fmt::Display for PairingCode {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:04}", self.0 / 10_000, self.0 % 10_000)
    }
}

impl fmt::Debug for PairingCode {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Not in logs.
        f.write_str("PairingCode(****-****)")
    }
}

/// As typed: 8 digits, with any spaces or dashes between them.
impl FromStr for PairingCode {
    type Err = PairingError;
    fn from_str(text: &str) -> Result<PairingCode, PairingError> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PairingError::BadCode);
        }
        digits.parse().map(PairingCode).map_err(|_| PairingError::BadCode)
    }
}

/// The code the facilitator's screen shows, with its deadline and its one attempt.
#[derive(Debug)]
pub struct PairingOffer {
    code: PairingCode,
    expires_at: Instant,
    tried: bool,
}

impl PairingOffer {
    /// A new random code, valid for [`CODE_LIFETIME`] from `now`.
    pub fn new(now: Instant) -> Result<PairingOffer, PairingError> {
        Ok(PairingOffer::with_code(PairingCode::random()?, now))
    }

    /// An offer of a given code (tests, and a screen that draws its own).
    pub fn with_code(code: PairingCode, now: Instant) -> PairingOffer {
        PairingOffer { code, expires_at: now + CODE_LIFETIME, tried: false }
    }

    /// The code, to show.
    pub fn code(&self) -> &PairingCode {
        &self.code
    }

    /// When the code stops being accepted.
    pub fn expires_at(&self) -> Instant {
        self.expires_at
    }

    /// True while the code may still be tried.
    pub fn is_open(&self, now: Instant) -> bool {
        !self.tried && now < self.expires_at
    }

    /// Takes the one attempt.
    fn attempt(&mut self, now: Instant) -> Result<&PairingCode, PairingError> {
        if self.tried {
            return Err(PairingError::Used);
        }
        self.tried = true;
        if now >= self.expires_at {
            return Err(PairingError::Expired);
        }
        Ok(&self.code)
    }
}

/// A secret both sides of a pairing derive and never send (32 bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct PairingSecret(pub [u8; 32]);

impl fmt::Debug for PairingSecret {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("PairingSecret(…)")
    }
}

impl Serialize for PairingSecret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&BASE64.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for PairingSecret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PairingSecret, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = BASE64.decode(text.as_bytes()).map_err(serde::de::Error::custom)?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| serde::de::Error::custom("a pairing secret is 32 bytes"))?;
        Ok(PairingSecret(bytes))
    }
}

/// A finished pairing, on either side: the other device, the fingerprint of the certificate
/// it presented, and the secret both derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paired {
    pub device: DeviceId,
    pub fingerprint: Fingerprint,
    pub secret: PairingSecret,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hello {
    pairing: u32,
    device: DeviceId,
    spake2: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Challenge {
    pairing: u32,
    device: DeviceId,
    spake2: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Confirmation {
    confirm: String,
}

fn invalid(what: &'static str) -> impl Fn(String) -> PairingError {
    move |why| PairingError::Message { what, why }
}

fn encode(message: &impl Serialize, what: &'static str) -> Result<Vec<u8>, PairingError> {
    serde_json::to_vec(message).map_err(|e| invalid(what)(e.to_string()))
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &'static str) -> Result<T, PairingError> {
    if bytes.len() > MESSAGE_LIMIT {
        return Err(invalid(what)(format!("{} bytes, over {MESSAGE_LIMIT}", bytes.len())));
    }
    serde_json::from_slice(bytes).map_err(|e| invalid(what)(e.to_string()))
}

fn base64(text: &str, what: &'static str) -> Result<Vec<u8>, PairingError> {
    BASE64.decode(text.as_bytes()).map_err(|e| invalid(what)(e.to_string()))
}

fn check_version(pairing: u32) -> Result<(), PairingError> {
    if pairing == PROTOCOL { Ok(()) } else { Err(PairingError::Version { theirs: pairing }) }
}

/// What both sides derive from the SPAKE2 key and what each saw.
struct Keys {
    confirm: [u8; 32],
    secret: [u8; 32],
}

/// The hub and the note-taker, and the certificates as one side saw them.
struct Seen {
    hub: DeviceId,
    hub_fingerprint: Fingerprint,
    note_taker: DeviceId,
    note_taker_fingerprint: Fingerprint,
}

impl Keys {
    fn derive(spake2_key: &[u8], seen: &Seen) -> Result<Keys, PairingError> {
        // Fixed-length fields: the concatenation reads one way only.
        let hub = seen.hub.number().to_be_bytes();
        let note_taker = seen.note_taker.number().to_be_bytes();
        let context: [&[u8]; 4] =
            [&hub, &note_taker, &seen.hub_fingerprint.0, &seen.note_taker_fingerprint.0];
        let hkdf = Hkdf::<Sha256>::new(None, spake2_key);
        let mut keys = Keys { confirm: [0; 32], secret: [0; 32] };
        let expand = |info: &[u8], out: &mut [u8; 32]| {
            let parts: Vec<&[u8]> = std::iter::once(info).chain(context).collect();
            hkdf.expand_multi_info(&parts, out).map_err(|_| PairingError::Failed)
        };
        expand(CONFIRM_INFO, &mut keys.confirm)?;
        expand(SECRET_INFO, &mut keys.secret)?;
        Ok(keys)
    }

    fn mac(&self, label: &[u8]) -> Result<Hmac<Sha256>, PairingError> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.confirm).map_err(|_| PairingError::Failed)?;
        mac.update(label);
        Ok(mac)
    }

    /// The confirmation message saying `label`.
    fn confirmation(&self, label: &[u8], what: &'static str) -> Result<Vec<u8>, PairingError> {
        let tag = self.mac(label)?.finalize().into_bytes();
        encode(&Confirmation { confirm: BASE64.encode(&tag) }, what)
    }

    /// Checks the other side's confirmation (in constant time).
    fn check(&self, label: &[u8], message: &[u8], what: &'static str) -> Result<(), PairingError> {
        let confirmation: Confirmation = decode(message, what)?;
        let tag = base64(&confirmation.confirm, what)?;
        self.mac(label)?.verify_slice(&tag).map_err(|_| PairingError::Failed)
    }
}

fn spake2_key(
    spake2: Spake2<Ed25519Group>,
    theirs: &str,
    what: &'static str,
) -> Result<Vec<u8>, PairingError> {
    let theirs = base64(theirs, what)?;
    spake2.finish(&theirs).map_err(|e| invalid(what)(e.to_string()))
}

/// The hub's side of one pairing, after it answered the note-taker's hello.
pub struct HubPairing {
    note_taker: DeviceId,
    note_taker_fingerprint: Fingerprint,
    keys: Keys,
    expires_at: Instant,
}

impl HubPairing {
    /// Answers a note-taker's hello with the challenge, taking the offer's one attempt (a
    /// message that is not a hello at all leaves it). `note_taker_fingerprint` is the
    /// certificate the note-taker presented on this connection (`tls::peer_fingerprint`).
    pub fn answer(
        offer: &mut PairingOffer,
        hub: DeviceId,
        hub_fingerprint: Fingerprint,
        hello: &[u8],
        note_taker_fingerprint: Fingerprint,
        now: Instant,
    ) -> Result<(HubPairing, Vec<u8>), PairingError> {
        let hello: Hello = decode(hello, "hello")?;
        check_version(hello.pairing)?;
        let expires_at = offer.expires_at();
        let code = offer.attempt(now)?;
        if hello.device == hub {
            return Err(PairingError::SameDevice(hub));
        }
        let (spake2, ours) = Spake2::<Ed25519Group>::start_b(
            &code.password(),
            &SpakeIdentity::new(NOTE_TAKER_ROLE),
            &SpakeIdentity::new(HUB_ROLE),
        );
        let key = spake2_key(spake2, &hello.spake2, "hello")?;
        let seen = Seen { hub, hub_fingerprint, note_taker: hello.device, note_taker_fingerprint };
        let keys = Keys::derive(&key, &seen)?;
        let challenge = encode(
            &Challenge { pairing: PROTOCOL, device: hub, spake2: BASE64.encode(&ours) },
            "challenge",
        )?;
        let pairing =
            HubPairing { note_taker: hello.device, note_taker_fingerprint, keys, expires_at };
        Ok((pairing, challenge))
    }

    /// The device asking to pair (not yet confirmed).
    pub fn note_taker(&self) -> DeviceId {
        self.note_taker
    }

    /// Checks the note-taker's proof: on success the note-taker is paired (keep it), and the
    /// welcome goes back to it.
    pub fn finish(self, proof: &[u8], now: Instant) -> Result<(Paired, Vec<u8>), PairingError> {
        if now >= self.expires_at {
            return Err(PairingError::Expired);
        }
        self.keys.check(NOTE_TAKER_CONFIRMS, proof, "proof")?;
        let welcome = self.keys.confirmation(HUB_CONFIRMS, "welcome")?;
        let paired = Paired {
            device: self.note_taker,
            fingerprint: self.note_taker_fingerprint,
            secret: PairingSecret(self.keys.secret),
        };
        Ok((paired, welcome))
    }

    /// What a dishonest hub would send without checking the proof (tests of the note-taker).
    #[cfg(test)]
    pub(crate) fn welcome_unchecked(&self) -> Vec<u8> {
        self.keys.confirmation(HUB_CONFIRMS, "welcome").unwrap()
    }
}

/// The note-taker's side of one pairing, after its hello.
pub struct NoteTakerPairing {
    spake2: Spake2<Ed25519Group>,
    device: DeviceId,
    fingerprint: Fingerprint,
    hub_fingerprint: Fingerprint,
}

impl NoteTakerPairing {
    /// Starts pairing with the code typed: the hello to send. `fingerprint` is this
    /// installation's, `hub_fingerprint` the one the hub presented on this connection
    /// (`tls::SeenCertificate`).
    pub fn start(
        code: &PairingCode,
        device: DeviceId,
        fingerprint: Fingerprint,
        hub_fingerprint: Fingerprint,
    ) -> Result<(NoteTakerPairing, Vec<u8>), PairingError> {
        let (spake2, ours) = Spake2::<Ed25519Group>::start_a(
            &code.password(),
            &SpakeIdentity::new(NOTE_TAKER_ROLE),
            &SpakeIdentity::new(HUB_ROLE),
        );
        let hello =
            encode(&Hello { pairing: PROTOCOL, device, spake2: BASE64.encode(&ours) }, "hello")?;
        Ok((NoteTakerPairing { spake2, device, fingerprint, hub_fingerprint }, hello))
    }

    /// Takes the hub's challenge: the proof to send.
    pub fn confirm(self, challenge: &[u8]) -> Result<(NoteTakerConfirming, Vec<u8>), PairingError> {
        let challenge: Challenge = decode(challenge, "challenge")?;
        check_version(challenge.pairing)?;
        if challenge.device == self.device {
            return Err(PairingError::SameDevice(self.device));
        }
        let key = spake2_key(self.spake2, &challenge.spake2, "challenge")?;
        let seen = Seen {
            hub: challenge.device,
            hub_fingerprint: self.hub_fingerprint,
            note_taker: self.device,
            note_taker_fingerprint: self.fingerprint,
        };
        let keys = Keys::derive(&key, &seen)?;
        let proof = keys.confirmation(NOTE_TAKER_CONFIRMS, "proof")?;
        let confirming = NoteTakerConfirming {
            hub: challenge.device,
            hub_fingerprint: self.hub_fingerprint,
            keys,
        };
        Ok((confirming, proof))
    }
}

/// The note-taker's side after its proof, waiting for the hub's welcome.
pub struct NoteTakerConfirming {
    hub: DeviceId,
    hub_fingerprint: Fingerprint,
    keys: Keys,
}

impl NoteTakerConfirming {
    /// The hub's device id, as it said (confirmed only by [`NoteTakerConfirming::finish`]).
    pub fn hub(&self) -> DeviceId {
        self.hub
    }

    /// Checks the hub's welcome: on success the hub is paired (keep it with its address).
    pub fn finish(self, welcome: &[u8]) -> Result<Paired, PairingError> {
        self.keys.check(HUB_CONFIRMS, welcome, "welcome")?;
        Ok(Paired {
            device: self.hub,
            fingerprint: self.hub_fingerprint,
            secret: PairingSecret(self.keys.secret),
        })
    }
}
