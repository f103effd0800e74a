//! Finding events on the venue network (shared/design/ROOM.md, "Discovery"): the hub
//! advertises its peer port by DNS-SD over mDNS as a `_convene._tcp.local.` service, and a
//! note-taker's `convene join` browses for those. The typed address on the facilitator's screen
//! stays the fallback: guest Wi-Fi often blocks multicast.
//!
//! The service's TXT record carries `v=1`, `record` (the record folder name), `title` and
//! `device` (the hub's device id); its instance name is the title made fit for DNS-SD with the
//! short device id added, for tools such as `avahi-browse`. The host name is
//! `convene-<device id>.local.`, never the computer's own name, so the hub's address records do
//! not clash with the operating system's mDNS responder.
//!
//! Addresses: every address of every interface that is up (mdns-sd's `enable_addr_auto` with
//! its default interface selection, loopback included). mdns-sd sends each interface only the
//! addresses that belong to it, so a loopback address is announced on the loopback interface
//! alone: it never reaches another computer, and it is what lets a note-taker on the same
//! computer (or a test) find the hub when the computer has no other network.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, SocketAddrV6};
use std::time::{Duration, Instant};

use mdns_sd::{ResolvedService, ScopedIp, ServiceDaemon, ServiceEvent, ServiceInfo};
use unicode_normalization::UnicodeNormalization;

use crate::event::DeviceId;

/// The DNS-SD service type of a hub's peer port.
pub const SERVICE_TYPE: &str = "_convene._tcp.local.";

/// The version of the TXT record this code writes and reads (`v=1`).
const TXT_VERSION: &str = "1";

/// The longest DNS label, and so the longest instance name, in bytes (RFC 6763 §4.1.1).
const INSTANCE_MAX: usize = 63;

/// The longest TXT string (`key=value`), in bytes (RFC 6763 §6.1).
const TXT_STRING_MAX: usize = 255;

/// Characters of the device id shown in the instance name.
const SHORT_DEVICE: usize = 8;

/// How long stopping waits for each of the daemon's answers (unregister, then shut down).
const STOP_WAIT: Duration = Duration::from_millis(450);

/// What the hub tells the venue network about its event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventInfo {
    pub title: String,
    /// The record folder name.
    pub record: String,
    /// The hub's device id.
    pub device: DeviceId,
}

/// An event a browse found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundEvent {
    pub title: String,
    /// The record folder name (one plain folder name: no separators, not `.` or `..`).
    pub record: String,
    /// The hub's device id, as text (a valid device id).
    pub device: String,
    /// The hub's peer port at each of its addresses: IPv4 first, loopback last in each family.
    pub addresses: Vec<SocketAddr>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error(
        "could not announce this event on the network ({0}); note-takers can type the address shown on this screen instead"
    )]
    Advertise(String),
    #[error(
        "could not look for events on the network ({0}); type the address shown on the facilitator's screen instead"
    )]
    Browse(String),
}

/// The hub's event, advertised on the network until this is dropped or stopped.
pub struct Advertised {
    daemon: Option<ServiceDaemon>,
    fullname: String,
}

impl Advertised {
    /// Advertises the hub's peer `port` for the event `info`, at the address the port
    /// listens on (`bind`), or at every address of the computer when it listens on all.
    pub fn start(info: &EventInfo, bind: IpAddr, port: u16) -> Result<Advertised, DiscoveryError> {
        let service = service_info(info, bind, port).map_err(DiscoveryError::Advertise)?;
        let fullname = service.get_fullname().to_string();
        let daemon = ServiceDaemon::new().map_err(|e| DiscoveryError::Advertise(e.to_string()))?;
        if let Err(e) = daemon.register(service) {
            shut_down(&daemon);
            return Err(DiscoveryError::Advertise(e.to_string()));
        }
        Ok(Advertised { daemon: Some(daemon), fullname })
    }

    /// The advertised DNS-SD name: `<instance>._convene._tcp.local.`.
    pub fn fullname(&self) -> &str {
        &self.fullname
    }

    /// Withdraws the event from the network (a goodbye to browsers) and stops the daemon,
    /// waiting at most about a second for it.
    pub fn stop(mut self) {
        self.withdraw();
    }

    fn withdraw(&mut self) {
        let Some(daemon) = self.daemon.take() else { return };
        if let Ok(done) = daemon.unregister(&self.fullname) {
            let _ = done.recv_timeout(STOP_WAIT);
        }
        shut_down(&daemon);
    }
}

impl Drop for Advertised {
    fn drop(&mut self) {
        self.withdraw();
    }
}

/// Asks the daemon to stop and waits a little for it; its thread ends on its own after.
fn shut_down(daemon: &ServiceDaemon) {
    if let Ok(done) = daemon.shutdown() {
        let _ = done.recv_timeout(STOP_WAIT);
    }
}

/// The service record of `info`, or what is wrong with it.
fn service_info(info: &EventInfo, bind: IpAddr, port: u16) -> Result<ServiceInfo, String> {
    let device = info.device.to_string();
    let record_max = TXT_STRING_MAX - "record=".len();
    if info.record.len() > record_max {
        return Err(format!("the record folder name is longer than {record_max} bytes"));
    }
    let title = truncate(&info.title, TXT_STRING_MAX - "title=".len());
    let properties = [
        ("v", TXT_VERSION),
        ("record", info.record.as_str()),
        ("title", title),
        ("device", device.as_str()),
    ];
    let host = format!("convene-{device}.local.");
    let service = ServiceInfo::new(
        SERVICE_TYPE,
        &instance_name(&info.title, info.device),
        &host,
        if bind.is_unspecified() { &[] as &[IpAddr] } else { std::slice::from_ref(&bind) },
        port,
        &properties[..],
    )
    .map_err(|e| e.to_string())?;
    // Listening on one address, it is the only one a note-taker can reach.
    Ok(if bind.is_unspecified() { service.enable_addr_auto() } else { service })
}

/// The DNS-SD instance name of an event: its title in NFC, with dots, backslashes and control
/// characters made spaces, runs of white space made one space, cut to fit, then the short
/// device id in brackets; at most 63 bytes.
pub fn instance_name(title: &str, device: DeviceId) -> String {
    let device = device.to_string();
    let short = device.get(..SHORT_DEVICE).unwrap_or(&device);
    let suffix = format!(" ({short})");
    let mut clean = String::new();
    for c in title.nfc() {
        let c = if c == '.' || c == '\\' || c.is_control() { ' ' } else { c };
        if c.is_whitespace() {
            if !clean.is_empty() && !clean.ends_with(' ') {
                clean.push(' ');
            }
        } else {
            clean.push(c);
        }
    }
    let clean = truncate(&clean, INSTANCE_MAX - suffix.len()).trim_end();
    let clean = if clean.is_empty() { "convene" } else { clean };
    format!("{clean}{suffix}")
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Browses the network for `wait` and returns the events found, each once, sorted by title.
/// Services that are not a convene hub's (odd or missing TXT entries) are left out.
pub fn browse(wait: Duration) -> Result<Vec<FoundEvent>, DiscoveryError> {
    let daemon = ServiceDaemon::new().map_err(|e| DiscoveryError::Browse(e.to_string()))?;
    let events = match daemon.browse(SERVICE_TYPE) {
        Ok(events) => events,
        Err(e) => {
            shut_down(&daemon);
            return Err(DiscoveryError::Browse(e.to_string()));
        }
    };
    let mut found: BTreeMap<String, FoundEvent> = BTreeMap::new();
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceResolved(service)) => {
                if let Some(event) = found_event(&service) {
                    match found.get_mut(&service.fullname) {
                        // A later answer for the same hub: its newest record, all addresses.
                        Some(known) => {
                            let mut addresses = std::mem::take(&mut known.addresses);
                            addresses.extend(event.addresses.iter().copied());
                            *known = FoundEvent { addresses, ..event };
                            sort_addresses(&mut known.addresses);
                        }
                        None => {
                            found.insert(service.fullname.clone(), event);
                        }
                    }
                }
            }
            Ok(ServiceEvent::ServiceRemoved(_, fullname)) => {
                found.remove(&fullname);
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    shut_down(&daemon);
    let mut found: Vec<FoundEvent> = found.into_values().collect();
    found.sort_by(|a, b| (&a.title, &a.device).cmp(&(&b.title, &b.device)));
    Ok(found)
}

/// The event a resolved service advertises, or None when it is not a convene hub's `v=1`
/// record with a title, a plain record folder name, a device id and an address.
pub fn found_event(service: &ResolvedService) -> Option<FoundEvent> {
    let text =
        |key: &str| -> Option<&str> { std::str::from_utf8(service.get_property_val(key)??).ok() };
    if text("v")? != TXT_VERSION {
        return None;
    }
    let title = text("title")?.to_string();
    let record = text("record")?;
    let plain = !record.is_empty()
        && record != "."
        && record != ".."
        && !record.contains(['/', '\\'])
        && !record.chars().any(char::is_control);
    if !plain {
        return None;
    }
    let device: DeviceId = text("device")?.parse().ok()?;
    let port = service.get_port();
    let mut addresses: Vec<SocketAddr> =
        service.get_addresses().iter().map(|ip| socket_address(ip, port)).collect();
    sort_addresses(&mut addresses);
    if addresses.is_empty() || port == 0 {
        return None;
    }
    Some(FoundEvent { title, record: record.to_string(), device: device.to_string(), addresses })
}

/// A socket address for `ip`; an IPv6 link-local address keeps the interface it was seen on.
fn socket_address(ip: &ScopedIp, port: u16) -> SocketAddr {
    match ip {
        ScopedIp::V6(v6) if v6.addr().is_unicast_link_local() => {
            SocketAddr::V6(SocketAddrV6::new(*v6.addr(), port, 0, v6.scope_id().index))
        }
        other => SocketAddr::new(other.to_ip_addr(), port),
    }
}

/// IPv4 before IPv6; within each, routable before link-local before loopback; no repeats.
fn sort_addresses(addresses: &mut Vec<SocketAddr>) {
    let rank = |a: &SocketAddr| {
        let ip = a.ip();
        let link_local = match ip {
            IpAddr::V4(v4) => v4.is_link_local(),
            IpAddr::V6(v6) => v6.is_unicast_link_local(),
        };
        (ip.is_ipv6(), ip.is_loopback(), link_local, *a)
    };
    addresses.sort_by_key(rank);
    addresses.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdns_sd::TxtProperty;

    const ANY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);

    const HUB: DeviceId = DeviceId::new(0x0123_4567_89ab_cdef_0011_2233_4455_6677);

    fn short() -> String {
        HUB.to_string()[..8].to_string()
    }

    #[test]
    fn the_instance_name_keeps_a_plain_title_and_adds_the_short_device_id() {
        assert_eq!(HUB.to_string(), "04hkaps9lf6uu00h48pk8lb6es");
        assert_eq!(instance_name("Council", HUB), "Council (04hkaps9)");
    }

    #[test]
    fn the_instance_name_keeps_letters_beyond_ascii_in_nfc() {
        assert_eq!(
            instance_name("Innbyggerlab Grenland – Herøya", HUB),
            "Innbyggerlab Grenland – Herøya (04hkaps9)"
        );
        // "é" written as e + combining acute accent becomes the one character.
        let name = instance_name("Cafe\u{301} citoyen", HUB);
        assert_eq!(name, "Caf\u{e9} citoyen (04hkaps9)");
    }

    #[test]
    fn the_instance_name_has_no_dots_backslashes_or_control_characters() {
        assert_eq!(instance_name("  St. Olav\\v2.0\tplan\n ", HUB), "St Olav v2 0 plan (04hkaps9)");
        assert_eq!(instance_name("...", HUB), "convene (04hkaps9)");
        assert_eq!(instance_name("", HUB), "convene (04hkaps9)");
    }

    #[test]
    fn a_long_title_is_cut_on_a_character_boundary_to_63_bytes() {
        let name = instance_name(&"ø".repeat(40), HUB);
        // 52 bytes are left for the title: 26 two-byte letters.
        assert_eq!(name, format!("{} ({})", "ø".repeat(26), short()));
        assert_eq!(name.len(), 63);
        let name = instance_name(&format!("{}x", "a".repeat(52)), HUB);
        assert_eq!(name, format!("{} ({})", "a".repeat(52), short()));
        assert_eq!(name.len(), 63);
        let name = instance_name(&format!("{} b", "a".repeat(51)), HUB);
        assert_eq!(name.len(), 62, "no space left before the bracket: {name}");
    }

    fn event() -> EventInfo {
        EventInfo {
            title: "Innbyggerlab Grenland – Herøya".into(),
            record: "2025-03-14-innbyggerlab".into(),
            device: HUB,
        }
    }

    #[test]
    fn the_service_carries_the_event_in_its_txt_record() {
        let service = service_info(&event(), ANY, 4711).unwrap();
        assert_eq!(
            service.get_fullname(),
            "Innbyggerlab Grenland – Herøya (04hkaps9)._convene._tcp.local."
        );
        assert_eq!(service.get_hostname(), "convene-04hkaps9lf6uu00h48pk8lb6es.local.");
        assert_eq!(service.get_port(), 4711);
        assert!(service.is_addr_auto());
        let txt: Vec<(String, String)> = service
            .get_properties()
            .iter()
            .map(|p| (p.key().to_string(), p.val_str().to_string()))
            .collect();
        let txt: Vec<(&str, &str)> = txt.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            txt,
            [
                ("v", "1"),
                ("record", "2025-03-14-innbyggerlab"),
                ("title", "Innbyggerlab Grenland – Herøya"),
                ("device", "04hkaps9lf6uu00h48pk8lb6es"),
            ]
        );
    }

    #[test]
    fn a_title_too_long_for_txt_is_cut_and_a_record_name_too_long_is_refused() {
        let long = EventInfo { title: "ø".repeat(200), ..event() };
        let service = service_info(&long, ANY, 4711).unwrap();
        assert_eq!(service.get_property_val_str("title"), Some("ø".repeat(124).as_str()));
        let bad = EventInfo { record: "r".repeat(249), ..event() };
        let error = service_info(&bad, ANY, 4711).unwrap_err();
        assert_eq!(error, "the record folder name is longer than 248 bytes");
        assert_eq!(
            DiscoveryError::Advertise(error).to_string(),
            "could not announce this event on the network (the record folder name is longer \
             than 248 bytes); note-takers can type the address shown on this screen instead"
        );
    }

    /// A resolved service with `properties`, at `addresses`, as a browser would hand it over.
    fn resolved(properties: Vec<TxtProperty>, addresses: &[IpAddr]) -> ResolvedService {
        ServiceInfo::new(SERVICE_TYPE, "Anything", "host.local.", addresses, 4711, properties)
            .unwrap()
            .as_resolved_service()
    }

    fn good_txt() -> Vec<TxtProperty> {
        vec![
            ("v", "1").into(),
            ("record", "2025-03-14-council").into(),
            ("title", "Council").into(),
            ("device", "04hkaps9lf6uu00h48pk8lb6es").into(),
        ]
    }

    fn with(key: &str, value: Option<&[u8]>) -> Vec<TxtProperty> {
        let mut txt: Vec<TxtProperty> = good_txt().into_iter().filter(|p| p.key() != key).collect();
        match value {
            Some(value) => txt.push((key, value).into()),
            None => txt.push(key.into()),
        }
        txt
    }

    #[test]
    fn a_resolved_hub_becomes_an_event_with_ipv4_first_and_loopback_last() {
        let addresses: Vec<IpAddr> = ["::1", "fd00::2", "127.0.0.1", "192.0.2.2", "10.0.0.5"]
            .iter()
            .map(|a| a.parse().unwrap())
            .collect();
        let found = found_event(&resolved(good_txt(), &addresses)).unwrap();
        let addresses: Vec<String> = found.addresses.iter().map(|a| a.to_string()).collect();
        assert_eq!(
            found,
            FoundEvent {
                title: "Council".into(),
                record: "2025-03-14-council".into(),
                device: "04hkaps9lf6uu00h48pk8lb6es".into(),
                addresses: found.addresses.clone(),
            }
        );
        assert_eq!(
            addresses,
            ["10.0.0.5:4711", "192.0.2.2:4711", "127.0.0.1:4711", "[fd00::2]:4711", "[::1]:4711"]
        );
    }

    #[test]
    fn services_that_are_not_a_convene_hubs_are_left_out() {
        let at: [IpAddr; 1] = ["192.0.2.2".parse().unwrap()];
        let odd: Vec<(&str, Vec<TxtProperty>)> = vec![
            ("no TXT at all", vec![]),
            ("another version", with("v", Some(b"2"))),
            ("a version without a value", with("v", None)),
            ("no title value", with("title", None)),
            ("a title that is not UTF-8", with("title", Some(b"Herr\xf8ya"))),
            ("a record that is a path", with("record", Some(b"../../.ssh"))),
            ("a record of dots", with("record", Some(b".."))),
            ("an empty record", with("record", Some(b""))),
            ("a record with a backslash", with("record", Some(b"a\\b"))),
            ("a record with a control character", with("record", Some(b"a\nb"))),
            ("a device that is not a device id", with("device", Some(b"laptop"))),
        ];
        for (what, txt) in odd {
            assert_eq!(found_event(&resolved(txt, &at)), None, "{what}");
        }
        assert_eq!(found_event(&resolved(good_txt(), &[])), None, "no address");
        assert!(found_event(&resolved(good_txt(), &at)).is_some());
    }

    #[test]
    fn a_browse_error_says_what_to_do_instead() {
        assert_eq!(
            DiscoveryError::Browse("no socket".into()).to_string(),
            "could not look for events on the network (no socket); type the address shown on \
             the facilitator's screen instead"
        );
    }

    /// Advertises an event and browses for it in the same process, over the host's own
    /// multicast (the loopback interface at least). Other tests or other convene processes on
    /// this computer may advertise at the same time: only this test's device counts.
    #[test]
    fn an_advertised_event_is_found_by_a_browse_and_gone_after_stop() {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).unwrap();
        let device = DeviceId::new(u128::from_be_bytes(bytes));
        let info = EventInfo {
            title: "Innbyggerlab Grenland – Herøya".into(),
            record: "2025-03-14-innbyggerlab".into(),
            device,
        };
        let advertised = Advertised::start(&info, ANY, 4711).unwrap();
        // A hub listening on one address announces that address alone.
        getrandom::fill(&mut bytes).unwrap();
        let loopback_only = DeviceId::new(u128::from_be_bytes(bytes));
        let bound = EventInfo { device: loopback_only, ..info.clone() };
        let bound = Advertised::start(&bound, IpAddr::from([127, 0, 0, 1]), 4712).unwrap();
        assert_eq!(
            advertised.fullname(),
            format!("{}._convene._tcp.local.", instance_name(&info.title, device))
        );
        let found = browse(Duration::from_secs(3)).unwrap();
        let ours: Vec<&FoundEvent> =
            found.iter().filter(|e| e.device == device.to_string()).collect();
        assert_eq!(ours.len(), 1, "found: {found:?}");
        let ours = ours[0];
        assert_eq!(ours.title, "Innbyggerlab Grenland – Herøya");
        assert_eq!(ours.record, "2025-03-14-innbyggerlab");
        assert!(!ours.addresses.is_empty());
        assert!(ours.addresses.iter().all(|a| a.port() == 4711), "{:?}", ours.addresses);
        assert!(
            ours.addresses.iter().any(|a| a.ip() == IpAddr::from([127, 0, 0, 1])),
            "the loopback address lets this computer reach it: {:?}",
            ours.addresses
        );
        let mut sorted = ours.addresses.clone();
        sort_addresses(&mut sorted);
        assert_eq!(ours.addresses, sorted);
        let on_loopback: Vec<&FoundEvent> =
            found.iter().filter(|e| e.device == loopback_only.to_string()).collect();
        assert_eq!(on_loopback.len(), 1, "found: {found:?}");
        assert_eq!(on_loopback[0].addresses, [SocketAddr::from(([127, 0, 0, 1], 4712))]);
        bound.stop();

        let stopping = Instant::now();
        advertised.stop();
        assert!(stopping.elapsed() < Duration::from_millis(1200), "{:?}", stopping.elapsed());
        let found = browse(Duration::from_secs(2)).unwrap();
        assert!(found.iter().all(|e| e.device != device.to_string()), "still found: {found:?}");
    }
}
