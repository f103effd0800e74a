//! The addresses a phone can reach the laptop at: the phone page's URL on each.

use std::net::IpAddr;

/// Interfaces that are not the venue's network: containers, virtual machines, VPNs.
const VIRTUAL: &[&str] = &[
    "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "podman", "cni", "flannel",
];

/// The phone page's URL on `ip`.
pub fn url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    }
}

/// The phone page's URL for every address the server listening on `bind` is reached at:
/// IPv4 first, then IPv6 (only when listening on an IPv6 address), those of virtual
/// interfaces after the others; loopback only when there is nothing else, or when it is
/// bound there.
pub fn phone_urls(bind: IpAddr, port: u16) -> Vec<String> {
    reachable(bind).into_iter().map(|ip| url(ip, port)).collect()
}

/// `host:port` for every address a server listening on `bind` is reached at, in the order
/// of [`phone_urls`]: what a note-taker types after `convene join`.
pub fn host_ports(bind: IpAddr, port: u16) -> Vec<String> {
    reachable(bind).into_iter().map(|ip| std::net::SocketAddr::new(ip, port).to_string()).collect()
}

/// The addresses a server listening on `bind` is reached at, best first.
fn reachable(bind: IpAddr) -> Vec<IpAddr> {
    if !bind.is_unspecified() {
        return vec![bind];
    }
    let interfaces = if_addrs::get_if_addrs().unwrap_or_default();
    let found = interfaces.iter().filter(|i| {
        !matches!(
            i.oper_status,
            if_addrs::IfOperStatus::Down
                | if_addrs::IfOperStatus::NotPresent
                | if_addrs::IfOperStatus::LowerLayerDown
        )
    });
    let found: Vec<(&str, IpAddr)> = found.map(|i| (i.name.as_str(), i.ip())).collect();
    let ranked = ranked(bind, &found);
    if ranked.is_empty() {
        return vec![match bind {
            IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        }];
    }
    ranked
}

/// The addresses of `interfaces` (name, address) a server on the unspecified `bind` is
/// reached at, best first, without loopback and link-local ones (a URL cannot name their
/// interface).
fn ranked(bind: IpAddr, interfaces: &[(&str, IpAddr)]) -> Vec<IpAddr> {
    let mut found: Vec<(u8, IpAddr)> = interfaces
        .iter()
        .filter(|(_, ip)| !ip.is_loopback())
        .filter_map(|&(name, ip)| {
            let virtual_ = VIRTUAL.iter().any(|prefix| name.starts_with(prefix));
            let rank = match ip {
                IpAddr::V4(v4) if v4.is_link_local() => return None,
                IpAddr::V4(_) => 0,
                // A socket on 0.0.0.0 takes no IPv6 connection.
                IpAddr::V6(_) if bind.is_ipv4() => return None,
                IpAddr::V6(v6) if v6.is_unicast_link_local() => return None,
                IpAddr::V6(_) => 2,
            };
            Some((rank + u8::from(virtual_), ip))
        })
        .collect();
    found.sort_by_key(|(rank, _)| *rank);
    let mut seen = Vec::new();
    for (_, ip) in found {
        if !seen.contains(&ip) {
            seen.push(ip);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn lan_addresses_come_first_and_loopback_only_when_bound_there() {
        let interfaces = [
            ("lo", ip("127.0.0.1")),
            ("docker0", ip("172.17.0.1")),
            ("wlan0", ip("192.168.1.20")),
            ("wlan0", ip("fe80::1")),
            ("wlan0", ip("2001:db8::20")),
            ("eth0", ip("169.254.3.4")),
        ];
        let any4 = ip("0.0.0.0");
        assert_eq!(ranked(any4, &interfaces), vec![ip("192.168.1.20"), ip("172.17.0.1")]);
        assert_eq!(
            ranked(ip("::"), &interfaces),
            vec![ip("192.168.1.20"), ip("172.17.0.1"), ip("2001:db8::20")]
        );
        assert_eq!(phone_urls(ip("127.0.0.1"), 8080), vec!["http://127.0.0.1:8080/"]);
        assert_eq!(host_ports(ip("127.0.0.1"), 8443), vec!["127.0.0.1:8443"]);
        assert_eq!(host_ports(ip("::1"), 8443), vec!["[::1]:8443"]);
        assert_eq!(url(ip("2001:db8::20"), 80), "http://[2001:db8::20]:80/");
        assert!(ranked(any4, &interfaces[..1]).is_empty());
        let all = phone_urls(any4, 8080);
        assert!(!all.is_empty() && all.iter().all(|u| u.ends_with(":8080/")), "{all:?}");
    }
}
