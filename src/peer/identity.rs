//! This installation's TLS identity: a self-signed certificate naming its device id, and its
//! key, made once and kept in `<data dir>/peer/` (`cert.der`, `key.der`, 0600). Peers know
//! it by its fingerprint, the SHA-256 of the certificate, pinned when they pair.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::{PEER_DIR, files};
use crate::event::DeviceId;

/// The certificate's file in the peer folder (DER).
pub const CERT_FILE: &str = "cert.der";
/// The private key's file in the peer folder (PKCS#8 DER), readable by its owner only.
pub const KEY_FILE: &str = "key.der";

/// A certificate or a key is a few hundred bytes; anything much larger is not ours.
const FILE_LIMIT: u64 = 16 * 1024;

/// The SHA-256 of a certificate (its DER bytes): how a paired device is recognised.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of the certificate `der`.
    pub fn of(der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(der).into())
    }

    /// The 64 lower-case hex digits, ungrouped (for files).
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// For people: groups of four hex digits, `3f2a 9c01 …`, easy to compare aloud.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, pair) in self.0.chunks(2).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            for b in pair {
                write!(f, "{b:02x}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Fingerprint({})", self.hex())
    }
}

/// Why a text is not a fingerprint.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a fingerprint is 64 hex digits (spaces and colons between them are fine)")]
pub struct BadFingerprint;

impl FromStr for Fingerprint {
    type Err = BadFingerprint;
    fn from_str(text: &str) -> Result<Fingerprint, BadFingerprint> {
        let digits: Vec<u8> = text.bytes().filter(|b| !matches!(b, b' ' | b':' | b'-')).collect();
        if digits.len() != 64 {
            return Err(BadFingerprint);
        }
        let mut bytes = [0u8; 32];
        data_encoding::HEXLOWER_PERMISSIVE
            .decode_mut(&digits, &mut bytes)
            .map_err(|_| BadFingerprint)?;
        Ok(Fingerprint(bytes))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fingerprint, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why this installation's identity cannot be had; each says where and what to do.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("cannot create the folder {}: {source}; check --data-dir", path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    #[error(
        "cannot read {}: {source}; move it away and convene makes a new identity (note-takers then pair again)",
        path.display()
    )]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}; check that the data folder is writable", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{} can be read by others (mode {mode:03o}); run `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    OpenToOthers { path: PathBuf, mode: u32 },
    #[error(
        "the identity in {} is not usable ({why}); move the folder away and convene makes a new one (note-takers then pair again)",
        dir.display()
    )]
    Unusable { dir: PathBuf, why: String },
    #[error("cannot make this laptop's certificate: {0}")]
    Generate(String),
}

#[cfg(test)]
reads_as_message!(IdentityError);

/// This installation's certificate and key, and the device id its certificate names.
pub struct Identity {
    device: DeviceId,
    certificate: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
    fingerprint: Fingerprint,
    /// Where it is kept, for messages (none when made in memory).
    dir: Option<PathBuf>,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Never the key.
        f.debug_struct("Identity")
            .field("device", &self.device)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// A self-signed certificate for `key` whose subject names `device`.
fn certificate_for(device: DeviceId, key: &rcgen::KeyPair) -> Result<Vec<u8>, IdentityError> {
    let generate = |e: rcgen::Error| IdentityError::Generate(e.to_string());
    // A name nobody resolves (.invalid, RFC 2606): peers find each other by fingerprint.
    let mut params = rcgen::CertificateParams::new(vec![format!("{device}.convene.invalid")])
        .map_err(generate)?;
    let mut subject = rcgen::DistinguishedName::new();
    subject.push(rcgen::DnType::CommonName, format!("convene device {device}"));
    subject.push(rcgen::DnType::OrganizationName, "convene");
    params.distinguished_name = subject;
    Ok(params.self_signed(key).map_err(generate)?.der().to_vec())
}

/// The file `dir/name`: read when there, else made by `make` and created (0600, only if still
/// missing: when another convene made it meanwhile, its file is the one).
fn read_or_create(
    dir: &Path,
    name: &str,
    private: bool,
    make: impl FnOnce() -> Result<Vec<u8>, IdentityError>,
) -> Result<Vec<u8>, IdentityError> {
    let path = dir.join(name);
    let read = |path: &Path| -> Result<Option<Vec<u8>>, IdentityError> {
        match files::read_with_mode(path, FILE_LIMIT) {
            Ok((_, mode)) if private && mode & 0o077 != 0 => {
                Err(IdentityError::OpenToOthers { path: path.to_path_buf(), mode })
            }
            Ok((bytes, _)) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(IdentityError::Read { path: path.to_path_buf(), source }),
        }
    };
    if let Some(bytes) = read(&path)? {
        return Ok(bytes);
    }
    let bytes = make()?;
    match files::create_private(dir, name, &bytes) {
        Ok(()) => Ok(bytes),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => read(&path)?.ok_or_else(|| {
            IdentityError::Read { path: path.clone(), source: io::ErrorKind::NotFound.into() }
        }),
        Err(source) => Err(IdentityError::Write { path, source }),
    }
}

impl Identity {
    /// This installation's identity, kept in `<data>/peer/`; made the first time. The key is
    /// made first: a certificate lost (or never written, after a crash) is made again from it.
    pub fn load_or_create(data: &Path, device: DeviceId) -> Result<Identity, IdentityError> {
        let dir = data.join(PEER_DIR);
        files::private_dir(&dir)
            .map_err(|source| IdentityError::CreateFolder { path: dir.clone(), source })?;
        let key = read_or_create(&dir, KEY_FILE, true, || {
            let key =
                rcgen::KeyPair::generate().map_err(|e| IdentityError::Generate(e.to_string()))?;
            Ok(key.serialize_der())
        })?;
        let unusable = |why: String| IdentityError::Unusable { dir: dir.clone(), why };
        let certificate = read_or_create(&dir, CERT_FILE, false, || {
            let pair = rcgen::KeyPair::try_from(key.as_slice())
                .map_err(|e| unusable(format!("{KEY_FILE}: {e}")))?;
            certificate_for(device, &pair)
        })?;
        let identity = Identity::from_parts(device, certificate, key, Some(dir.clone()));
        identity.check().map_err(|e| unusable(e.to_string()))?;
        Ok(identity)
    }

    /// A fresh identity kept nowhere: for tests, and for tools that need one for a moment.
    pub fn in_memory(device: DeviceId) -> Result<Identity, IdentityError> {
        let key = rcgen::KeyPair::generate().map_err(|e| IdentityError::Generate(e.to_string()))?;
        let certificate = certificate_for(device, &key)?;
        Ok(Identity::from_parts(device, certificate, key.serialize_der(), None))
    }

    fn from_parts(
        device: DeviceId,
        certificate: Vec<u8>,
        key: Vec<u8>,
        dir: Option<PathBuf>,
    ) -> Identity {
        let fingerprint = Fingerprint::of(&certificate);
        Identity {
            device,
            certificate: CertificateDer::from(certificate),
            key: PrivatePkcs8KeyDer::from(key),
            fingerprint,
            dir,
        }
    }

    /// The key loads, and the certificate is a certificate of this key.
    fn check(&self) -> Result<(), rustls::Error> {
        let provider = rustls::crypto::ring::default_provider();
        let certified = rustls::sign::CertifiedKey::from_der(
            vec![self.certificate.clone()],
            self.key(),
            &provider,
        )?;
        certified.keys_match()
    }

    /// The device id its certificate names.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// The SHA-256 of its certificate.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The certificate (DER), as presented to peers.
    pub fn certificate(&self) -> &CertificateDer<'static> {
        &self.certificate
    }

    /// A copy of the private key, for a TLS configuration.
    pub(crate) fn key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(self.key.clone_key())
    }

    /// The folder it is kept in, for messages.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const DEVICE: DeviceId = DeviceId::new(0x1234_5678_9abc_def0_1122_3344_5566_7788);

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_identity_is_made_once_private_and_read_back_the_same() {
        let data = tempfile::tempdir().unwrap();
        let made = Identity::load_or_create(data.path(), DEVICE).unwrap();
        let dir = data.path().join("peer");
        assert_eq!(mode(&dir.join("cert.der")), 0o600);
        assert_eq!(mode(&dir.join("key.der")), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(std::fs::read(dir.join("cert.der")).unwrap(), made.certificate().to_vec());
        assert_eq!(made.fingerprint(), Fingerprint::of(made.certificate()));
        // No temporary file is left behind.
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["cert.der", "key.der"]);

        let again = Identity::load_or_create(data.path(), DEVICE).unwrap();
        assert_eq!(again.fingerprint(), made.fingerprint());
        assert_eq!(again.device(), DEVICE);
        // Another installation has another identity.
        let other = tempfile::tempdir().unwrap();
        let theirs = Identity::load_or_create(other.path(), DEVICE).unwrap();
        assert_ne!(theirs.fingerprint(), made.fingerprint());
    }

    #[test]
    fn the_certificate_names_the_device() {
        let identity = Identity::in_memory(DEVICE).unwrap();
        let der = identity.certificate().to_vec();
        let name = format!("convene device {DEVICE}");
        assert!(der.windows(name.len()).any(|w| w == name.as_bytes()), "subject names the device");
        let san = format!("{DEVICE}.convene.invalid");
        assert!(der.windows(san.len()).any(|w| w == san.as_bytes()), "alternative name too");
    }

    #[test]
    fn a_lost_certificate_is_made_again_from_the_key() {
        let data = tempfile::tempdir().unwrap();
        let first = Identity::load_or_create(data.path(), DEVICE).unwrap();
        std::fs::remove_file(data.path().join("peer/cert.der")).unwrap();
        let second = Identity::load_or_create(data.path(), DEVICE).unwrap();
        // Same key, so still a usable identity; a new certificate (peers pair again).
        assert_eq!(second.key().secret_der(), first.key().secret_der());
        assert!(second.check().is_ok());
    }

    #[test]
    fn a_key_others_can_read_is_refused_with_the_fix() {
        let data = tempfile::tempdir().unwrap();
        Identity::load_or_create(data.path(), DEVICE).unwrap();
        let key = data.path().join("peer/key.der");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = Identity::load_or_create(data.path(), DEVICE).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{} can be read by others (mode 644); run `chmod 600 {}`",
                key.display(),
                key.display()
            )
        );
    }

    #[test]
    fn a_damaged_or_foreign_identity_is_refused_in_one_line() {
        let data = tempfile::tempdir().unwrap();
        Identity::load_or_create(data.path(), DEVICE).unwrap();
        let dir = data.path().join("peer");
        // Another installation's certificate next to this key.
        let other = tempfile::tempdir().unwrap();
        Identity::load_or_create(other.path(), DEVICE).unwrap();
        std::fs::copy(other.path().join("peer/cert.der"), dir.join("cert.der")).unwrap();
        let err = Identity::load_or_create(data.path(), DEVICE).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("the identity in {} is not usable (", dir.display())),
            "{err}"
        );
        assert!(
            err.ends_with(
                "); move the folder away and convene makes a new one (note-takers then pair again)"
            ),
            "{err}"
        );
        assert!(!err.contains('\n'));

        // A cut key.
        let key = std::fs::read(dir.join("key.der")).unwrap();
        std::fs::write(dir.join("key.der"), &key[..key.len() / 2]).unwrap();
        let err = Identity::load_or_create(data.path(), DEVICE).unwrap_err().to_string();
        assert!(err.contains("is not usable"), "{err}");

        // A link planted at the key's place is not followed.
        std::fs::remove_file(dir.join("key.der")).unwrap();
        std::os::unix::fs::symlink(other.path().join("peer/key.der"), dir.join("key.der")).unwrap();
        let err = Identity::load_or_create(data.path(), DEVICE).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "cannot read {}: it is a symbolic link, not a regular file; convene reads and writes only regular files; move it away and convene makes a new identity (note-takers then pair again)",
                dir.join("key.der").display()
            )
        );
    }

    #[test]
    fn a_fingerprint_reads_as_groups_of_four_and_parses_back() {
        let fingerprint = Fingerprint([0xab; 32]);
        let shown = fingerprint.to_string();
        assert_eq!(shown, ["abab"; 16].join(" "));
        assert_eq!(shown.parse::<Fingerprint>(), Ok(fingerprint));
        assert_eq!(fingerprint.hex().parse::<Fingerprint>(), Ok(fingerprint));
        assert_eq!("ab:cd".parse::<Fingerprint>(), Err(BadFingerprint));
        let json = serde_json::to_string(&fingerprint).unwrap();
        assert_eq!(json, format!("\"{}\"", "ab".repeat(32)));
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fingerprint);
    }
}
