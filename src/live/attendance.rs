//! Who was there: the count present per stakeholder group and the organisations represented,
//! folded from `attendance_counted` and `organisation_attended` changes.

use std::collections::HashMap;

use crate::agenda::{Agenda, Group};

/// The most people a count may give: more is a forged number.
pub const MAX_PRESENT: u32 = 1_000_000;

/// The longest name of an organisation typed on the spot, in characters.
pub const MAX_ORGANISATION_CHARS: usize = 200;

/// The attendance of an event as entered so far. A count is either not entered or a number
/// (an explicit 0 is kept as 0); the last change of each count or organisation, in clock
/// order, stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attendance {
    /// The agenda's groups in its order, each with its count once one was entered.
    groups: Vec<(Group, Option<u32>)>,
    /// People in no stakeholder group, once counted.
    no_group: Option<u32>,
    /// Every organisation that can be marked: the agenda's in its order, then those typed
    /// on the spot in the order they were first marked; each with whether it is represented.
    organisations: Vec<Marked>,
    /// Lower-cased name → position in `organisations`: "hydro" and "Hydro" are one.
    index: HashMap<String, usize>,
}

/// An organisation and whether it is marked represented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub name: String,
    pub present: bool,
    /// One of the agenda's `organisations` (not typed on the spot).
    pub in_agenda: bool,
}

impl Attendance {
    /// Nothing entered yet, for the groups and organisations of `agenda`.
    pub fn new(agenda: &Agenda) -> Attendance {
        let mut attendance = Attendance {
            groups: agenda.groups.iter().map(|g| (g.clone(), None)).collect(),
            ..Attendance::default()
        };
        for name in &agenda.organisations {
            attendance.mark(name, false, true);
        }
        attendance
    }

    /// Whether a count can be entered for `group` ("" is no group).
    pub fn knows_group(&self, group: &str) -> bool {
        group.is_empty() || self.groups.iter().any(|(g, _)| g.id == group)
    }

    /// Sets the count of `group` ("" is no group); a group it does not know changes nothing.
    pub(super) fn count_present(&mut self, group: &str, present: u32) {
        if group.is_empty() {
            self.no_group = Some(present);
        } else if let Some((_, count)) = self.groups.iter_mut().find(|(g, _)| g.id == group) {
            *count = Some(present);
        }
    }

    /// Marks an organisation represented or not; a name not seen before joins the list.
    pub(super) fn mark(&mut self, name: &str, present: bool, in_agenda: bool) {
        let key = name.to_lowercase();
        match self.index.get(&key) {
            Some(&i) => self.organisations[i].present = present,
            None => {
                self.index.insert(key, self.organisations.len());
                self.organisations.push(Marked { name: name.to_string(), present, in_agenda });
            }
        }
    }

    /// The agenda's groups in its order, each with its count once one was entered.
    pub fn groups(&self) -> impl Iterator<Item = (&Group, Option<u32>)> {
        self.groups.iter().map(|(group, count)| (group, *count))
    }

    /// The count entered for a group by id (None: people in no group); None while not
    /// entered.
    pub fn count(&self, group: Option<&str>) -> Option<u32> {
        match group {
            None => self.no_group,
            Some(id) => self.groups.iter().find(|(g, _)| g.id == id).and_then(|&(_, c)| c),
        }
    }

    /// Every count entered: the agenda's groups in its order, then people in no group
    /// (None). Groups without a count entered are left out; an entered 0 is there.
    pub fn counts(&self) -> Vec<(Option<&Group>, u32)> {
        self.groups
            .iter()
            .filter_map(|(group, count)| count.map(|c| (Some(group), c)))
            .chain(self.no_group.map(|c| (None, c)))
            .collect()
    }

    /// The people present, summed over the counts entered; None while no count is.
    pub fn total(&self) -> Option<u64> {
        let counts = self.counts();
        (!counts.is_empty()).then(|| counts.iter().map(|&(_, c)| u64::from(c)).sum())
    }

    /// The organisations represented: the agenda's in its order, then those typed on the
    /// spot in the order they were first marked.
    pub fn organisations(&self) -> Vec<&str> {
        self.organisations.iter().filter(|o| o.present).map(|o| o.name.as_str()).collect()
    }

    /// Every organisation that can be marked, represented or not, in the same order.
    pub fn marked(&self) -> &[Marked] {
        &self.organisations
    }

    /// The organisation of this name, whatever its case.
    pub fn organisation(&self, name: &str) -> Option<&Marked> {
        self.index.get(&name.to_lowercase()).map(|&i| &self.organisations[i])
    }

    /// True while nothing was entered: no count, no organisation represented.
    pub fn is_empty(&self) -> bool {
        self.total().is_none() && self.organisations.iter().all(|o| !o.present)
    }
}
