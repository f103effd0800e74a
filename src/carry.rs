//! Carrying open items from one record to the next ("you said, we did"), and listing what
//! is still open across records (`convene followups`).
//!
//! What is open at the end of a record: questions not answered; actions (the live screen
//! has no "done": an action is open unless it is parked and the parking says resolved);
//! concerns not parked as resolved; any other item parked and not resolved; and items
//! carried into it whose status there is none or "in progress". Deleted items never are.
//! Internal items are carried, and stay internal.
//!
//! An item keeps its first record's id: ids are `<device>.<seq>` of the capture line,
//! unique across records. A format-1 record's ids are bare numbers, the same in every such
//! record: there the device part is derived from the record's own title and creation time
//! (see [`identity`]), so that two format-1 records' question 3 stay two items.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::agenda::{Agenda, Attribution, CarryFrom};
use crate::event::{
    Carried, Change, DeviceId, Fields, ItemId, ItemKind, Origin, RaisedAs, Status, Step,
};
use crate::live::{Item, Live};
use crate::minutes::{Audience, raised_by};
use crate::record;

/// An item open at the end of a record, as it is carried into the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenItem {
    /// Its id in its first record.
    pub item: ItemId,
    pub number: u64,
    pub kind: ItemKind,
    pub fields: Fields,
    pub from: Origin,
    pub raised: RaisedAs,
    /// Its status at the end of each later record it was carried into, the last one's
    /// included.
    pub history: Vec<Step>,
}

impl OpenItem {
    /// The line that carries it into a new record.
    pub fn change(&self) -> Change {
        Change::ItemCarried {
            item: self.item,
            carried: Box::new(Carried {
                number: self.number,
                kind: self.kind,
                fields: self.fields.clone(),
                from: self.from.clone(),
                raised: self.raised.clone(),
                history: self.history.clone(),
            }),
        }
    }

    /// Its latest status: the last record's that gave one (None: no update yet).
    pub fn latest(&self) -> Option<&Step> {
        self.history.iter().rev().find(|s| s.status.is_some())
    }
}

/// One record read for carrying: what it says of each item it raised or was carried.
#[derive(Clone, Debug)]
pub struct RecordItems {
    pub dir: PathBuf,
    /// The record as it names itself.
    pub origin: Origin,
    /// The items still open at its end, in the order carried then captured.
    pub open: Vec<OpenItem>,
    /// Carried items it closed (answered, done, dropped).
    pub closed: Vec<ItemId>,
}

/// The record folder a `carry` entry or a command-line argument names: a path (relative to
/// `base`, the agenda file's folder), or a name as `convene records` lists it.
pub fn locate(given: &str, base: &Path, data: Option<&Path>) -> PathBuf {
    let path = Path::new(given);
    let relative = base.join(path);
    if path.is_absolute() || relative.is_dir() {
        return relative;
    }
    let named = data.map(|data| record::records_dir(data).join(path));
    match named {
        Some(named) if path.components().count() == 1 && named.is_dir() => named,
        _ => relative,
    }
}

/// The identity an item keeps across records (see the module's doc).
pub fn identity(id: ItemId, title: &str, created: chrono::DateTime<chrono::FixedOffset>) -> ItemId {
    if id.device != DeviceId::FORMAT_1 {
        return id;
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::new_with_prefix(b"convene format-1 record\0")
        .chain_update(title.as_bytes())
        .chain_update(b"\0")
        .chain_update(created.to_rfc3339().as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    ItemId { device: DeviceId::new(u128::from_be_bytes(bytes)), seq: id.seq }
}

/// Reads a record and what it leaves open. The error is one line: what could not be read.
pub fn read(dir: &Path) -> Result<RecordItems, String> {
    if !record::is_record(dir) {
        return Err(format!("{} is not a convene record (no journal in it)", dir.display()));
    }
    let contents = record::read_journal(dir).map_err(|e| e.to_string())?;
    let (text, agenda_path) = record::agenda_as_run(dir, &contents).map_err(|e| e.to_string())?;
    let agenda = crate::agenda::parse_agenda(&text)
        .agenda
        .ok_or_else(|| format!("its agenda {} has errors", agenda_path.display()))?;
    let header = contents.header.clone();
    let replayed = crate::minutes::fold(&agenda, &contents.entries);
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let origin = Origin {
        record: name,
        title: agenda.title.clone(),
        date: agenda.date,
        attribution: policy_name(agenda.attribution).to_string(),
    };
    let (title, created) = match &header {
        Some(h) => (h.title.clone(), h.created),
        None => (agenda.title.clone(), replayed.first.unwrap_or_default()),
    };
    Ok(open_at_end(&replayed.live, origin, dir, |id| identity(id, &title, created)))
}

fn open_at_end(
    live: &Live,
    origin: Origin,
    dir: &Path,
    identity: impl Fn(ItemId) -> ItemId,
) -> RecordItems {
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for carried in live.carried.list() {
        let (status, note) = match &carried.status {
            Some((status, note, _)) => (Some(*status), note.clone()),
            None => (None, String::new()),
        };
        if !carried.is_open() {
            closed.push(carried.id);
            continue;
        }
        let mut history = carried.history.clone();
        history.push(Step {
            record: origin.record.clone(),
            title: origin.title.clone(),
            date: origin.date,
            status,
            note,
        });
        open.push(OpenItem {
            item: carried.id,
            number: carried.number,
            kind: carried.kind,
            fields: carried.fields.clone(),
            from: carried.from.clone(),
            raised: carried.raised.clone(),
            history,
        });
    }
    for item in live.items.iter().filter(|i| is_open(i, live)) {
        open.push(OpenItem {
            item: identity(item.id),
            number: item.number,
            kind: item.kind,
            fields: item.fields.clone(),
            from: origin.clone(),
            raised: raised_as(item, &live.agenda),
            history: Vec::new(),
        });
    }
    RecordItems { dir: dir.to_path_buf(), origin, open, closed }
}

/// Whether an item of this record is still open at its end.
fn is_open(item: &Item, live: &Live) -> bool {
    if item.deleted {
        return false;
    }
    let parked = live.parking.get(item.id);
    if parked.is_some_and(|p| p.resolved) {
        return false;
    }
    match item.kind {
        ItemKind::Question => item.answer().is_none(),
        ItemKind::Action | ItemKind::Concern => true,
        _ => parked.is_some(),
    }
}

/// Who raised it, as its record shows them in each version of its minutes.
fn raised_as(item: &Item, agenda: &Agenda) -> RaisedAs {
    let Some(by) = &item.fields.by else { return RaisedAs::default() };
    let under = |attribution| {
        let mut agenda = agenda.clone();
        agenda.attribution = attribution;
        raised_by(by, &agenda, Audience::Public)
    };
    RaisedAs {
        internal: raised_by(by, agenda, Audience::Internal),
        named: under(Attribution::Named),
        group: under(Attribution::Group),
    }
}

pub fn policy_name(attribution: Attribution) -> &'static str {
    match attribution {
        Attribution::Named => "named",
        Attribution::Group => "group",
        Attribution::Anonymous => "anonymous",
    }
}

/// What is open across records read oldest first: each item once, as the latest record
/// that speaks of it leaves it, with the record it was last seen in.
pub fn still_open(mut records: Vec<RecordItems>) -> Vec<(OpenItem, Origin)> {
    records.sort_by_key(|r| r.origin.date);
    let mut order: Vec<ItemId> = Vec::new();
    let mut state: HashMap<ItemId, Option<(OpenItem, Origin)>> = HashMap::new();
    for record in records {
        for id in record.closed {
            state.insert(id, None);
        }
        for item in record.open {
            if !state.contains_key(&item.item) {
                order.push(item.item);
            }
            state.insert(item.item, Some((item, record.origin.clone())));
        }
    }
    order.into_iter().filter_map(|id| state.remove(&id).flatten()).collect()
}

/// Why the records an agenda carries cannot be read: the entry, and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarryProblem {
    pub entry: CarryFrom,
    pub reason: String,
}

impl CarryProblem {
    /// `FILE:LINE:COL: error: …` — one line, with how to fix it.
    pub fn located(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: error: `carry` names {:?}, which cannot be read: {}; give a record folder relative to the agenda's folder, or its name as `convene records` lists it",
            self.entry.line, self.entry.column, self.entry.record, self.reason
        )
    }
}

/// The items an agenda carries, as the lines that carry them (in the order of its `carry`,
/// each item once, as the latest of those records leaves it); `base` is the agenda file's
/// folder.
pub fn carried(
    agenda: &Agenda,
    base: &Path,
    data: Option<&Path>,
) -> Result<Vec<Change>, CarryProblem> {
    let mut records = Vec::new();
    for entry in &agenda.carry {
        let dir = locate(&entry.record, base, data);
        let items = read(&dir).map_err(|reason| CarryProblem { entry: entry.clone(), reason })?;
        records.push(items);
    }
    Ok(still_open(records).into_iter().map(|(item, _)| item.change()).collect())
}

/// Creates a record for an agenda that may carry items: the hand-over line, then one
/// `item_carried` line per open item, before anything else.
pub fn create(
    data: &Path,
    device: DeviceId,
    agenda: &Agenda,
    agenda_text: &str,
    base: &Path,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(record::Record, crate::stamp::Stamp), String> {
    let lines = carried(agenda, base, Some(data)).map_err(|p| p.located("the agenda"))?;
    let (mut record, mut stamp) =
        record::create(data, device, agenda, agenda_text, now).map_err(|e| e.to_string())?;
    let entries: Vec<_> = lines.into_iter().map(|change| stamp.entry(change, now)).collect();
    if !entries.is_empty() {
        record.journal.append_batch(&entries).map_err(|e| e.to_string())?;
    }
    Ok((record, stamp))
}

/// How `convene followups` names who raised or follows up an item.
fn who(raiser: &crate::event::Raiser) -> String {
    use crate::event::Raiser;
    match raiser {
        Raiser::Participant(name)
        | Raiser::Group(name)
        | Raiser::Organisation(name)
        | Raiser::Unknown(name) => name.clone(),
        Raiser::Online(_) => crate::capture::ONLINE.to_string(),
    }
}

/// `convene followups`: the open items grouped by theme (an item under its first theme),
/// then by owner, those without a theme or an owner last; one line each.
pub fn followups_text(open: &[(OpenItem, Origin)]) -> String {
    if open.is_empty() {
        return "Nothing is open: every item of these records was answered, done, resolved or dropped.\n".to_string();
    }
    // Each text escaped for the terminal, the lines' own breaks kept.
    let shown = |text: &str| crate::sanitize::for_terminal(text).into_owned();
    let key = |item: &OpenItem| {
        let theme = item.fields.themes.first().map(|t| shown(t));
        let owner = item.fields.owner.as_ref().map(|o| shown(&who(o)));
        (theme.is_none(), theme, owner.is_none(), owner)
    };
    let mut sorted: Vec<&(OpenItem, Origin)> = open.iter().collect();
    sorted.sort_by_key(|item| key(&item.0));
    let mut out = format!(
        "{} still open\n",
        match open.len() {
            1 => "1 item".to_string(),
            n => format!("{n} items"),
        }
    );
    let mut last: Option<(Option<String>, Option<String>)> = None;
    for (item, seen) in sorted {
        let (_, theme, _, owner) = key(item);
        if last.as_ref().map(|(t, _)| t) != Some(&theme) {
            out.push_str(&match &theme {
                Some(theme) => format!("\n#{theme}\n"),
                None => "\nNo theme\n".to_string(),
            });
            last = None;
        }
        if last.as_ref().map(|(_, o)| o) != Some(&owner) {
            out.push_str(&match &owner {
                Some(owner) => format!("  owner {owner}\n"),
                None => "  no owner\n".to_string(),
            });
        }
        let status = match item.latest() {
            Some(step) => {
                let label = step.status.map(Status::label).unwrap_or_default();
                if step.note.is_empty() {
                    label.to_string()
                } else {
                    format!("{label}: {}", step.note)
                }
            }
            None => "no update yet".to_string(),
        };
        let internal =
            if item.fields.internal || item.kind == ItemKind::Note { " (internal)" } else { "" };
        out.push_str(&format!(
            "    {}{} {}  {}{internal}  — last seen in {} ({}), {status}\n",
            item.kind.letter(),
            item.number,
            item.from.date,
            shown(&item.fields.text),
            shown(&seen.title),
            shown(&seen.record),
        ));
        last = Some((theme, owner));
    }
    out
}
