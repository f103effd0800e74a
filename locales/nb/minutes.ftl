# convene's words in the minutes: Norwegian Bokmål. Every file under locales/ holds the same
# ids (a test checks it). Text typed by people is never in these files: it is shown as typed.

## Dates

date = { $weekday } { $day }. { $month } { $year }
datetime = { $date } kl. { $time }
weekday-1 = mandag
weekday-2 = tirsdag
weekday-3 = onsdag
weekday-4 = torsdag
weekday-5 = fredag
weekday-6 = lørdag
weekday-7 = søndag
weekday-short-1 = man.
weekday-short-2 = tir.
weekday-short-3 = ons.
weekday-short-4 = tor.
weekday-short-5 = fre.
weekday-short-6 = lør.
weekday-short-7 = søn.
month-1 = januar
month-2 = februar
month-3 = mars
month-4 = april
month-5 = mai
month-6 = juni
month-7 = juli
month-8 = august
month-9 = september
month-10 = oktober
month-11 = november
month-12 = desember

## Joining lists

join-and = { $first } og { $last }

## Title block

title-internal = Referat (internt)
title-public = Referat
provisional-reopened = **Foreløpig:** åpnet igjen for rettelser { $when }; dette referatet viser rettelsene som er gjort så langt.
provisional-unfinished = **Foreløpig:** arrangementet er ikke avsluttet; dette referatet er skrevet på grunnlag av en uavsluttet logg.
not-started = ikke startet
label-event = Arrangement
kind-lab = innbyggerlab
kind-council = policyråd
label-date = Dato
held-on = { $date } (holdt { $held })
label-place = Sted
label-time = Tid
time-value = { $actual } (planlagt { $start }–{ $end })
label-corrected = Rettet etter arrangementet
label-facilitator = Møteleder
label-note-taker = Referent
label-attribution = Navngiving
attribution-named = deltakere navngis bare med sitt samtykke
attribution-group = Chatham House-regelen: innspill knyttes til interessentgrupper, aldri til enkeltpersoner
attribution-anonymous = innspill knyttes ikke til noen

## Who raised an item, in the public minutes

by-group = en deltaker fra { $group }
by-someone = en deltaker
mentioned-stranger = noen
by-online = en deltaker (på nett)

## Summary

heading-summary = Sammendrag
summary-sessions = Økter gjennomført: { $held } av { $all }
summary-duration = Varighet: planlagt { $planned } (alle økter), faktisk { $actual } (gjennomførte økter)
summary-captured = Registrert: { $counts }
captured-open = { $what } ({ $open ->
    [one] { $open } åpent
   *[other] { $open } åpne
})
count-question = { $count } spørsmål
count-concern = { $count ->
    [one] { $count } bekymring
   *[other] { $count } bekymringer
}
count-idea = { $count ->
    [one] { $count } idé
   *[other] { $count } ideer
}
count-action = { $count } tiltak
count-decision = { $count ->
    [one] { $count } beslutning
   *[other] { $count } beslutninger
}
count-note = { $count ->
    [one] { $count } notat
   *[other] { $count } notater
}
summary-parking = Parkerte saker: { $count } ({ $open ->
    [one] { $open } åpen
   *[other] { $open } åpne
})

## Attendance

heading-attendance = Oppmøte
attendance-header = | Interessentgruppe | Til stede |
in-no-group = Ingen interessentgruppe
everyone = Alle
total = Totalt
organisations = { $count ->
    [one] { $count } organisasjon var representert.
   *[other] { $count } organisasjoner var representert.
}
organisations-named = { $count ->
    [one] { $count } organisasjon var representert: { $names }.
   *[other] { $count } organisasjoner var representert: { $names }.
}

## Timetable

heading-timetable = Tidsplan
timetable-header = | # | Økt | Planlagt | Faktisk start | Planlagt varighet | Faktisk varighet | Avvik |
not-held = ikke gjennomført
catch-up = *Innhentingsforslag godtatt kl. { $at }: { $summary }; forventet slutt { $end }.*
count-session = { $count ->
    [one] { $count } økt
   *[other] { $count } økter
}
catch-up-changed = { $sessions } endret
catch-up-trimmed = { $sessions } forkortet med { $by }
catch-up-lengthened = { $sessions } forlenget med { $by }

## Items

item = **{ $kind }{ $number }** { $time }{ $moved }: { $text }
kind-title-question = Spørsmål
kind-title-concern = Bekymring
kind-title-idea = Idé
kind-title-action = Tiltak
kind-title-decision = Beslutning
kind-title-note = Notat
item-moved = (registrert under { $session }, flyttet hit)
item-owner = ansvarlig: { $owner }
item-due = frist { $due }
item-themes = temaer: { $themes }
item-open = **åpent**
item-parked = parkert
item-parked-resolved = parkert (løst)
item-internal = *internt*
answer = *Svar:* { $text }

## Sessions

heading-sessions = Økter
format-plenary = plenum
format-presentation = presentasjon
format-discussion = diskusjon
format-breakout = gruppearbeid
format-qa = spørsmål og svar
format-break = pause
session-lead = ledet av { $lead }
session-length = { $actual } av { $timebox }
timebox-changed = tidsramme endret fra { $from } til { $to }
nothing-captured = Ingenting ble registrert.

## Follow-up lists

heading-open-questions = Åpne spørsmål til oppfølging
all-answered = Alle spørsmål ble besvart.
in-session = (økt { $session })
heading-parked-open = Parkert, fortsatt åpent
no-owner = ingen ansvarlig
heading-concerns = Bekymringer etter tema
no-concerns = Ingen bekymringer ble tatt opp.
without-theme = Uten tema
also-under = (også under { $themes })
heading-actions = Tiltak
actions-header = | Tiltak | Ansvarlig | Frist | Økt |
no-actions = Ingen tiltak ble avtalt.
heading-decisions = Beslutninger
no-decisions = Ingen beslutninger ble registrert.
heading-parking = Parkerte saker
parking-header = | Sak | Ansvarlig | Status | Økt |
parked-open = åpen
parked-resolved = løst

## Questions from phones

phones-summary = Spørsmål fra mobil: { $received } mottatt, { $approved } godkjent, { $merged } slått sammen, { $rejected } avvist
phones-summary-pending = , { $pending } ikke behandlet
heading-phones = Spørsmål fra mobil
phones-intro-internal = Alle spørsmål sendt fra en mobil, i den rekkefølgen de kom inn, slik de ble skrevet.
phones-header-internal = | Mottatt | Innsendt | Utfall |
phones-intro-public = Spørsmålene fra mobil som ble tatt opp, i den rekkefølgen de kom inn, slik de ble godkjent.
phones-header-public = | Mottatt | Spørsmål | Utfall |
a-question = et spørsmål
state-answered-live = besvart i møtet
state-answered-in-writing = besvart skriftlig
state-open = åpent: besvares skriftlig
state-deleted = slettet senere
phones-merged = slått sammen med { $question }
phones-deleted-since = (slettet senere)
phones-rejected = ikke tatt opp: { $reason }
phones-pending = ikke behandlet
left-rejected = ikke tatt opp
left-pending = ikke behandlet
left-withdrawn = tatt opp, men utelatt fra dette referatet
left-first = { $count ->
    [one] { $count } innsending ble { $what }
   *[other] { $count } innsendinger ble { $what }
}
left-next = { $count } ble { $what }
left-out = { $count ->
    [one] { $listed }; teksten publiseres ikke.
   *[other] { $listed }; tekstene publiseres ikke.
}

## Votes and shows of hands

heading-tallies = Avstemninger og håndsopprekninger
tally-heading = Avstemning { $number } · økt { $session } · { $at }
tally-corrected = (rettet { $at })
tally-question = **Spørsmål:** { $text }
tally-method = **Metode:** { $method } · **regel:** { $rule }
method-show-of-hands = håndsopprekning
method-yes-no-abstain = ja/nei/avstår
method-dot-vote = prikkavstemning
method-fist-to-five = fist-to-five (0–5 fingre)
rule-advisory = rådgivende
rule-binding = bindende
option-yes = ja
option-no = nei
option-abstain = avstår
tally-header = | Alternativ | Antall | Slik ble det funnet |
counting-counted = telt
counting-estimated = anslått
counting-majority = flertall, ikke telt
tally-present = **Til stede:** { $present }
not-entered = ikke registrert
tally-dots = · **prikker delt ut:** { $dots }
dots-each-all = { $each } per person, { $all } til sammen
dots-each = { $each } per person (antallet til stede er ukjent)
dots-all = { $all } til sammen
tally-outcome = **Utfall slik det ble kunngjort:** { $outcome }
none-recorded = ikke registrert
check-passed = - Kontroll bestått: { $text }.
check-failed = - **Kontroll ikke bestått: { $text }.**

## Speaking time

heading-speaking = Taletid
nobody-spoke = Ingen hadde ordet fra talelisten.
count-turn = { $count } innlegg
count-point-of-order = { $count } til forretningsordenen
count-direct-reply = { $count ->
    [one] { $count } replikk
   *[other] { $count } replikker
}
speaking-lanes = , herav { $lanes }
speaking-summary = { $turns } fra talelisten{ $lanes }: { $time } til sammen, målt med øktenes tidtakere.
speaking-groups-header = | Interessentgruppe | Innlegg | Taletid | Andel |
speaking-speakers-header = | Taler | Interessentgruppe | Innlegg | Taletid |
share = { $percent } %
speaking-public-named = Talere navngis bare med sitt samtykke; alle telles med i sin gruppe.
speaking-public-group = Taletid oppgis bare per interessentgruppe.
each-speaker = *Hver taler { $time }*
nobody-had-floor = Ingen hadde ordet.
lane-point-of-order = til forretningsordenen
lane-direct-reply = replikk
still-waiting = Sto fortsatt på talelisten: { $names }.

## Messages to the room

heading-room = Meldinger til salen
room-shown = vist: { $text }
room-blinked = blinket
room-cleared = fjernet
room-blackout = skjermen mørklagt
room-display-back = skjermen på igjen
room-pinned = festet { $label }
room-unpinned = løsnet

## The record

record-none = Grunnlag: ingen oppføringer i loggen.
record-format-1 = Grunnlag: en logg i format 1 med { $count } oppføringer.
record-devices = Grunnlag: loggoppføringer per enhet: { $parts } (enheter angitt med begynnelsen av id-en).
record-part-format-1 = format 1 { $count }
record-part-inbox = innboksen til { $device } { $count }

## Dere sa, vi gjorde: saker tatt med fra tidligere møter

date-plain = { $day }. { $month } { $year }
carried-heading = Dere sa, vi gjorde
carried-intro = Det som ble tatt opp på tidligere møter og fortsatt var åpent da de ble avsluttet, og hva som har skjedd siden.
carried-raised-at = { $item } på { $title }, { $date }
carried-item = **{ $place }**: { $text }
carried-step = { $where }: { $status }
carried-now = Nå
carried-no-update-yet = ingen oppdatering ennå
carried-no-update = ingen oppdatering
carried-raised-by = tatt opp av { $who }
carried-owner = ansvarlig { $who }
carried-due = frist { $date }
carried-status-answered = besvart
carried-status-done = utført
carried-status-in-progress = under arbeid
carried-status-dropped = lagt bort

## A tally's checks of its numbers
tally-check-dots-exact-passed = de { $given } talte prikkene stemmer med de { $handed } som ble delt ut
tally-check-dots-exact-failed = de { $given } talte prikkene stemmer ikke med de { $handed } som ble delt ut
tally-check-dots-estimate-passed = de { $given } talte eller anslåtte prikkene er ikke flere enn de { $handed } som ble delt ut
tally-check-dots-estimate-failed = de { $given } talte eller anslåtte prikkene er flere enn de { $handed } som ble delt ut
tally-check-dots-unknown-per-person = antallet utdelte prikker er ukjent: { $per } per person, men antallet til stede ble ikke registrert
tally-check-dots-unknown = antallet utdelte prikker ble ikke registrert: de talte prikkene kan ikke kontrolleres
tally-check-votes-passed = de { $counted } talte stemmene er ikke flere enn de { $present } til stede
tally-check-votes-failed = de { $counted } talte stemmene er flere enn de { $present } til stede
tally-check-hands-passed = de { $counted } talte hendene er ikke flere enn de { $present } til stede
tally-check-hands-failed = de { $counted } talte hendene er flere enn de { $present } til stede
tally-check-majority = «{ $option }» er merket som flertall uten opptelling, men har et tall ({ $count })

## A pinned question deleted after it was pinned
pinned-deleted-since = { $item } (slettet senere)
