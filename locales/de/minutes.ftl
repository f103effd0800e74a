# convene's words in the minutes: German. Every file under locales/ holds the same ids (a test
# checks it). Text typed by people is never in these files: it is shown as typed.

## Dates

date = { $weekday }, { $day }. { $month } { $year }
datetime = { $date }, { $time } Uhr
weekday-1 = Montag
weekday-2 = Dienstag
weekday-3 = Mittwoch
weekday-4 = Donnerstag
weekday-5 = Freitag
weekday-6 = Samstag
weekday-7 = Sonntag
weekday-short-1 = Mo.
weekday-short-2 = Di.
weekday-short-3 = Mi.
weekday-short-4 = Do.
weekday-short-5 = Fr.
weekday-short-6 = Sa.
weekday-short-7 = So.
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Joining lists

join-and = { $first } und { $last }

## Title block

title-internal = Protokoll (intern)
title-public = Protokoll
provisional-reopened = **Vorläufig:** am { $when } zur Korrektur wieder geöffnet; dieses Protokoll enthält die bisher vorgenommenen Korrekturen.
provisional-unfinished = **Vorläufig:** Die Veranstaltung ist nicht beendet; dieses Protokoll wurde aus einer unvollständigen Aufzeichnung erstellt.
not-started = nicht begonnen
label-event = Veranstaltung
kind-lab = Bürgerlabor
kind-council = Politikbeirat
label-date = Datum
held-on = { $date } (abgehalten am { $held })
label-place = Ort
label-time = Zeit
time-value = { $actual } (geplant { $start }–{ $end })
label-corrected = Nach der Veranstaltung korrigiert
label-facilitator = Moderation
label-note-taker = Protokollführung
label-attribution = Zuordnung
attribution-named = Teilnehmende werden nur mit ihrer Einwilligung namentlich genannt
attribution-group = Chatham-House-Regel: Beiträge werden Interessengruppen zugeordnet, nie einzelnen Personen
attribution-anonymous = Beiträge werden niemandem zugeordnet

## Who raised an item, in the public minutes

by-group = eine teilnehmende Person aus { $group }
by-someone = eine teilnehmende Person
mentioned-stranger = jemand
by-online = eine teilnehmende Person (online)

## Summary

heading-summary = Zusammenfassung
summary-sessions = Abgehaltene Programmpunkte: { $held } von { $all }
summary-duration = Dauer: geplant { $planned } (alle Programmpunkte), tatsächlich { $actual } (abgehaltene Programmpunkte)
summary-captured = Erfasst: { $counts }
captured-open = { $what } ({ $open } offen)
count-question = { $count ->
    [one] { $count } Frage
   *[other] { $count } Fragen
}
count-concern = { $count } Anliegen
count-idea = { $count ->
    [one] { $count } Idee
   *[other] { $count } Ideen
}
count-action = { $count ->
    [one] { $count } Maßnahme
   *[other] { $count } Maßnahmen
}
count-decision = { $count ->
    [one] { $count } Beschluss
   *[other] { $count } Beschlüsse
}
count-note = { $count ->
    [one] { $count } Notiz
   *[other] { $count } Notizen
}
summary-parking = Themenspeicher: { $count } zurückgestellt ({ $open } offen)

## Attendance

heading-attendance = Anwesenheit
attendance-header = | Interessengruppe | Anwesend |
in-no-group = Keiner Interessengruppe zugeordnet
everyone = Alle
total = Gesamt
organisations = { $count ->
    [one] { $count } Organisation war vertreten.
   *[other] { $count } Organisationen waren vertreten.
}
organisations-named = { $count ->
    [one] { $count } Organisation war vertreten: { $names }.
   *[other] { $count } Organisationen waren vertreten: { $names }.
}

## Timetable

heading-timetable = Zeitplan
timetable-header = | # | Programmpunkt | Geplant | Tatsächlicher Beginn | Geplante Dauer | Tatsächliche Dauer | Abweichung |
not-held = nicht abgehalten
catch-up = *Aufholvorschlag um { $at } angenommen: { $summary }; voraussichtliches Ende { $end }.*
count-session = { $count ->
    [one] { $count } Programmpunkt
   *[other] { $count } Programmpunkte
}
catch-up-changed = { $sessions } geändert
catch-up-trimmed = { $sessions } um { $by } gekürzt
catch-up-lengthened = { $sessions } um { $by } verlängert

## Items

item = **{ $kind }{ $number }** { $time }{ $moved }: { $text }
kind-title-question = Frage
kind-title-concern = Anliegen
kind-title-idea = Idee
kind-title-action = Maßnahme
kind-title-decision = Beschluss
kind-title-note = Notiz
item-moved = (erfasst während { $session }, hierher verschoben)
item-owner = zuständig: { $owner }
item-due = fällig am { $due }
item-themes = Themen: { $themes }
item-open = **offen**
item-parked = zurückgestellt
item-parked-resolved = zurückgestellt (erledigt)
item-internal = *intern*
answer = *Antwort:* { $text }

## Sessions

heading-sessions = Programmpunkte
format-plenary = Plenum
format-presentation = Vortrag
format-discussion = Diskussion
format-breakout = Kleingruppen
format-qa = Fragerunde
format-break = Pause
session-lead = Leitung: { $lead }
session-length = { $actual } von { $timebox }
timebox-changed = Zeitrahmen von { $from } auf { $to } geändert
nothing-captured = Es wurde nichts erfasst.

## Follow-up lists

heading-open-questions = Offene Fragen zur Nachverfolgung
all-answered = Alle Fragen wurden beantwortet.
in-session = (Programmpunkt { $session })
heading-parked-open = Zurückgestellt, noch offen
no-owner = ohne Zuständigkeit
heading-concerns = Anliegen nach Thema
no-concerns = Es wurden keine Anliegen vorgebracht.
without-theme = Ohne Thema
also-under = (auch unter { $themes })
heading-actions = Maßnahmen
actions-header = | Maßnahme | Zuständig | Fällig | Programmpunkt |
no-actions = Es wurden keine Maßnahmen vereinbart.
heading-decisions = Beschlüsse
no-decisions = Es wurden keine Beschlüsse festgehalten.
heading-parking = Themenspeicher
parking-header = | Punkt | Zuständig | Status | Programmpunkt |
parked-open = offen
parked-resolved = erledigt

## Questions from phones

phones-summary = Fragen per Smartphone: { $received } eingegangen, { $approved } angenommen, { $merged } zusammengeführt, { $rejected } abgelehnt
phones-summary-pending = , { $pending } nicht moderiert
heading-phones = Fragen per Smartphone
phones-intro-internal = Alle per Smartphone gesendeten Fragen, in der Reihenfolge des Eingangs, wie eingegeben.
phones-header-internal = | Eingang | Eingereicht | Ergebnis |
phones-intro-public = Die per Smartphone gesendeten Fragen, die aufgegriffen wurden, in der Reihenfolge des Eingangs, wie angenommen.
phones-header-public = | Eingang | Frage | Ergebnis |
a-question = eine Frage
state-answered-live = vor Ort beantwortet
state-answered-in-writing = schriftlich beantwortet
state-open = offen: wird schriftlich beantwortet
state-deleted = inzwischen gelöscht
phones-merged = zusammengeführt mit { $question }
phones-deleted-since = (inzwischen gelöscht)
phones-rejected = nicht aufgegriffen: { $reason }
phones-pending = nicht moderiert
left-rejected = nicht aufgegriffen
left-pending = nicht moderiert
left-withdrawn = aufgegriffen, aber nicht in dieses Protokoll aufgenommen
left-first = { $count ->
    [one] { $count } Einreichung wurde { $what }
   *[other] { $count } Einreichungen wurden { $what }
}
left-next = { $count ->
    [one] { $count } wurde { $what }
   *[other] { $count } wurden { $what }
}
left-out = { $count ->
    [one] { $listed }; ihr Text wird nicht veröffentlicht.
   *[other] { $listed }; ihre Texte werden nicht veröffentlicht.
}

## Votes and shows of hands

heading-tallies = Abstimmungen und Handzeichen
tally-heading = Abstimmung { $number } · Programmpunkt { $session } · { $at }
tally-corrected = (korrigiert { $at })
tally-question = **Frage:** { $text }
tally-method = **Verfahren:** { $method } · **Regel:** { $rule }
method-show-of-hands = Handzeichen
method-yes-no-abstain = Ja/Nein/Enthaltung
method-dot-vote = Punktabfrage
method-fist-to-five = Fist-to-Five (0–5 Finger)
rule-advisory = beratend
rule-binding = bindend
option-yes = Ja
option-no = Nein
option-abstain = Enthaltung
tally-header = | Option | Anzahl | Ermittelt durch |
counting-counted = gezählt
counting-estimated = geschätzt
counting-majority = Mehrheit, nicht gezählt
tally-present = **Anwesend:** { $present }
not-entered = nicht erfasst
tally-dots = · **ausgegebene Punkte:** { $dots }
dots-each-all = { $each } pro Person, { $all } insgesamt
dots-each = { $each } pro Person (die Zahl der Anwesenden ist nicht bekannt)
dots-all = { $all } insgesamt
tally-outcome = **Ergebnis wie verkündet:** { $outcome }
none-recorded = keines festgehalten
check-passed = - Prüfung bestanden: { $text }.
check-failed = - **Prüfung nicht bestanden: { $text }.**

## Speaking time

heading-speaking = Redezeit
nobody-spoke = Niemand hat von der Redeliste aus gesprochen.
count-turn = { $count ->
    [one] { $count } Wortbeitrag
   *[other] { $count } Wortbeiträge
}
count-point-of-order = { $count ->
    [one] { $count } Geschäftsordnungsantrag
   *[other] { $count } Geschäftsordnungsanträge
}
count-direct-reply = { $count ->
    [one] { $count } direkte Erwiderung
   *[other] { $count } direkte Erwiderungen
}
speaking-lanes = , davon { $lanes }
speaking-summary = { $turns } von der Redeliste{ $lanes }: insgesamt { $time }, gemessen mit den Timern der Programmpunkte.
speaking-groups-header = | Interessengruppe | Wortbeiträge | Redezeit | Anteil |
speaking-speakers-header = | Person | Interessengruppe | Wortbeiträge | Redezeit |
share = { $percent } %
speaking-public-named = Redende werden nur mit ihrer Einwilligung genannt; alle zählen in ihrer Gruppe.
speaking-public-group = Die Redezeit wird nur je Interessengruppe angegeben.
each-speaker = *Redezeit je Person: { $time }*
nobody-had-floor = Niemand hatte das Wort.
lane-point-of-order = zur Geschäftsordnung
lane-direct-reply = direkte Erwiderung
still-waiting = Noch auf der Redeliste: { $names }.

## Messages to the room

heading-room = Meldungen an den Saal
room-shown = angezeigt: { $text }
room-blinked = blinkend hervorgehoben
room-cleared = entfernt
room-blackout = Anzeige abgedunkelt
room-display-back = Anzeige wieder an
room-pinned = angeheftet: { $label }
room-unpinned = Anheftung gelöst

## The record

record-none = Aufzeichnung: keine Journaleinträge.
record-format-1 = Aufzeichnung: ein Journal im Format 1 mit { $count } Einträgen.
record-devices = Aufzeichnung: Journaleinträge je Gerät: { $parts } (Geräte nach dem Anfang ihrer ID).
record-part-format-1 = Format 1 { $count }
record-part-inbox = Posteingang von { $device } { $count }

## Sie sagten, wir handelten: Punkte aus früheren Veranstaltungen

date-plain = { $day }. { $month } { $year }
carried-heading = Sie sagten, wir handelten
carried-intro = Was bei früheren Veranstaltungen angesprochen wurde und an deren Ende noch offen war, und was seither geschehen ist.
carried-raised-at = { $item } bei { $title }, { $date }
carried-item = **{ $place }**: { $text }
carried-step = { $where }: { $status }
carried-now = Stand heute
carried-no-update-yet = noch keine Rückmeldung
carried-no-update = keine Rückmeldung
carried-raised-by = angesprochen von { $who }
carried-owner = zuständig: { $who }
carried-due = fällig am { $date }
carried-status-answered = beantwortet
carried-status-done = erledigt
carried-status-in-progress = in Arbeit
carried-status-dropped = verworfen

## A tally's checks of its numbers
tally-check-dots-exact-passed = die { $given } gezählten Punkte stimmen mit den { $handed } ausgegebenen überein
tally-check-dots-exact-failed = die { $given } gezählten Punkte stimmen nicht mit den { $handed } ausgegebenen überein
tally-check-dots-estimate-passed = die { $given } gezählten oder geschätzten Punkte sind nicht mehr als die { $handed } ausgegebenen
tally-check-dots-estimate-failed = die { $given } gezählten oder geschätzten Punkte sind mehr als die { $handed } ausgegebenen
tally-check-dots-unknown-per-person = die Zahl der ausgegebenen Punkte ist nicht bekannt: { $per } pro Person, aber die Zahl der Anwesenden wurde nicht erfasst
tally-check-dots-unknown = die ausgegebenen Punkte wurden nicht erfasst: die gezählten Punkte lassen sich nicht prüfen
tally-check-votes-passed = die { $counted } gezählten Stimmen sind nicht mehr als die { $present } Anwesenden
tally-check-votes-failed = die { $counted } gezählten Stimmen sind mehr als die { $present } Anwesenden
tally-check-hands-passed = die { $counted } gezählten Hände sind nicht mehr als die { $present } Anwesenden
tally-check-hands-failed = die { $counted } gezählten Hände sind mehr als die { $present } Anwesenden
tally-check-majority = „{ $option }“ ist als Mehrheit ohne Zählung markiert, hat aber eine Zahl ({ $count })

## A pinned question deleted after it was pinned
pinned-deleted-since = { $item } (inzwischen gelöscht)
