# convene's words in the minutes: English. Every file under locales/ holds the same ids
# (a test checks it). Text typed by people is never in these files: it is shown as typed.

## Dates

date = { $weekday } { $day } { $month } { $year }
datetime = { $date } { $time }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
weekday-short-1 = Mon
weekday-short-2 = Tue
weekday-short-3 = Wed
weekday-short-4 = Thu
weekday-short-5 = Fri
weekday-short-6 = Sat
weekday-short-7 = Sun
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Joining lists

join-and = { $first } and { $last }

## Title block

title-internal = Minutes (internal)
title-public = Minutes
provisional-reopened = **Provisional:** reopened for corrections on { $when }; these minutes show the corrections made so far.
provisional-unfinished = **Provisional:** the event has not ended; these minutes were written from an unfinished record.
not-started = not started
label-event = Event
kind-lab = citizen lab
kind-council = policy council
label-date = Date
held-on = { $date } (held on { $held })
label-place = Place
label-time = Time
time-value = { $actual } (planned { $start }–{ $end })
label-corrected = Corrected after the event
label-facilitator = Facilitator
label-note-taker = Note-taker
label-attribution = Attribution
attribution-named = participants are named only with their consent
attribution-group = Chatham House Rule: contributions are attributed to stakeholder groups, never to people
attribution-anonymous = contributions are not attributed

## Who raised an item, in the public minutes

by-group = a participant from { $group }
by-someone = a participant
mentioned-stranger = someone
by-online = a participant (online)

## Summary

heading-summary = Summary
summary-sessions = Sessions held: { $held } of { $all }
summary-duration = Duration: planned { $planned } (all sessions), actual { $actual } (sessions held)
summary-captured = Captured: { $counts }
captured-open = { $what } ({ $open } open)
count-question = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
count-concern = { $count ->
    [one] { $count } concern
   *[other] { $count } concerns
}
count-idea = { $count ->
    [one] { $count } idea
   *[other] { $count } ideas
}
count-action = { $count ->
    [one] { $count } action
   *[other] { $count } actions
}
count-decision = { $count ->
    [one] { $count } decision
   *[other] { $count } decisions
}
count-note = { $count ->
    [one] { $count } note
   *[other] { $count } notes
}
summary-parking = Parking lot: { $count } parked ({ $open } open)

## Attendance

heading-attendance = Attendance
attendance-header = | Stakeholder group | Present |
in-no-group = In no stakeholder group
everyone = Everyone
total = Total
organisations = { $count ->
    [one] { $count } organisation represented.
   *[other] { $count } organisations represented.
}
organisations-named = { $count ->
    [one] { $count } organisation represented: { $names }.
   *[other] { $count } organisations represented: { $names }.
}

## Timetable

heading-timetable = Timetable
timetable-header = | # | Session | Planned | Actual start | Planned length | Actual length | Difference |
not-held = not held
catch-up = *Catch-up accepted at { $at }: { $summary }; projected end { $end }.*
count-session = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}
catch-up-changed = { $sessions } changed
catch-up-trimmed = { $sessions } trimmed by { $by }
catch-up-lengthened = { $sessions } lengthened by { $by }

## Items

item = **{ $kind }{ $number }** { $time }{ $moved }: { $text }
kind-title-question = Question
kind-title-concern = Concern
kind-title-idea = Idea
kind-title-action = Action
kind-title-decision = Decision
kind-title-note = Note
item-moved = (captured during { $session }, moved here)
item-owner = owner: { $owner }
item-due = due { $due }
item-themes = themes: { $themes }
item-open = **open**
item-parked = parked
item-parked-resolved = parked (resolved)
item-internal = *internal*
answer = *Answer:* { $text }

## Sessions

heading-sessions = Sessions
format-plenary = plenary
format-presentation = presentation
format-discussion = discussion
format-breakout = breakout
format-qa = Q&A
format-break = break
session-lead = lead { $lead }
session-length = { $actual } of { $timebox }
timebox-changed = timebox changed from { $from } to { $to }
nothing-captured = Nothing was captured.

## Follow-up lists

heading-open-questions = Open questions for follow-up
all-answered = Every question was answered.
in-session = (session { $session })
heading-parked-open = Parked, still open
no-owner = no owner
heading-concerns = Concerns by theme
no-concerns = No concerns were raised.
without-theme = Without a theme
also-under = (also under { $themes })
heading-actions = Actions
actions-header = | Action | Owner | Due | Session |
no-actions = No actions were agreed.
heading-decisions = Decisions
no-decisions = No decisions were recorded.
heading-parking = Parking lot
parking-header = | Item | Owner | Status | Session |
parked-open = open
parked-resolved = resolved

## Questions from phones

phones-summary = Questions from phones: { $received } received, { $approved } approved, { $merged } merged, { $rejected } rejected
phones-summary-pending = , { $pending } not moderated
heading-phones = Questions from phones
phones-intro-internal = Every question sent from a phone, in the order received, as typed.
phones-header-internal = | Received | Submitted | Outcome |
phones-intro-public = The questions sent from phones that were taken up, in the order received, as approved.
phones-header-public = | Received | Question | Outcome |
a-question = a question
state-answered-live = answered live
state-answered-in-writing = answered in writing
state-open = open: to be answered in writing
state-deleted = deleted since
phones-merged = merged into { $question }
phones-deleted-since = (deleted since)
phones-rejected = not taken up: { $reason }
phones-pending = not moderated
left-rejected = not taken up
left-pending = not moderated
left-withdrawn = taken up but left out of these minutes
left-first = { $count ->
    [one] { $count } submission was { $what }
   *[other] { $count } submissions were { $what }
}
left-next = { $count ->
    [one] { $count } was { $what }
   *[other] { $count } were { $what }
}
left-out = { $count ->
    [one] { $listed }; its text is not published.
   *[other] { $listed }; their texts are not published.
}

## Votes and shows of hands

heading-tallies = Votes and shows of hands
tally-heading = Tally { $number } · session { $session } · { $at }
tally-corrected = (corrected { $at })
tally-question = **Question:** { $text }
tally-method = **Method:** { $method } · **rule:** { $rule }
method-show-of-hands = show of hands
method-yes-no-abstain = yes/no/abstain
method-dot-vote = dot vote
method-fist-to-five = fist-to-five
rule-advisory = advisory
rule-binding = binding
option-yes = yes
option-no = no
option-abstain = abstain
tally-header = | Option | Count | How obtained |
counting-counted = counted
counting-estimated = estimated
counting-majority = majority, not counted
tally-present = **Present:** { $present }
not-entered = not entered
tally-dots = · **dots handed out:** { $dots }
dots-each-all = { $each } per person, { $all } in all
dots-each = { $each } per person (the number present is not known)
dots-all = { $all } in all
tally-outcome = **Outcome as declared:** { $outcome }
none-recorded = none recorded
check-passed = - Check passed: { $text }.
check-failed = - **Check failed: { $text }.**

## Speaking time

heading-speaking = Speaking time
nobody-spoke = Nobody spoke from the speaking queue.
count-turn = { $count ->
    [one] { $count } turn
   *[other] { $count } turns
}
count-point-of-order = { $count ->
    [one] { $count } point of order
   *[other] { $count } points of order
}
count-direct-reply = { $count ->
    [one] { $count } direct reply
   *[other] { $count } direct replies
}
speaking-lanes = , of which { $lanes }
speaking-summary = { $turns } from the speaking queue{ $lanes }: { $time } in all, measured on the sessions' timers.
speaking-groups-header = | Stakeholder group | Turns | Speaking time | Share |
speaking-speakers-header = | Speaker | Stakeholder group | Turns | Speaking time |
share = { $percent }%
speaking-public-named = Speakers are named only with their consent; everyone counts in their group.
speaking-public-group = Speaking time is given per stakeholder group only.
each-speaker = *Each speaker { $time }*
nobody-had-floor = Nobody had the floor.
lane-point-of-order = point of order
lane-direct-reply = direct reply
still-waiting = Still waiting: { $names }.

## Messages to the room

heading-room = Messages to the room
room-shown = shown: { $text }
room-blinked = blinked
room-cleared = cleared
room-blackout = blackout
room-display-back = display back
room-pinned = pinned { $label }
room-unpinned = unpinned

## The record

record-none = Record: no journal entries.
record-format-1 = Record: a format-1 journal of { $count } entries.
record-devices = Record: journal entries per device: { $parts } (devices by the start of their id).
record-part-format-1 = format 1 { $count }
record-part-inbox = inbox of { $device } { $count }

## You said, we did: items carried from earlier records

date-plain = { $day } { $month } { $year }
carried-heading = You said, we did
carried-intro = What was raised at earlier events and still open when they ended, and what happened since.
carried-raised-at = { $item } at { $title }, { $date }
carried-item = **{ $place }**: { $text }
carried-step = { $where }: { $status }
carried-now = Now
carried-no-update-yet = no update yet
carried-no-update = no update
carried-raised-by = raised by { $who }
carried-owner = owner { $who }
carried-due = due { $date }
carried-status-answered = answered
carried-status-done = done
carried-status-in-progress = in progress
carried-status-dropped = dropped

## A tally's checks of its numbers
tally-check-dots-exact-passed = the { $given } dots counted match the { $handed } handed out
tally-check-dots-exact-failed = the { $given } dots counted do not match the { $handed } handed out
tally-check-dots-estimate-passed = the { $given } dots counted or estimated are not more than the { $handed } handed out
tally-check-dots-estimate-failed = the { $given } dots counted or estimated are more than the { $handed } handed out
tally-check-dots-unknown-per-person = the dots handed out are not known: { $per } per person, but the number present was not entered
tally-check-dots-unknown = the dots handed out were not entered: the dots counted cannot be checked
tally-check-votes-passed = the { $counted } votes counted are not more than the { $present } present
tally-check-votes-failed = the { $counted } votes counted are more than the { $present } present
tally-check-hands-passed = the { $counted } hands counted are not more than the { $present } present
tally-check-hands-failed = the { $counted } hands counted are more than the { $present } present
tally-check-majority = "{ $option }" is marked majority, not counted, but has a number ({ $count })

## A pinned question deleted after it was pinned
pinned-deleted-since = { $item } (deleted since)
