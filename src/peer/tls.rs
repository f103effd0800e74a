//! TLS between paired devices (rustls with the ring provider, TLS 1.3 only: both ends are
//! convene). No certificate authority is involved: every installation's certificate is
//! self-signed, and a peer is known by its certificate's fingerprint.
//!
//! - The hub presents its identity and asks every client for a certificate. Any certificate
//!   is accepted at the TLS layer (the handshake still proves the client holds its key); the
//!   application reads its fingerprint ([`peer_fingerprint`]) and checks it against the paired
//!   devices.
//! - A paired note-taker accepts the hub only when the hub's certificate has the pinned
//!   fingerprint ([`note_taker_config`]).
//! - Before pairing, a note-taker cannot know the hub's fingerprint: [`first_contact_config`]
//!   accepts any certificate and records what it saw; pairing then binds that fingerprint into
//!   its key confirmation, so a device in the middle with its own certificate makes it fail.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    ClientConfig, CommonState, DigitallySignedStruct, DistinguishedName, ServerConfig,
    SignatureScheme,
};

use super::identity::{Fingerprint, Identity};

/// Why a TLS configuration could not be made from this installation's identity.
#[derive(Debug, thiserror::Error)]
#[error("cannot use this laptop's certificate for TLS{}: {source}; move that folder away and convene makes a new identity (note-takers then pair again)", .dir.as_ref().map(|d| format!(" (in {})", d.display())).unwrap_or_default())]
pub struct TlsError {
    dir: Option<std::path::PathBuf>,
    source: rustls::Error,
}

#[cfg(test)]
reads_as_message!(TlsError);

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_error(identity: &Identity) -> impl Fn(rustls::Error) -> TlsError + '_ {
    |source| TlsError { dir: identity.dir().map(|d| d.to_path_buf()), source }
}

/// The fingerprint of the certificate the other end presented on this connection, once the
/// handshake has passed it (a `ServerConnection` or a `ClientConnection` derefs to this).
pub fn peer_fingerprint(connection: &CommonState) -> Option<Fingerprint> {
    let certificate = connection.peer_certificates()?.first()?;
    Some(Fingerprint::of(certificate))
}

/// Checks the signatures of the handshake with the certificate's key, through the provider:
/// what makes a presented certificate worth its fingerprint.
#[derive(Debug)]
struct Signatures(WebPkiSupportedAlgorithms);

impl Signatures {
    fn of(provider: &CryptoProvider) -> Signatures {
        Signatures(provider.signature_verification_algorithms)
    }

    fn tls12(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn tls13(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// The hub's side: any well-formed client certificate, whose fingerprint the application
/// checks. A client without a certificate is refused.
#[derive(Debug)]
struct AnyClientCertificate(Signatures);

impl ClientCertVerifier for AnyClientCertificate {
    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        // Only that it parses as a certificate: no authority vouches for peers, and the
        // handshake signature (checked below) proves the client holds its key.
        ParsedCertificate::try_from(end_entity)?;
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.tls12(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.tls13(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.schemes()
    }
}

/// The hub's peer port: presents `identity`, requires a client certificate.
pub fn hub_config(identity: &Identity) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = provider();
    let verifier = Arc::new(AnyClientCertificate(Signatures::of(&provider)));
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(tls_error(identity))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![identity.certificate().clone()], identity.key())
        .map_err(tls_error(identity))?;
    Ok(Arc::new(config))
}

/// The hub presented a certificate other than the paired one.
#[derive(Debug)]
pub struct NotThePairedHub {
    pub presented: Fingerprint,
    pub pinned: Fingerprint,
}

impl fmt::Display for NotThePairedHub {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "the hub presented the certificate {}, not the paired one {}; if the facilitator's convene was set up anew, pair again, else another device is answering in its place",
            self.presented, self.pinned
        )
    }
}

impl std::error::Error for NotThePairedHub {}

/// How a note-taker's connection accepts the hub's certificate (its handshake signature is
/// always checked).
#[derive(Debug)]
enum HubCheck {
    /// Once paired: only the pinned fingerprint.
    Pinned(Fingerprint),
    /// First contact, for pairing only: any certificate, its fingerprint recorded.
    FirstContact(SeenCertificate),
}

/// A note-taker's verifier of the hub's certificate.
#[derive(Debug)]
struct HubVerifier {
    check: HubCheck,
    signatures: Signatures,
}

impl ServerCertVerifier for HubVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = Fingerprint::of(end_entity);
        match &self.check {
            // The pin replaces names and authorities: a hub on another address (a new
            // Wi-Fi) is still the hub when its certificate is the paired one.
            HubCheck::Pinned(pinned) if presented != *pinned => {
                return Err(rustls::Error::Other(rustls::OtherError(Arc::new(NotThePairedHub {
                    presented,
                    pinned: *pinned,
                }))));
            }
            HubCheck::Pinned(_) => ParsedCertificate::try_from(end_entity).map(drop)?,
            HubCheck::FirstContact(seen) => {
                ParsedCertificate::try_from(end_entity)?;
                *seen.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(presented);
            }
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.signatures.tls12(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.signatures.tls13(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.signatures.schemes()
    }
}

fn client_config(
    identity: &Identity,
    verifier: Arc<dyn ServerCertVerifier>,
) -> Result<ClientConfig, TlsError> {
    ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(tls_error(identity))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_client_auth_cert(vec![identity.certificate().clone()], identity.key())
        .map_err(tls_error(identity))
}

/// A paired note-taker's connection to its hub: presents `identity`, and accepts the hub
/// only if its certificate's fingerprint is `hub`. The server name given to rustls is not
/// checked against the certificate (any name or address will do).
pub fn note_taker_config(
    identity: &Identity,
    hub: Fingerprint,
) -> Result<Arc<ClientConfig>, TlsError> {
    let provider = provider();
    let verifier = Arc::new(HubVerifier {
        check: HubCheck::Pinned(hub),
        signatures: Signatures::of(&provider),
    });
    Ok(Arc::new(client_config(identity, verifier)?))
}

/// The fingerprint of the certificate a first-contact connection saw.
#[derive(Clone, Debug, Default)]
pub struct SeenCertificate(Arc<Mutex<Option<Fingerprint>>>);

impl SeenCertificate {
    /// The last server certificate seen, if a handshake got that far.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A note-taker's connection to a hub it is about to pair with: presents `identity`,
/// accepts any certificate, and tells which it saw (to bind into the pairing). Make one per
/// pairing attempt: sessions are not resumed, so every connection shows its certificate.
pub fn first_contact_config(
    identity: &Identity,
) -> Result<(Arc<ClientConfig>, SeenCertificate), TlsError> {
    let provider = provider();
    let seen = SeenCertificate::default();
    let verifier = Arc::new(HubVerifier {
        check: HubCheck::FirstContact(seen.clone()),
        signatures: Signatures::of(&provider),
    });
    let mut config = client_config(identity, verifier)?;
    config.resumption = rustls::client::Resumption::disabled();
    Ok((Arc::new(config), seen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::DeviceId;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};

    const HUB: DeviceId = DeviceId::new(1);
    const NOTE_TAKER: DeviceId = DeviceId::new(2);

    /// A hub accepting one connection on loopback: it reads one line and answers with the
    /// client certificate's fingerprint (or the TLS error it met).
    fn one_connection_hub(
        identity: &Identity,
    ) -> (u16, std::thread::JoinHandle<Result<Option<Fingerprint>, String>>) {
        let config = hub_config(identity).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = std::thread::spawn(move || {
            let (socket, _) = listener.accept().map_err(|e| e.to_string())?;
            let connection = rustls::ServerConnection::new(config).map_err(|e| e.to_string())?;
            let mut tls = rustls::StreamOwned::new(connection, socket);
            let mut byte = [0u8; 1];
            tls.read_exact(&mut byte).map_err(|e| e.to_string())?;
            let seen = peer_fingerprint(&tls.conn);
            tls.write_all(b"ok").map_err(|e| e.to_string())?;
            tls.conn.send_close_notify();
            let _ = tls.flush();
            Ok(seen)
        });
        (port, handle)
    }

    fn connect(
        config: Arc<ClientConfig>,
        port: u16,
    ) -> std::io::Result<rustls::StreamOwned<rustls::ClientConnection, TcpStream>> {
        let socket = TcpStream::connect(("127.0.0.1", port))?;
        let name = ServerName::try_from("127.0.0.1").map_err(std::io::Error::other)?;
        let connection = rustls::ClientConnection::new(config, name.to_owned())
            .map_err(std::io::Error::other)?;
        let mut tls = rustls::StreamOwned::new(connection, socket);
        tls.write_all(b"x")?;
        let mut answer = [0u8; 2];
        tls.read_exact(&mut answer)?;
        Ok(tls)
    }

    #[test]
    fn a_pinned_hub_is_accepted_and_sees_the_note_takers_certificate() {
        let hub = Identity::in_memory(HUB).unwrap();
        let note_taker = Identity::in_memory(NOTE_TAKER).unwrap();
        let (port, server) = one_connection_hub(&hub);
        let config = note_taker_config(&note_taker, hub.fingerprint()).unwrap();
        let tls = connect(config, port).unwrap();
        assert_eq!(peer_fingerprint(&tls.conn), Some(hub.fingerprint()));
        assert_eq!(server.join().unwrap(), Ok(Some(note_taker.fingerprint())));
    }

    #[test]
    fn another_certificate_than_the_pinned_one_fails_the_handshake_saying_so() {
        let hub = Identity::in_memory(HUB).unwrap();
        let impostor = Identity::in_memory(HUB).unwrap();
        let note_taker = Identity::in_memory(NOTE_TAKER).unwrap();
        let (port, server) = one_connection_hub(&impostor);
        let config = note_taker_config(&note_taker, hub.fingerprint()).unwrap();
        let err = connect(config, port).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "other error: the hub presented the certificate {}, not the paired one {}; if the facilitator's convene was set up anew, pair again, else another device is answering in its place",
                impostor.fingerprint(),
                hub.fingerprint()
            )
        );
        // The hub hears the refusal and gets no request.
        let refused = server.join().unwrap().unwrap_err();
        assert!(refused.contains("HandshakeFailure"), "{refused}");
    }

    #[test]
    fn a_first_contact_accepts_any_hub_and_records_its_fingerprint() {
        let hub = Identity::in_memory(HUB).unwrap();
        let note_taker = Identity::in_memory(NOTE_TAKER).unwrap();
        let (port, server) = one_connection_hub(&hub);
        let (config, seen) = first_contact_config(&note_taker).unwrap();
        assert_eq!(seen.fingerprint(), None);
        connect(config, port).unwrap();
        assert_eq!(seen.fingerprint(), Some(hub.fingerprint()));
        assert_eq!(server.join().unwrap(), Ok(Some(note_taker.fingerprint())));
    }

    #[test]
    fn the_hub_refuses_a_client_without_a_certificate() {
        let hub = Identity::in_memory(HUB).unwrap();
        let (port, server) = one_connection_hub(&hub);
        let provider = provider();
        let config = ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(HubVerifier {
                check: HubCheck::FirstContact(SeenCertificate::default()),
                signatures: Signatures::of(&provider),
            }))
            .with_no_client_auth();
        assert!(connect(Arc::new(config), port).is_err());
        let refused = server.join().unwrap().unwrap_err();
        assert_eq!(refused, "peer sent no certificates");
    }
}
