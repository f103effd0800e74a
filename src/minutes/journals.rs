//! The last line of the minutes: which lines of which devices' journals they were written
//! from (the version vector). Two copies of a record that print the same line hold the same
//! lines, and their minutes are byte-identical.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::event::DeviceId;
use crate::i18n::Translator;

/// The fewest characters of a device id the minutes show.
const MIN_PREFIX: usize = 4;

/// "Record: journal entries per device: `1000` 4 · `v000` 7 · inbox of `v000` 2 (devices
/// by the start of their id)." Devices in id order, each hub's inbox right after it; every
/// id shortened to its fewest characters (at least 4) that no other device's id starts with.
/// `facilitator` is the hub whose inbox may be there even before it wrote a line itself.
pub(super) fn render(
    out: &mut String,
    journals: &BTreeMap<DeviceId, u64>,
    facilitator: DeviceId,
    tr: &Translator,
) {
    out.push('\n');
    if journals.is_empty() {
        let _ = writeln!(out, "{}", tr.text("record-none"));
        return;
    }
    if let [(&DeviceId::FORMAT_1, &entries)] = journals.iter().collect::<Vec<_>>()[..] {
        let _ = writeln!(out, "{}", tr.with("record-format-1", &[("count", entries.into())]));
        return;
    }
    let hubs: Vec<DeviceId> = journals.keys().copied().chain([facilitator]).collect();
    let inbox_of = |device: DeviceId| {
        hubs.iter()
            .copied()
            .find(|&hub| hub != DeviceId::FORMAT_1 && DeviceId::inbox_of(hub) == device)
    };
    // Each journal: the device it is shown by, whether it is that device's inbox, its count.
    let mut named: Vec<(DeviceId, bool, u64)> = journals
        .iter()
        .map(|(&device, &entries)| match inbox_of(device) {
            Some(hub) => (hub, true, entries),
            None => (device, false, entries),
        })
        .collect();
    named.sort();
    // A hub is shown twice (its journal and its inbox): once is enough to tell apart.
    let mut shown: Vec<DeviceId> = named
        .iter()
        .map(|&(device, ..)| device)
        .filter(|&device| device != DeviceId::FORMAT_1)
        .collect();
    shown.dedup();
    let ids: Vec<String> = shown.iter().map(DeviceId::to_string).collect();
    let short: BTreeMap<DeviceId, String> = shown.into_iter().zip(prefixes(&ids)).collect();
    let short = |device: DeviceId| short.get(&device).cloned().unwrap_or_default();
    let parts: Vec<String> = named
        .iter()
        .map(|&(device, inbox, entries)| {
            if device == DeviceId::FORMAT_1 {
                tr.with("record-part-format-1", &[("count", entries.into())])
            } else if inbox {
                let device = format!("`{}`", short(device));
                tr.with(
                    "record-part-inbox",
                    &[("device", device.into()), ("count", entries.into())],
                )
            } else {
                format!("`{}` {entries}", short(device))
            }
        })
        .collect();
    let _ = writeln!(out, "{}", tr.with("record-devices", &[("parts", parts.join(" · ").into())]));
}

/// Each id's fewest leading characters (at least [`MIN_PREFIX`]) that no other id starts
/// with. `ids` are distinct and sorted, so an id shares the most with its neighbours.
pub fn prefixes(ids: &[String]) -> Vec<String> {
    let shared = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..ids.len())
        .map(|i| {
            let before = i.checked_sub(1).map_or(0, |j| shared(&ids[j], &ids[i]));
            let after = ids.get(i + 1).map_or(0, |next| shared(&ids[i], next));
            let width = (before.max(after) + 1).max(MIN_PREFIX);
            ids[i].chars().take(width).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: &str) -> DeviceId {
        id.parse().expect("a device id")
    }

    fn line(journals: &[(DeviceId, u64)], facilitator: DeviceId) -> String {
        let mut out = String::new();
        let tr = Translator::get(crate::i18n::Lang::En);
        render(&mut out, &journals.iter().copied().collect(), facilitator, &tr);
        out
    }

    #[test]
    fn devices_are_listed_in_id_order_by_four_characters_when_those_tell_them_apart() {
        let a = device("v0000000000000000000000000");
        let b = device("10000000000000000000000000");
        let c = device("2abc000000000000000000000k");
        assert_eq!(
            line(&[(a, 312), (b, 140), (c, 97)], a),
            "\nRecord: journal entries per device: `1000` 140 · `2abc` 97 · `v000` 312 (devices by the start of their id).\n"
        );
    }

    #[test]
    fn ids_sharing_their_start_are_shown_until_they_differ() {
        let a = device("abcdef0000000000000000000g");
        let b = device("abcdeg0000000000000000000g");
        let c = device("k000000000000000000000000g");
        assert_eq!(
            line(&[(a, 3), (b, 4), (c, 5)], a),
            "\nRecord: journal entries per device: `abcdef` 3 · `abcdeg` 4 · `k000` 5 (devices by the start of their id).\n"
        );
    }

    #[test]
    fn the_inbox_is_named_after_its_hub_and_follows_it() {
        let hub = device("v0000000000000000000000000");
        let other = device("10000000000000000000000000");
        let inbox = DeviceId::inbox_of(hub);
        let expected = "\nRecord: journal entries per device: `1000` 4 · `v000` 7 · inbox of `v000` 2 (devices by the start of their id).\n";
        assert_eq!(line(&[(hub, 7), (other, 4), (inbox, 2)], other), expected);
        // The hub's inbox before the hub wrote a line: known by the facilitator's id.
        assert_eq!(
            line(&[(other, 4), (inbox, 2)], hub),
            "\nRecord: journal entries per device: `1000` 4 · inbox of `v000` 2 (devices by the start of their id).\n"
        );
    }

    #[test]
    fn a_format_1_record_says_so_alone_or_beside_the_devices_that_resumed_it() {
        let f1 = DeviceId::FORMAT_1;
        assert_eq!(line(&[(f1, 312)], f1), "\nRecord: a format-1 journal of 312 entries.\n");
        let b = device("10000000000000000000000000");
        assert_eq!(
            line(&[(f1, 312), (b, 9)], f1),
            "\nRecord: journal entries per device: format 1 312 · `1000` 9 (devices by the start of their id).\n"
        );
        assert_eq!(line(&[], f1), "\nRecord: no journal entries.\n");
    }
}
