//! Pairing, in process and over loopback TLS (with a device in the middle).

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;

use super::*;
use crate::event::DeviceId;

const HUB: DeviceId = DeviceId::new(0x0f0f_0f0f);
const NOTE_TAKER: DeviceId = DeviceId::new(0x2222_2222);

fn fp(byte: u8) -> Fingerprint {
    Fingerprint([byte; 32])
}

fn code(text: &str) -> PairingCode {
    text.parse().unwrap()
}

/// Both sides in process: what each ended with.
struct Outcome {
    hub: Result<Paired, PairingError>,
    note_taker: Result<Paired, PairingError>,
}

/// Runs one pairing through, each side with the fingerprints it saw; `tamper` may change
/// each message on its way (by its number, 1 to 4).
fn pair(
    offer: &mut PairingOffer,
    typed: &PairingCode,
    hub_sees_note_taker: Fingerprint,
    note_taker_sees_hub: Fingerprint,
    now: Instant,
    tamper: impl Fn(usize, &mut Vec<u8>),
) -> Outcome {
    let (hub_fp, note_taker_fp) = (fp(0xaa), fp(0xbb));
    let (note_taker, mut hello) =
        NoteTakerPairing::start(typed, NOTE_TAKER, note_taker_fp, note_taker_sees_hub).unwrap();
    tamper(1, &mut hello);
    let (hub, mut challenge) =
        match HubPairing::answer(offer, HUB, hub_fp, &hello, hub_sees_note_taker, now) {
            Ok(answer) => answer,
            Err(e) => {
                return Outcome { hub: Err(e), note_taker: Err(PairingError::Failed) };
            }
        };
    tamper(2, &mut challenge);
    let (confirming, mut proof) = match note_taker.confirm(&challenge) {
        Ok(confirmed) => confirmed,
        Err(e) => return Outcome { hub: Err(PairingError::Failed), note_taker: Err(e) },
    };
    tamper(3, &mut proof);
    // A dishonest hub would welcome anyone: the note-taker must check for itself.
    let mut unchecked = hub.welcome_unchecked();
    let hub_result = hub.finish(&proof, now);
    let note_taker_result = match &hub_result {
        Ok((_, welcome)) => {
            let mut welcome = welcome.clone();
            tamper(4, &mut welcome);
            confirming.finish(&welcome)
        }
        Err(_) => {
            tamper(4, &mut unchecked);
            confirming.finish(&unchecked)
        }
    };
    Outcome { hub: hub_result.map(|(paired, _)| paired), note_taker: note_taker_result }
}

fn untouched(_: usize, _: &mut Vec<u8>) {}

#[test]
fn the_right_code_pairs_both_sides_with_one_secret_and_each_others_certificates() {
    let now = Instant::now();
    let mut offer = PairingOffer::with_code(code("4821-0937"), now);
    let outcome = pair(&mut offer, &code("4821 0937"), fp(0xbb), fp(0xaa), now, untouched);
    let hub = outcome.hub.unwrap();
    let note_taker = outcome.note_taker.unwrap();
    assert_eq!((hub.device, hub.fingerprint), (NOTE_TAKER, fp(0xbb)));
    assert_eq!((note_taker.device, note_taker.fingerprint), (HUB, fp(0xaa)));
    assert_eq!(hub.secret, note_taker.secret);
    // The code is spent.
    assert!(!offer.is_open(now));

    // Another pairing with the same code, devices and certificates: another secret.
    let mut again = PairingOffer::with_code(code("4821-0937"), now);
    let other = pair(&mut again, &code("48210937"), fp(0xbb), fp(0xaa), now, untouched);
    assert_ne!(other.hub.unwrap().secret, hub.secret);
}

#[test]
fn a_wrong_code_fails_on_both_sides_and_spends_the_code() {
    let now = Instant::now();
    let mut offer = PairingOffer::with_code(code("4821-0937"), now);
    let outcome = pair(&mut offer, &code("4821-0938"), fp(0xbb), fp(0xaa), now, untouched);
    assert_eq!(
        outcome.hub.unwrap_err(),
        "pairing failed: the code did not match, or another device is in between (the two sides saw different certificates); show a new code and try again, on a network you trust"
    );
    assert!(matches!(outcome.note_taker, Err(PairingError::Failed)));
    // The right code now comes too late.
    let outcome = pair(&mut offer, &code("4821-0937"), fp(0xbb), fp(0xaa), now, untouched);
    assert_eq!(
        outcome.hub.unwrap_err(),
        "this pairing code has already been tried (a code allows one attempt); show a new one on the facilitator's screen"
    );
}

#[test]
fn an_expired_code_is_refused() {
    let shown = Instant::now();
    let mut offer = PairingOffer::with_code(code("4821-0937"), shown);
    assert_eq!(offer.expires_at(), shown + Duration::from_secs(300));
    let late = shown + CODE_LIFETIME;
    assert!(!offer.is_open(late));
    let outcome = pair(&mut offer, &code("4821-0937"), fp(0xbb), fp(0xaa), late, untouched);
    assert_eq!(
        outcome.hub.unwrap_err(),
        "this pairing code has expired (a code lasts 5 minutes); show a new one on the facilitator's screen"
    );
    // A second before is in time.
    let mut offer = PairingOffer::with_code(code("4821-0937"), shown);
    let in_time = late - Duration::from_secs(1);
    assert!(offer.is_open(in_time));
    let outcome = pair(&mut offer, &code("4821-0937"), fp(0xbb), fp(0xaa), in_time, untouched);
    assert!(outcome.hub.is_ok());

    // A proof that arrives after the deadline is refused too.
    let mut offer = PairingOffer::with_code(code("4821-0937"), shown);
    let (note_taker, hello) =
        NoteTakerPairing::start(&code("4821-0937"), NOTE_TAKER, fp(0xbb), fp(0xaa)).unwrap();
    let (hub, challenge) =
        HubPairing::answer(&mut offer, HUB, fp(0xaa), &hello, fp(0xbb), in_time).unwrap();
    assert_eq!(hub.note_taker(), NOTE_TAKER);
    let (confirming, proof) = note_taker.confirm(&challenge).unwrap();
    assert_eq!(confirming.hub(), HUB);
    assert!(matches!(hub.finish(&proof, late), Err(PairingError::Expired)));
}

#[test]
fn different_certificates_seen_by_the_two_sides_fail_the_confirmation_on_both() {
    let now = Instant::now();
    // The note-taker reached a device in the middle presenting its own certificate (0xee).
    let mut offer = PairingOffer::with_code(code("1111-2222"), now);
    let outcome = pair(&mut offer, &code("1111-2222"), fp(0xbb), fp(0xee), now, untouched);
    assert!(matches!(outcome.hub, Err(PairingError::Failed)));
    assert!(matches!(outcome.note_taker, Err(PairingError::Failed)));
    // The hub was reached by that device with its own client certificate (0xdd).
    let mut offer = PairingOffer::with_code(code("1111-2222"), now);
    let outcome = pair(&mut offer, &code("1111-2222"), fp(0xdd), fp(0xaa), now, untouched);
    assert!(matches!(outcome.hub, Err(PairingError::Failed)));
    assert!(matches!(outcome.note_taker, Err(PairingError::Failed)));
}

/// A message with one field replaced by `value` (JSON).
fn with_field(message: &[u8], field: &str, value: serde_json::Value) -> Vec<u8> {
    let mut json: serde_json::Value = serde_json::from_slice(message).unwrap();
    json[field] = value;
    serde_json::to_vec(&json).unwrap()
}

/// The same base64 field with one bit of its bytes flipped.
fn flip_a_bit(message: &[u8], field: &str) -> Vec<u8> {
    let json: serde_json::Value = serde_json::from_slice(message).unwrap();
    let mut bytes = data_encoding::BASE64.decode(json[field].as_str().unwrap().as_bytes()).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    with_field(message, field, data_encoding::BASE64.encode(&bytes).into())
}

#[test]
fn a_changed_message_fails_the_pairing() {
    let now = Instant::now();
    type Change = fn(&[u8]) -> Vec<u8>;
    let changes: [(usize, &str, Change); 6] = [
        (1, "the note-taker's SPAKE2 message", |m| flip_a_bit(m, "spake2")),
        (1, "the note-taker's device id", |m| {
            with_field(m, "device", DeviceId::new(7).to_string().into())
        }),
        (2, "the hub's SPAKE2 message", |m| flip_a_bit(m, "spake2")),
        (2, "the hub's device id", |m| {
            with_field(m, "device", DeviceId::new(7).to_string().into())
        }),
        (3, "the proof", |m| flip_a_bit(m, "confirm")),
        (4, "the welcome", |m| flip_a_bit(m, "confirm")),
    ];
    for (number, what, change) in changes {
        let mut offer = PairingOffer::with_code(code("5555-0000"), now);
        let tamper = |n: usize, message: &mut Vec<u8>| {
            if n == number {
                *message = change(message);
            }
        };
        let outcome = pair(&mut offer, &code("5555-0000"), fp(0xbb), fp(0xaa), now, tamper);
        // A changed proof leaves both sides with the same keys: the note-taker is stopped by
        // the hub's refusal (no welcome), which `pair` replaces with a dishonest welcome.
        if number != 3 {
            assert!(outcome.note_taker.is_err(), "{what} changed: the note-taker paired");
        }
        if number < 4 {
            assert!(outcome.hub.is_err(), "{what} changed: the hub paired");
        }
        assert!(!offer.is_open(now), "{what} changed: the code is still open");
    }
}

#[test]
fn replayed_messages_do_not_pair() {
    let now = Instant::now();
    // An exchange captured whole.
    let mut offer = PairingOffer::with_code(code("9090-1212"), now);
    let (note_taker, hello) =
        NoteTakerPairing::start(&code("9090-1212"), NOTE_TAKER, fp(0xbb), fp(0xaa)).unwrap();
    let (hub, challenge) =
        HubPairing::answer(&mut offer, HUB, fp(0xaa), &hello, fp(0xbb), now).unwrap();
    let (confirming, proof) = note_taker.confirm(&challenge).unwrap();
    let (_, welcome) = hub.finish(&proof, now).unwrap();
    confirming.finish(&welcome).unwrap();

    // Played again to the hub, even with the same code shown again, from the same device.
    let mut offer = PairingOffer::with_code(code("9090-1212"), now);
    let (hub, _) = HubPairing::answer(&mut offer, HUB, fp(0xaa), &hello, fp(0xbb), now).unwrap();
    assert!(matches!(hub.finish(&proof, now), Err(PairingError::Failed)));

    // Played again to a note-taker starting anew with the same code.
    let (note_taker, _) =
        NoteTakerPairing::start(&code("9090-1212"), NOTE_TAKER, fp(0xbb), fp(0xaa)).unwrap();
    let (confirming, _) = note_taker.confirm(&challenge).unwrap();
    assert!(matches!(confirming.finish(&welcome), Err(PairingError::Failed)));

    // A note-taker's own hello sent back to it as the hub's challenge.
    let (note_taker, hello) =
        NoteTakerPairing::start(&code("9090-1212"), NOTE_TAKER, fp(0xbb), fp(0xaa)).unwrap();
    let reflected = with_field(&hello, "device", HUB.to_string().into());
    let err = note_taker.confirm(&reflected).err().unwrap();
    assert_eq!(
        err,
        "the other side's pairing message (challenge) is not valid: bad side; pair again with a new code, with the same version of convene on both laptops"
    );
}

#[test]
fn a_message_that_is_no_hello_does_not_spend_the_code() {
    let now = Instant::now();
    let mut offer = PairingOffer::with_code(code("3141-5926"), now);
    let err = HubPairing::answer(&mut offer, HUB, fp(0xaa), b"GET / HTTP/1.1", fp(0xbb), now).err();
    assert!(err.unwrap().to_string().starts_with(
        "the other side's pairing message (hello) is not valid: expected value at line 1"
    ));
    let newer = br#"{"pairing":2,"device":"00000000000000000000000000","spake2":""}"#;
    let err = HubPairing::answer(&mut offer, HUB, fp(0xaa), newer, fp(0xbb), now).err();
    assert_eq!(
        err.unwrap(),
        "the other side speaks pairing version 2, this convene version 1; use the same version of convene on both laptops"
    );
    let huge = vec![b' '; 5000];
    assert!(HubPairing::answer(&mut offer, HUB, fp(0xaa), &huge, fp(0xbb), now).is_err());
    assert!(offer.is_open(now));
    let outcome = pair(&mut offer, &code("3141-5926"), fp(0xbb), fp(0xaa), now, untouched);
    assert!(outcome.hub.is_ok() && outcome.note_taker.is_ok());
}

#[test]
fn a_laptop_cannot_pair_with_itself() {
    let now = Instant::now();
    let mut offer = PairingOffer::with_code(code("1212-3434"), now);
    let (_, hello) = NoteTakerPairing::start(&code("1212-3434"), HUB, fp(0xaa), fp(0xaa)).unwrap();
    let err = HubPairing::answer(&mut offer, HUB, fp(0xaa), &hello, fp(0xaa), now).err();
    assert_eq!(
        err.unwrap(),
        format!(
            "a laptop cannot pair with itself (both sides are device {HUB}); pair from another laptop"
        )
    );
}

#[test]
fn a_code_is_eight_random_digits_read_in_two_groups() {
    assert_eq!(code("0482-1093").to_string(), "0482-1093");
    assert_eq!(code(" 0482 1093 ").to_string(), "0482-1093");
    assert_eq!(format!("{:?}", code("0482-1093")), "PairingCode(****-****)");
    for bad in ["", "0482-109", "0482-10934", "0482-1O93", "+482-1093", "０４８２１０９３"]
    {
        assert_eq!(
            bad.parse::<PairingCode>().err().unwrap(),
            "a pairing code is 8 digits, such as 4821-0937; type the one on the facilitator's screen",
            "{bad:?}"
        );
    }
    let codes: std::collections::BTreeSet<String> =
        (0..20).map(|_| PairingCode::random().unwrap().to_string()).collect();
    assert!(codes.len() > 15, "{codes:?}");
    for shown in &codes {
        assert_eq!(shown.len(), 9);
        assert_eq!(shown.as_bytes()[4], b'-');
        assert_eq!(code(shown).to_string(), *shown);
    }
    let offer = PairingOffer::new(Instant::now()).unwrap();
    assert_eq!(offer.code().to_string().len(), 9);
}

// Over real TLS on loopback. The framing (a 4-byte length, then the message) stands in for
// the HTTP the hub and the note-takers will speak.

fn write_frame(stream: &mut impl Write, message: &[u8]) -> io::Result<()> {
    let length = u32::try_from(message.len()).map_err(io::Error::other)?;
    stream.write_all(&length.to_be_bytes())?;
    stream.write_all(message)?;
    stream.flush()
}

fn read_frame(stream: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut length = [0u8; 4];
    stream.read_exact(&mut length)?;
    let length = u32::from_be_bytes(length) as usize;
    if length > 64 * 1024 {
        return Err(io::Error::other("frame too long"));
    }
    let mut message = vec![0u8; length];
    stream.read_exact(&mut message)?;
    Ok(message)
}

type ServerStream = rustls::StreamOwned<rustls::ServerConnection, TcpStream>;
type ClientStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

fn accept(listener: &TcpListener, config: Arc<rustls::ServerConfig>) -> io::Result<ServerStream> {
    let (socket, _) = listener.accept()?;
    let connection = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
    let mut stream = rustls::StreamOwned::new(connection, socket);
    stream.conn.complete_io(&mut stream.sock)?;
    Ok(stream)
}

fn connect(port: u16, config: Arc<rustls::ClientConfig>) -> io::Result<ClientStream> {
    let socket = TcpStream::connect(("127.0.0.1", port))?;
    let name = ServerName::try_from("127.0.0.1").map_err(io::Error::other)?;
    let connection =
        rustls::ClientConnection::new(config, name.to_owned()).map_err(io::Error::other)?;
    let mut stream = rustls::StreamOwned::new(connection, socket);
    stream.conn.complete_io(&mut stream.sock)?;
    Ok(stream)
}

/// The hub: shows `offer`, pairs the first connection, keeps the pairing in `data`.
fn hub_pairs_one(
    data: std::path::PathBuf,
    identity: Identity,
    mut offer: PairingOffer,
) -> (u16, JoinHandle<Result<Paired, String>>) {
    let config = hub_config(&identity).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut stream = accept(&listener, config).map_err(|e| e.to_string())?;
        let presented = peer_fingerprint(&stream.conn).ok_or("no client certificate")?;
        let hello = read_frame(&mut stream).map_err(|e| e.to_string())?;
        let now = Instant::now();
        let (pairing, challenge) = HubPairing::answer(
            &mut offer,
            identity.device(),
            identity.fingerprint(),
            &hello,
            presented,
            now,
        )
        .map_err(|e| e.to_string())?;
        write_frame(&mut stream, &challenge).map_err(|e| e.to_string())?;
        let proof = read_frame(&mut stream).map_err(|e| e.to_string())?;
        // On failure the connection just closes: the note-taker gets no welcome.
        let (paired, welcome) =
            pairing.finish(&proof, Instant::now()).map_err(|e| e.to_string())?;
        let mut devices = PairedDevices::load(&data).map_err(|e| e.to_string())?;
        devices.add_note_taker(&paired, chrono::Utc::now());
        devices.save(&data).map_err(|e| e.to_string())?;
        write_frame(&mut stream, &welcome).map_err(|e| e.to_string())?;
        Ok(paired)
    });
    (port, handle)
}

/// The note-taker: first contact with the hub at `port`, pairs with `typed`, keeps it.
fn note_taker_pairs(
    data: &std::path::Path,
    identity: &Identity,
    port: u16,
    typed: &PairingCode,
) -> Result<Paired, String> {
    let (config, seen) = first_contact_config(identity).map_err(|e| e.to_string())?;
    let mut stream = connect(port, config).map_err(|e| e.to_string())?;
    let hub_seen = seen.fingerprint().ok_or("no server certificate seen")?;
    let (pairing, hello) =
        NoteTakerPairing::start(typed, identity.device(), identity.fingerprint(), hub_seen)
            .map_err(|e| e.to_string())?;
    write_frame(&mut stream, &hello).map_err(|e| e.to_string())?;
    let challenge = read_frame(&mut stream).map_err(|e| e.to_string())?;
    let (confirming, proof) = pairing.confirm(&challenge).map_err(|e| e.to_string())?;
    write_frame(&mut stream, &proof).map_err(|e| e.to_string())?;
    let welcome = read_frame(&mut stream).map_err(|e| format!("no welcome: {e}"))?;
    let paired = confirming.finish(&welcome).map_err(|e| e.to_string())?;
    let mut devices = PairedDevices::load(data).map_err(|e| e.to_string())?;
    devices.add_hub(&paired, &format!("127.0.0.1:{port}"), chrono::Utc::now());
    devices.save(data).map_err(|e| e.to_string())?;
    Ok(paired)
}

/// A hub accepting one more connection: the fingerprint its client presented.
fn hub_hears_one(identity: &Identity) -> (u16, JoinHandle<Result<Fingerprint, String>>) {
    let config = hub_config(identity).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut stream = accept(&listener, config).map_err(|e| e.to_string())?;
        let presented = peer_fingerprint(&stream.conn).ok_or("no client certificate")?;
        write_frame(&mut stream, b"hello").map_err(|e| e.to_string())?;
        Ok(presented)
    });
    (port, handle)
}

#[test]
fn a_note_taker_pairs_over_tls_and_then_connects_pinned() {
    let (hub_data, note_taker_data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let hub = Identity::load_or_create(hub_data.path(), HUB).unwrap();
    let note_taker = Identity::load_or_create(note_taker_data.path(), NOTE_TAKER).unwrap();
    let offer = PairingOffer::new(Instant::now()).unwrap();
    let typed = code(&offer.code().to_string());
    let hub_identity = Identity::load_or_create(hub_data.path(), HUB).unwrap();
    let (port, server) = hub_pairs_one(hub_data.path().to_path_buf(), hub_identity, offer);

    let on_note_taker =
        note_taker_pairs(note_taker_data.path(), &note_taker, port, &typed).unwrap();
    let on_hub = server.join().unwrap().unwrap();
    assert_eq!((on_hub.device, on_hub.fingerprint), (NOTE_TAKER, note_taker.fingerprint()));
    assert_eq!((on_note_taker.device, on_note_taker.fingerprint), (HUB, hub.fingerprint()));
    assert_eq!(on_hub.secret, on_note_taker.secret);

    // Both kept it.
    let hub_devices = PairedDevices::load(hub_data.path()).unwrap();
    let kept = hub_devices.note_taker(NOTE_TAKER, note_taker.fingerprint()).unwrap();
    assert_eq!(kept.secret, on_hub.secret);
    let note_taker_devices = PairedDevices::load(note_taker_data.path()).unwrap();
    let kept_hub = note_taker_devices.hub(HUB).unwrap();
    assert_eq!(kept_hub.fingerprint, hub.fingerprint());
    assert_eq!(kept_hub.address, format!("127.0.0.1:{port}"));

    // From now on the note-taker connects pinned, and the hub knows it by its certificate.
    let (port, server) = hub_hears_one(&hub);
    let config = note_taker_config(&note_taker, kept_hub.fingerprint).unwrap();
    let mut stream = connect(port, config).unwrap();
    assert_eq!(read_frame(&mut stream).unwrap(), b"hello");
    let presented = server.join().unwrap().unwrap();
    assert_eq!(
        hub_devices.note_taker_by_fingerprint(presented).map(|n| n.device),
        Some(NOTE_TAKER)
    );
}

#[test]
fn a_wrong_code_over_tls_pairs_nobody() {
    let (hub_data, note_taker_data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let hub = Identity::load_or_create(hub_data.path(), HUB).unwrap();
    let note_taker = Identity::load_or_create(note_taker_data.path(), NOTE_TAKER).unwrap();
    let offer = PairingOffer::with_code(code("2468-1357"), Instant::now());
    let (port, server) = hub_pairs_one(hub_data.path().to_path_buf(), hub, offer);
    let err = note_taker_pairs(note_taker_data.path(), &note_taker, port, &code("2468-1358"))
        .unwrap_err();
    assert!(err.starts_with("no welcome: "), "{err}");
    assert_eq!(server.join().unwrap().unwrap_err(), PairingError::Failed.to_string());
    assert_eq!(PairedDevices::load(hub_data.path()).unwrap(), PairedDevices::default());
    assert_eq!(PairedDevices::load(note_taker_data.path()).unwrap(), PairedDevices::default());
}

/// A device in the middle: it accepts the note-taker's connection with its own certificate,
/// connects to the hub with its own certificate too, and relays the pairing messages.
fn device_in_the_middle(hub_port: u16) -> (u16, JoinHandle<io::Result<()>>) {
    let attacker = Identity::in_memory(DeviceId::new(0x666)).unwrap();
    let server_config = hub_config(&attacker).unwrap();
    let (client_config, _) = first_contact_config(&attacker).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut from_note_taker = accept(&listener, server_config)?;
        let mut to_hub = connect(hub_port, client_config)?;
        for _ in 0..2 {
            let message = read_frame(&mut from_note_taker)?;
            write_frame(&mut to_hub, &message)?;
            let answer = read_frame(&mut to_hub)?;
            write_frame(&mut from_note_taker, &answer)?;
        }
        Ok(())
    });
    (port, handle)
}

#[test]
fn a_device_in_the_middle_with_its_own_certificate_makes_pairing_fail() {
    let (hub_data, note_taker_data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let hub = Identity::load_or_create(hub_data.path(), HUB).unwrap();
    let note_taker = Identity::load_or_create(note_taker_data.path(), NOTE_TAKER).unwrap();
    let offer = PairingOffer::new(Instant::now()).unwrap();
    // Even knowing nothing of the code, the relay passes the right one through.
    let typed = code(&offer.code().to_string());
    let (hub_port, server) = hub_pairs_one(hub_data.path().to_path_buf(), hub, offer);
    let (relay_port, relay) = device_in_the_middle(hub_port);

    let err =
        note_taker_pairs(note_taker_data.path(), &note_taker, relay_port, &typed).unwrap_err();
    assert!(err.starts_with("no welcome: "), "{err}");
    assert_eq!(server.join().unwrap().unwrap_err(), PairingError::Failed.to_string());
    assert!(relay.join().unwrap().is_err(), "the hub hung up on the relay");
    assert_eq!(PairedDevices::load(hub_data.path()).unwrap(), PairedDevices::default());
    assert_eq!(PairedDevices::load(note_taker_data.path()).unwrap(), PairedDevices::default());
}
