//! `convene join [ADDRESS]`: a note-taker's laptop finds the facilitator's (DNS-SD, or the
//! address typed), pairs with it by the one-time code on its screen (once: the pairing is
//! kept in the data directory), and makes or brings up to date its full replica of the
//! record. The live screen then runs on the replica, synced with the hub.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::event::DeviceId;
use crate::peer::client::SyncTarget;
use crate::peer::discovery::{FoundEvent, browse};
use crate::peer::{Identity, PairedDevices, PairingCode, note_taker_config};
use crate::peer::{download, pair};
use crate::record;
use crate::tui::JoinedSettings;
use crate::tui::peers::DEFAULT_PEER_PORT;

/// How long `convene join` without an address looks for events on the network.
const LOOK_FOR: Duration = Duration::from_secs(3);

/// A replica ready for the live screen, and how it syncs.
pub struct Joined {
    pub replica: PathBuf,
    pub settings: JoinedSettings,
}

/// Why joining stopped; one line each: what, where, what to do.
#[derive(Debug, thiserror::Error)]
pub enum JoinFailed {
    #[error(transparent)]
    Record(#[from] record::RecordError),
    #[error("cannot use this laptop's identity for pairing: {0}")]
    Identity(String),
    #[error("{0}")]
    Peer(String),
    #[error(
        "no event found on this network and no address typed; type the address the facilitator's screen shows after N: convene join 192.168.1.20:{DEFAULT_PEER_PORT}"
    )]
    NoAddress,
    #[error(
        "\"{0}\" is not an address; type it as the facilitator's screen shows it, such as 192.168.1.20:{DEFAULT_PEER_PORT}"
    )]
    BadAddress(String),
    #[error("joining was cancelled")]
    Cancelled,
}

/// The address as typed, with the default port when none is given ("192.168.1.20" →
/// "192.168.1.20:8443"; "[fe80::1]:9000" stays).
pub fn normalise(address: &str) -> Result<String, JoinFailed> {
    let address = address.trim();
    let bad = || JoinFailed::BadAddress(address.to_string());
    if address.is_empty() || address.contains(char::is_whitespace) || address.contains('/') {
        return Err(bad());
    }
    if address.parse::<std::net::SocketAddr>().is_ok() {
        return Ok(address.to_string());
    }
    if let Ok(ip) = address.parse::<std::net::IpAddr>() {
        return Ok(std::net::SocketAddr::new(ip, DEFAULT_PEER_PORT).to_string());
    }
    // A host name, with or without a port.
    match address.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
            Ok(address.to_string())
        }
        Some(_) => Err(bad()),
        None => Ok(format!("{address}:{DEFAULT_PEER_PORT}")),
    }
}

/// Finds the hub, pairs when needed, and makes the replica.
pub fn prepare(data_dir: Option<&Path>, address: Option<&str>) -> Result<Joined, JoinFailed> {
    let data = record::data_dir(data_dir)?;
    let device = record::device_id(&data)?;
    let identity =
        Identity::load_or_create(&data, device).map_err(|e| JoinFailed::Identity(e.to_string()))?;
    let paired = PairedDevices::load(&data).map_err(|e| JoinFailed::Peer(e.to_string()))?;
    let (address, announced) = match address {
        Some(address) => (normalise(address)?, None),
        None => choose()?,
    };
    // Paired before with this hub (found by the device it announces, or at this address):
    // no code needed.
    let known = paired
        .hubs
        .iter()
        .rev()
        .find(|hub| announced.is_some_and(|d| d == hub.device) || hub.address == address)
        .map(|hub| (hub.device, hub.fingerprint));
    let (hub, fingerprint) = match known {
        Some(known) => {
            eprintln!("Paired with this laptop before: no code needed.");
            known
        }
        None => {
            let code = ask_code()?;
            eprintln!("Pairing with {address}…");
            let paired = pair(&address, &code, &identity, &data)
                .map_err(|e| JoinFailed::Peer(e.to_string()))?;
            eprintln!("Paired.");
            (paired.device, paired.fingerprint)
        }
    };
    let tls =
        note_taker_config(&identity, fingerprint).map_err(|e| JoinFailed::Peer(e.to_string()))?;
    eprintln!("Copying the record from {address}…");
    let replica = download(&address, tls.clone(), device, &record::records_dir(&data))
        .map_err(|e| JoinFailed::Peer(e.to_string()))?;
    let target = SyncTarget { record: replica.clone(), device, hub: address, tls };
    Ok(Joined { replica, settings: JoinedSettings { target, hub } })
}

/// Lists the events found on the network and asks which to join; the address typed when
/// none is found. Also the hub's device, when it announced it.
fn choose() -> Result<(String, Option<DeviceId>), JoinFailed> {
    eprintln!("Looking for events on this network…");
    let found = browse(LOOK_FOR).unwrap_or_else(|error| {
        eprintln!("{error}");
        Vec::new()
    });
    let found: Vec<(String, &FoundEvent)> = found
        .iter()
        .filter_map(|event| event.addresses.first().map(|a| (a.to_string(), event)))
        .collect();
    if found.is_empty() {
        eprintln!(
            "No event found (the network may block discovery). The facilitator's screen shows the address after N."
        );
        let typed = read_line("Address of the facilitator's laptop: ")?;
        if typed.trim().is_empty() {
            return Err(JoinFailed::NoAddress);
        }
        return Ok((normalise(&typed)?, None));
    }
    for (i, (address, event)) in found.iter().enumerate() {
        eprintln!("  {}. {} at {address}", i + 1, crate::sanitize::for_terminal(&event.title));
    }
    loop {
        let typed = read_line(&format!("Join which (1-{}), or type an address: ", found.len()))?;
        let typed = typed.trim();
        if typed.is_empty() && found.len() == 1 {
            return Ok((found[0].0.clone(), found[0].1.device.parse().ok()));
        }
        if let Some((address, event)) =
            typed.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| found.get(i))
        {
            return Ok((address.clone(), event.device.parse().ok()));
        }
        if !typed.is_empty() {
            return Ok((normalise(typed)?, None));
        }
    }
}

/// Asks for the pairing code until one reads as 8 digits.
fn ask_code() -> Result<PairingCode, JoinFailed> {
    loop {
        let typed = read_line("Pairing code (8 digits, on the facilitator's screen after N): ")?;
        match typed.trim().parse::<PairingCode>() {
            Ok(code) => return Ok(code),
            Err(error) => eprintln!("{error}"),
        }
    }
}

/// One line from the terminal; Cancelled at its end (Ctrl-d).
fn read_line(prompt: &str) -> Result<String, JoinFailed> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => Err(JoinFailed::Cancelled),
        Ok(_) => Ok(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_the_default_port_when_it_has_none() {
        let ok = |typed: &str| normalise(typed).map_err(|e| e.to_string());
        assert_eq!(ok("192.168.1.20").as_deref(), Ok("192.168.1.20:8443"));
        assert_eq!(ok(" 192.168.1.20:9000\n").as_deref(), Ok("192.168.1.20:9000"));
        assert_eq!(ok("::1").as_deref(), Ok("[::1]:8443"));
        assert_eq!(ok("[fe80::1]:9000").as_deref(), Ok("[fe80::1]:9000"));
        assert_eq!(ok("facilitator.local").as_deref(), Ok("facilitator.local:8443"));
        assert_eq!(ok("facilitator.local:9000").as_deref(), Ok("facilitator.local:9000"));
        assert_eq!(
            ok("http://10.0.0.1/"),
            Err("\"http://10.0.0.1/\" is not an address; type it as the facilitator's screen shows it, such as 192.168.1.20:8443".to_string())
        );
        assert!(ok("").is_err());
        assert!(ok("host:port").is_err());
    }
}
