//! Property: whatever checksum-valid lines a journal holds (forged numbers, sessions the
//! agenda lacks, repeated or unknown items, times at the ends of the calendar, sequence
//! numbers in any order), reading it, replaying it, drawing the live screen and writing the
//! minutes never panic, and replaying refuses exactly what it reports.

use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeZone};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::app::{App, Mode};
use convene::event::Lane;
use convene::journal::{Change, Entry, FORMAT, Header, encode, parse};
use convene::live::{
    Counting, DeviceId, Dots, Fields, ItemId, ItemKind, Live, MAX_PRESENT, Now, OptionCount,
    Raiser, TallyMethod, TallyRule,
};
use convene::minutes::{Audience, render};
use convene::tui::view::{Theme, draw};

/// A session index: mostly one of the demo agenda's, sometimes far outside it.
fn session() -> impl Strategy<Value = usize> {
    prop_oneof![8 => 0usize..12, 1 => any::<usize>()]
}

/// Milliseconds: mostly plausible, sometimes absurd.
fn millis() -> impl Strategy<Value = u64> {
    prop_oneof![6 => 0u64..4 * 3600 * 1000, 1 => any::<u64>(), 1 => Just(u64::MAX)]
}

/// An item id: mostly small, so that edits, answers and moves find captured items.
fn item() -> impl Strategy<Value = ItemId> {
    let seq = prop_oneof![8 => 0u64..40, 1 => any::<u64>(), 1 => Just(u64::MAX)];
    let device = prop_oneof![8 => Just(DeviceId::FORMAT_1), 1 => Just(DeviceId::new(1)), 1 => any::<u128>().prop_map(DeviceId::new)];
    (device, seq).prop_map(|(device, seq)| ItemId { device, seq })
}

fn kind() -> impl Strategy<Value = ItemKind> {
    prop::sample::select(ItemKind::ALL.to_vec())
}

fn raiser() -> impl Strategy<Value = Option<Raiser>> {
    prop_oneof![
        Just(None),
        "\\PC{0,12}".prop_map(|s| Some(Raiser::Participant(s))),
        "[a-z]{0,8}".prop_map(|s| Some(Raiser::Group(s))),
        "[\\x00-\\x7f]{0,8}".prop_map(|s| Some(Raiser::Unknown(s))),
        prop::option::of("\\PC{0,8}").prop_map(|s| Some(Raiser::Online(s))),
    ]
}

fn fields() -> impl Strategy<Value = Fields> {
    ("\\PC{0,40}|[\\x00-\\x1f\\x7f\\u{202e}#*<>|]{0,10}", raiser(), raiser(), any::<bool>())
        .prop_map(|(text, by, owner, dated)| Fields {
            text,
            by,
            themes: vec!["health".into()],
            owner,
            due: dated.then(|| chrono::NaiveDate::from_ymd_opt(2026, 6, 1)).flatten(),
            internal: false,
        })
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (session(), millis())
            .prop_map(|(session, elapsed_ms)| Change::SessionStarted { session, elapsed_ms }),
        (session(), millis())
            .prop_map(|(session, elapsed_ms)| Change::SessionPaused { session, elapsed_ms }),
        (session(), prop_oneof![0u64..100_000, any::<u64>(), Just(10u64.pow(13))])
            .prop_map(|(session, timebox_s)| Change::SessionExtended { session, timebox_s }),
        (session(), millis())
            .prop_map(|(session, elapsed_ms)| Change::SessionEnded { session, elapsed_ms }),
        session().prop_map(|session| Change::SessionSelected { session }),
        Just(Change::EventEnded),
        prop_oneof![Just(DeviceId::FORMAT_1), Just(DeviceId::new(1))]
            .prop_map(|device| Change::FacilitatorChanged { to: device }),
        (item(), kind(), session(), millis(), fields()).prop_map(
            |(item, kind, session, offset_ms, fields)| Change::ItemCaptured {
                item,
                kind,
                session,
                offset_ms,
                fields
            }
        ),
        (item(), kind(), fields()).prop_map(|(item, kind, fields)| Change::ItemEdited {
            item,
            kind,
            fields
        }),
        (item(), "\\PC{0,20}").prop_map(|(item, answer)| Change::ItemAnswered { item, answer }),
        (item(), session()).prop_map(|(item, session)| Change::ItemMoved { item, session }),
        item().prop_map(|item| Change::ItemDeleted { item }),
        item().prop_map(|item| Change::ItemRestored { item }),
        (prop_oneof![Just("Ingrid Solberg".to_string()), "\\PC{0,12}"], any::<bool>())
            .prop_map(|(participant, consent)| Change::ConsentChanged { participant, consent }),
        // Groups of the demo agenda, none, and ones it lacks; counts plausible and forged.
        (
            prop_oneof!["residents|workers|schools|", "\\PC{0,8}"],
            prop_oneof![8 => 0u32..300, 1 => any::<u32>()]
        )
            .prop_map(|(group, present)| Change::AttendanceCounted { group, present }),
        ("Porsgrunn municipality|Bellona|\\PC{0,12}|[\\x00-\\x1f ]{0,4}", any::<bool>()).prop_map(
            |(organisation, present)| Change::OrganisationAttended { organisation, present }
        ),
        (item(), raiser()).prop_map(|(item, owner)| Change::ItemParked { item, owner }),
        item().prop_map(|item| Change::ItemUnparked { item }),
        (item(), any::<bool>())
            .prop_map(|(item, resolved)| Change::ParkedResolved { item, resolved }),
        tally(),
        item().prop_map(|tally| Change::TallyDeleted { tally }),
        // A catch-up's marker: counts plausible and forged, any end chrono holds.
        (
            prop_oneof![8 => 0usize..12, 1 => any::<usize>()],
            prop_oneof![8 => -3_600i64..3_600, 1 => any::<i64>()],
            time(),
        )
            .prop_map(|(sessions, trimmed_s, end)| Change::CatchUpAccepted {
                sessions,
                trimmed_s,
                projected_end: end.naive_local(),
            }),
        // The speaking queue: a speaker's id is mostly its own line's (seq 0 here: see
        // `journal`), so that turns find them; names clean, forged, too long.
        (
            prop_oneof![3 => Just(ItemId::format_1(0)), 1 => item()],
            session(),
            raiser(),
            prop::sample::select(vec![Lane::Normal, Lane::PointOfOrder, Lane::DirectReply])
        )
            .prop_map(|(speaker, session, who, lane)| Change::SpeakerAdded {
                speaker,
                session,
                who: who.unwrap_or(Raiser::Participant("Ingrid Solberg".into())),
                lane
            }),
        item().prop_map(|speaker| Change::SpeakerRemoved { speaker }),
        (item(), item()).prop_map(|(speaker, with)| Change::SpeakerMoved { speaker, with }),
        (item(), millis())
            .prop_map(|(speaker, offset_ms)| Change::SpeakerStarted { speaker, offset_ms }),
        (item(), millis())
            .prop_map(|(speaker, offset_ms)| Change::SpeakerEnded { speaker, offset_ms }),
        session().prop_map(|session| Change::QueueClosed { session }),
        session().prop_map(|session| Change::QueueReopened { session }),
        any::<bool>().prop_map(|on| Change::FirstTimeFirst { on }),
        (session(), prop_oneof![0u64..4000, any::<u64>()])
            .prop_map(|(session, speaker_s)| Change::SpeakerTime { session, speaker_s }),
        ("\\PC{0,20}|[\\x00-\\x1f\\x7f<>&]{0,6}", prop::option::of("\\PC{0,8}"))
            .prop_map(|(text, name)| Change::SubmissionReceived { text, name }),
        (item(), session(), millis(), fields()).prop_map(
            |(submission, session, offset_ms, fields)| Change::SubmissionApproved {
                submission,
                session,
                offset_ms,
                fields
            }
        ),
        (item(), item())
            .prop_map(|(submission, into)| Change::SubmissionMerged { submission, into }),
        (item(), "\\PC{0,12}")
            .prop_map(|(submission, reason)| Change::SubmissionRejected { submission, reason }),
        prop::option::of(item()).prop_map(|item| Change::QuestionPinned { item }),
    ]
}

/// A tally: ids new and known, sessions in and outside the agenda; mostly the options its
/// method counts, sometimes any (unclean, repeated, empty); counts and dots plausible and
/// forged.
fn tally() -> impl Strategy<Value = Change> {
    let method = || prop::sample::select(TallyMethod::ALL.to_vec());
    let rule = prop::sample::select(vec![TallyRule::Advisory, TallyRule::Binding]);
    let how = || prop::sample::select(Counting::ALL.to_vec());
    let number = || prop_oneof![20 => (0u32..80).prop_map(Some), 2 => Just(None), 1 => any::<u32>().prop_map(Some)];
    let any_option =
        ("yes|no|abstain|0|5|for|against|\\PC{0,10}|[\\x00-\\x1f ]{0,3}", number(), how())
            .prop_map(|(option, count, how)| OptionCount { option, count, how });
    let counts =
        (method(), prop::collection::vec((number(), how()), 6)).prop_map(|(method, numbers)| {
            let listed = ["Dust reports", "Noise hotline", "Open days"];
            let labels: Vec<&str> =
                method.fixed_options().map_or(listed.to_vec(), <[&str]>::to_vec);
            let counts = labels
                .into_iter()
                .zip(numbers)
                .map(|(option, (count, how))| OptionCount { option: option.into(), count, how })
                .collect::<Vec<_>>();
            (method, counts)
        });
    let counts = prop_oneof![
        3 => counts,
        1 => (method(), prop::collection::vec(any_option, 0..8)),
    ];
    let dots = prop_oneof![
        Just(None),
        number().prop_map(|n| n.map(Dots::PerPerson)),
        number().prop_map(|n| n.map(Dots::Total)),
    ];
    let outcome = prop_oneof![
        2 => Just("Advised: monthly readings".to_string()),
        1 => "\\PC{0,20}",
    ];
    let question = prop_oneof![
        3 => Just("Publish the dust readings monthly?".to_string()),
        1 => "\\PC{0,30}|[\\x00-\\x1f\\u{202e}]{0,4}",
    ];
    ((item(), session(), question, rule), (counts, number(), dots, outcome)).prop_map(
        |((tally, session, question, rule), ((method, counts), present, dots, outcome))| {
            let dots = dots.filter(|_| method == TallyMethod::DotVote);
            Change::TallyRecorded {
                tally,
                session,
                question,
                method,
                rule,
                counts,
                present,
                dots,
                outcome,
            }
        },
    )
}

/// A time: mostly on the evening of the event, sometimes anywhere chrono can hold.
fn time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let evening = 1_778_601_600i64; // 2026-05-12 16:00 UTC
    (
        prop_oneof![6 => evening..evening + 4 * 3600, 1 => -8_000_000_000_000i64..8_000_000_000_000],
        -86_399i32..86_400,
    )
        .prop_map(|(secs, offset)| {
            let offset = FixedOffset::east_opt(offset).unwrap_or(FixedOffset::east_opt(0).unwrap());
            DateTime::from_timestamp(secs, 0).unwrap_or_default().with_timezone(&offset)
        })
}

/// A sequence number: mostly the next one, sometimes repeated, back, or anywhere.
fn step() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![10 => Just(None), 1 => (0u64..5).prop_map(Some), 1 => any::<u64>().prop_map(Some)]
}

fn journal() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec((step(), time(), change()), 1..120).prop_map(|lines| {
        let mut next = 1u64;
        lines
            .into_iter()
            .map(|(step, at, mut change)| {
                let seq = step.unwrap_or(next);
                next = seq.saturating_add(1);
                // Half the tallies are new ones, with their own line's id; the others correct
                // an earlier one or name one never recorded.
                if let Change::TallyRecorded { tally, .. } = &mut change
                    && tally.seq % 2 == 0
                {
                    *tally = ItemId::format_1(seq);
                }
                if let Change::SpeakerAdded { speaker, .. } = &mut change
                    && *speaker == ItemId::format_1(0)
                {
                    *speaker = ItemId::format_1(seq);
                }
                Entry::format_1(seq, at, change)
            })
            .collect()
    })
}

fn header() -> Header {
    Header {
        convene_journal: FORMAT,
        program: "proptest".into(),
        agenda_sha256: "0".repeat(64),
        title: "Porsgrunn Citizen Lab 2026".into(),
        created: FixedOffset::east_opt(7200)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 17, 58, 0).single())
            .expect("a valid time"),
        device: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_checksum_valid_journal_replays_and_draws_without_a_panic(entries in journal()) {
        let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda is valid");
        let mut text = encode(&header());
        for entry in &entries {
            text.push_str(&encode(entry));
        }
        let contents = parse(text.as_bytes());
        prop_assert_eq!(contents.entries.len(), contents.lines.len());

        let now = Now {
            mono: Instant::now(),
            wall: FixedOffset::east_opt(7200)
                .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 19, 30, 0).single())
                .expect("a valid time"),
        };
        let refused_by_minutes = Live::refusals(&agenda, &contents.entries, &contents.lines);
        let mut live = Live::new(agenda.clone());
        let kept = contents.entries.clone();
        let refused = live.replay(contents.entries, &contents.lines, now);
        prop_assert_eq!(&refused, &refused_by_minutes);
        prop_assert!(refused.iter().all(|r| r.starts_with("line ") && !r.contains('\n')));
        let forged = ItemId { device: DeviceId::new(1), seq: u64::MAX };
        prop_assert!(live.item(forged).is_none());
        prop_assert_eq!(live.next_number(), live.items.len() as u64 + 1);
        // What the minutes will print of the attendance was checked on the way in.
        prop_assert!(live.attendance.counts().iter().all(|&(_, n)| n <= MAX_PRESENT));
        prop_assert!(live.attendance.organisations().iter().all(|o| !o.is_empty()
            && !o.chars().any(|c| c.is_control())));
        // A tally kept was checked on the way in: a question, clean text, plausible numbers.
        for tally in live.tallies.all() {
            prop_assert!(!tally.question.is_empty() && !tally.counts.is_empty());
            prop_assert!(live.tallies.texts().iter().all(|t| !t.chars().any(|c| c.is_control())));
            prop_assert!(tally.counts.iter().filter_map(|c| c.count).chain(tally.present).all(|n| n <= MAX_PRESENT));
        }

        let mut app = App::new(live);
        for mode in [Mode::Normal, Mode::Queue { selected: 3 }] {
            app.mode = mode;
            for (width, height) in [(100, 30), (60, 20)] {
                let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
                terminal
                    .draw(|frame| draw(frame, &app, now, &Theme { color: true }))
                    .expect("a frame");
                terminal
                    .draw(|frame| convene::display::view::draw(
                        frame,
                        convene::display::Showing::Event(&app.live),
                        now,
                        &Theme { color: true },
                        false,
                    ))
                    .expect("a frame of the room display");
            }
        }
        let _ = render(&agenda, &kept, Audience::Internal);
        let _ = render(&agenda, &kept, Audience::Public);
    }
}
