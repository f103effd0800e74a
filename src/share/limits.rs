//! What keeps one phone (or a script) from flooding the inbox: a token bucket per client
//! address, kept in memory only and bounded in size, and random tokens for the forms.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Questions a client may send at once.
pub const BURST: u32 = 3;
/// Then one question per this long.
pub const REFILL: Duration = Duration::from_secs(10);
/// Clients remembered at most; the least recently seen are forgotten first.
pub const MAX_CLIENTS: usize = 4096;

/// One client's bucket: how full it was when last seen.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    /// Questions it may still send, in units of 1/REFILL seconds of waiting.
    tokens: Duration,
    seen: Instant,
}

/// A token bucket per client address. The addresses are kept here only, in memory, for as
/// long as they matter (a full bucket is forgotten): never written anywhere.
#[derive(Debug, Default)]
pub struct Limiter {
    buckets: HashMap<IpAddr, Bucket>,
}

impl Limiter {
    fn full() -> Duration {
        REFILL * BURST
    }

    /// Takes one question from `client`'s bucket at `now`: Ok, or how long until it may
    /// send the next.
    pub fn take(&mut self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let client = client.to_canonical();
        if !self.buckets.contains_key(&client) && self.buckets.len() >= MAX_CLIENTS {
            self.make_room(now);
        }
        let bucket =
            self.buckets.entry(client).or_insert(Bucket { tokens: Limiter::full(), seen: now });
        let waited = now.saturating_duration_since(bucket.seen);
        bucket.tokens = (bucket.tokens + waited).min(Limiter::full());
        bucket.seen = now.max(bucket.seen);
        match bucket.tokens.checked_sub(REFILL) {
            Some(left) => {
                bucket.tokens = left;
                Ok(())
            }
            None => Err(REFILL - bucket.tokens),
        }
    }

    /// Forgets the clients whose bucket has filled up again (nothing to remember), and if
    /// none has, the one seen longest ago.
    fn make_room(&mut self, now: Instant) {
        let full = Limiter::full();
        self.buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.seen) < full);
        if self.buckets.len() >= MAX_CLIENTS
            && let Some(oldest) = self.buckets.iter().min_by_key(|(_, b)| b.seen).map(|(ip, _)| *ip)
        {
            self.buckets.remove(&oldest);
        }
    }

    /// How many clients are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.len()
    }
}

/// 128 random bits in hex (a form token or a nonce); None if the system has no randomness
/// to give.
pub fn random_hex() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// True for what [`random_hex`] makes: 32 lower-case hex digits.
pub fn is_random_hex(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u32) -> IpAddr {
        IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + n))
    }

    #[test]
    fn a_client_sends_a_burst_then_one_question_per_refill() {
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..BURST {
            assert_eq!(limiter.take(ip(1), t0), Ok(()));
        }
        assert_eq!(limiter.take(ip(1), t0), Err(REFILL));
        assert_eq!(limiter.take(ip(1), t0 + Duration::from_secs(4)), Err(Duration::from_secs(6)));
        assert_eq!(limiter.take(ip(1), t0 + REFILL), Ok(()));
        assert_eq!(limiter.take(ip(1), t0 + REFILL), Err(REFILL));
        // Another client has its own bucket; the same address as IPv6-mapped is the same.
        assert_eq!(limiter.take(ip(2), t0), Ok(()));
        let mapped = match ip(1) {
            IpAddr::V4(v4) => IpAddr::V6(v4.to_ipv6_mapped()),
            other => other,
        };
        assert_eq!(limiter.take(mapped, t0 + REFILL), Err(REFILL));
    }

    #[test]
    fn the_clients_remembered_are_bounded() {
        let mut limiter = Limiter::default();
        let t0 = Instant::now();
        for n in 0..MAX_CLIENTS as u32 {
            let _ = limiter.take(ip(n), t0 + Duration::from_millis(u64::from(n)));
        }
        assert_eq!(limiter.len(), MAX_CLIENTS);
        // One more: the one seen longest ago goes.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(limiter.take(ip(MAX_CLIENTS as u32), later), Ok(()));
        assert_eq!(limiter.len(), MAX_CLIENTS);
        assert!(!limiter.buckets.contains_key(&ip(0)));
        // Much later every bucket is full again: all of them are forgotten at once.
        assert_eq!(limiter.take(ip(99_999), t0 + Duration::from_secs(60)), Ok(()));
        assert_eq!(limiter.len(), 1);
    }

    #[test]
    fn random_tokens_are_hex_and_differ() {
        let (a, b) = (random_hex().unwrap(), random_hex().unwrap());
        assert!(is_random_hex(&a) && is_random_hex(&b) && a != b);
        assert!(!is_random_hex("0123") && !is_random_hex(&"G".repeat(32)));
    }
}
