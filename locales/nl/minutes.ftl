# convene's words in the minutes: Dutch. Every file under locales/ holds the same ids (a test
# checks it). Text typed by people is never in these files: it is shown as typed.

## Dates

date = { $weekday } { $day } { $month } { $year }
datetime = { $date } om { $time }
weekday-1 = maandag
weekday-2 = dinsdag
weekday-3 = woensdag
weekday-4 = donderdag
weekday-5 = vrijdag
weekday-6 = zaterdag
weekday-7 = zondag
weekday-short-1 = ma
weekday-short-2 = di
weekday-short-3 = wo
weekday-short-4 = do
weekday-short-5 = vr
weekday-short-6 = za
weekday-short-7 = zo
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## Joining lists

join-and = { $first } en { $last }

## Title block

title-internal = Verslag (intern)
title-public = Verslag
provisional-reopened = **Voorlopig:** heropend voor correcties op { $when }; dit verslag bevat de correcties die tot nu toe zijn aangebracht.
provisional-unfinished = **Voorlopig:** de bijeenkomst is niet afgesloten; dit verslag is opgesteld op basis van een onvolledige registratie.
not-started = niet begonnen
label-event = Bijeenkomst
kind-lab = burgerlab
kind-council = beleidsraad
label-date = Datum
held-on = { $date } (gehouden op { $held })
label-place = Plaats
label-time = Tijd
time-value = { $actual } (gepland { $start }–{ $end })
label-corrected = Gecorrigeerd na de bijeenkomst
label-facilitator = Gespreksleider
label-note-taker = Notulist
label-attribution = Toeschrijving
attribution-named = deelnemers worden alleen met hun toestemming bij naam genoemd
attribution-group = Chatham House-regel: bijdragen worden toegeschreven aan belanghebbendengroepen, nooit aan personen
attribution-anonymous = bijdragen worden aan niemand toegeschreven

## Who raised an item, in the public minutes

by-group = een deelnemer van { $group }
by-someone = een deelnemer
mentioned-stranger = iemand
by-online = een deelnemer (online)

## Summary

heading-summary = Samenvatting
summary-sessions = Gehouden sessies: { $held } van { $all }
summary-duration = Duur: gepland { $planned } (alle sessies), werkelijk { $actual } (gehouden sessies)
summary-captured = Vastgelegd: { $counts }
captured-open = { $what } ({ $open } open)
count-question = { $count ->
    [one] { $count } vraag
   *[other] { $count } vragen
}
count-concern = { $count ->
    [one] { $count } zorg
   *[other] { $count } zorgen
}
count-idea = { $count ->
    [one] { $count } idee
   *[other] { $count } ideeën
}
count-action = { $count ->
    [one] { $count } actie
   *[other] { $count } acties
}
count-decision = { $count ->
    [one] { $count } besluit
   *[other] { $count } besluiten
}
count-note = { $count ->
    [one] { $count } notitie
   *[other] { $count } notities
}
summary-parking = Parkeerplaats: { $count } geparkeerd ({ $open } open)

## Attendance

heading-attendance = Aanwezigheid
attendance-header = | Belanghebbendengroep | Aanwezig |
in-no-group = Geen belanghebbendengroep
everyone = Iedereen
total = Totaal
organisations = { $count ->
    [one] { $count } organisatie was vertegenwoordigd.
   *[other] { $count } organisaties waren vertegenwoordigd.
}
organisations-named = { $count ->
    [one] { $count } organisatie was vertegenwoordigd: { $names }.
   *[other] { $count } organisaties waren vertegenwoordigd: { $names }.
}

## Timetable

heading-timetable = Tijdschema
timetable-header = | # | Sessie | Gepland | Werkelijke start | Geplande duur | Werkelijke duur | Verschil |
not-held = niet gehouden
catch-up = *Inhaalvoorstel aangenomen om { $at }: { $summary }; verwacht einde { $end }.*
count-session = { $count ->
    [one] { $count } sessie
   *[other] { $count } sessies
}
catch-up-changed = { $sessions } gewijzigd
catch-up-trimmed = { $sessions } ingekort met { $by }
catch-up-lengthened = { $sessions } verlengd met { $by }

## Items

item = **{ $kind }{ $number }** { $time }{ $moved }: { $text }
kind-title-question = Vraag
kind-title-concern = Zorg
kind-title-idea = Idee
kind-title-action = Actie
kind-title-decision = Besluit
kind-title-note = Notitie
item-moved = (vastgelegd tijdens { $session }, hierheen verplaatst)
item-owner = verantwoordelijke: { $owner }
item-due = uiterlijk { $due }
item-themes = thema's: { $themes }
item-open = **open**
item-parked = geparkeerd
item-parked-resolved = geparkeerd (afgehandeld)
item-internal = *intern*
answer = *Antwoord:* { $text }

## Sessions

heading-sessions = Sessies
format-plenary = plenair
format-presentation = presentatie
format-discussion = discussie
format-breakout = werken in groepen
format-qa = vragenronde
format-break = pauze
session-lead = geleid door { $lead }
session-length = { $actual } van { $timebox }
timebox-changed = tijdvak gewijzigd van { $from } naar { $to }
nothing-captured = Er is niets vastgelegd.

## Follow-up lists

heading-open-questions = Open vragen voor opvolging
all-answered = Alle vragen zijn beantwoord.
in-session = (sessie { $session })
heading-parked-open = Geparkeerd, nog open
no-owner = geen verantwoordelijke
heading-concerns = Zorgen per thema
no-concerns = Er zijn geen zorgen geuit.
without-theme = Zonder thema
also-under = (ook onder { $themes })
heading-actions = Acties
actions-header = | Actie | Verantwoordelijke | Uiterlijk | Sessie |
no-actions = Er zijn geen acties afgesproken.
heading-decisions = Besluiten
no-decisions = Er zijn geen besluiten vastgelegd.
heading-parking = Parkeerplaats
parking-header = | Punt | Verantwoordelijke | Status | Sessie |
parked-open = open
parked-resolved = afgehandeld

## Questions from phones

phones-summary = Vragen via de telefoon: { $received } ontvangen, { $approved } goedgekeurd, { $merged } samengevoegd, { $rejected } afgewezen
phones-summary-pending = , { $pending } niet gemodereerd
heading-phones = Vragen via de telefoon
phones-intro-internal = Alle vragen die vanaf een telefoon zijn verstuurd, in volgorde van ontvangst, zoals ze zijn getypt.
phones-header-internal = | Ontvangen | Ingediend | Uitkomst |
phones-intro-public = De via de telefoon verstuurde vragen die zijn opgepakt, in volgorde van ontvangst, zoals ze zijn goedgekeurd.
phones-header-public = | Ontvangen | Vraag | Uitkomst |
a-question = een vraag
state-answered-live = ter plekke beantwoord
state-answered-in-writing = schriftelijk beantwoord
state-open = open: wordt schriftelijk beantwoord
state-deleted = inmiddels verwijderd
phones-merged = samengevoegd met { $question }
phones-deleted-since = (inmiddels verwijderd)
phones-rejected = niet opgepakt: { $reason }
phones-pending = niet gemodereerd
left-rejected = niet opgepakt
left-pending = niet gemodereerd
left-withdrawn = opgepakt maar niet in dit verslag opgenomen
left-first = { $count ->
    [one] { $count } inzending is { $what }
   *[other] { $count } inzendingen zijn { $what }
}
left-next = { $count ->
    [one] { $count } is { $what }
   *[other] { $count } zijn { $what }
}
left-out = { $count ->
    [one] { $listed }; de tekst wordt niet gepubliceerd.
   *[other] { $listed }; de teksten worden niet gepubliceerd.
}

## Votes and shows of hands

heading-tallies = Stemmingen en handopstekingen
tally-heading = Stemming { $number } · sessie { $session } · { $at }
tally-corrected = (gecorrigeerd { $at })
tally-question = **Vraag:** { $text }
tally-method = **Methode:** { $method } · **regel:** { $rule }
method-show-of-hands = handopsteking
method-yes-no-abstain = ja/nee/onthouding
method-dot-vote = stemmen met stickers
method-fist-to-five = fist-to-five (0–5 vingers)
rule-advisory = adviserend
rule-binding = bindend
option-yes = ja
option-no = nee
option-abstain = onthouding
tally-header = | Optie | Aantal | Hoe verkregen |
counting-counted = geteld
counting-estimated = geschat
counting-majority = meerderheid, niet geteld
tally-present = **Aanwezig:** { $present }
not-entered = niet ingevoerd
tally-dots = · **uitgedeelde stickers:** { $dots }
dots-each-all = { $each } per persoon, { $all } in totaal
dots-each = { $each } per persoon (het aantal aanwezigen is niet bekend)
dots-all = { $all } in totaal
tally-outcome = **Uitkomst zoals vastgesteld:** { $outcome }
none-recorded = niets vastgelegd
check-passed = - Controle geslaagd: { $text }.
check-failed = - **Controle niet geslaagd: { $text }.**

## Speaking time

heading-speaking = Spreektijd
nobody-spoke = Niemand heeft vanaf de sprekerslijst gesproken.
count-turn = { $count ->
    [one] { $count } beurt
   *[other] { $count } beurten
}
count-point-of-order = { $count ->
    [one] { $count } punt van orde
   *[other] { $count } punten van orde
}
count-direct-reply = { $count ->
    [one] { $count } directe reactie
   *[other] { $count } directe reacties
}
speaking-lanes = , waarvan { $lanes }
speaking-summary = { $turns } vanaf de sprekerslijst{ $lanes }: { $time } in totaal, gemeten met de timers van de sessies.
speaking-groups-header = | Belanghebbendengroep | Beurten | Spreektijd | Aandeel |
speaking-speakers-header = | Spreker | Belanghebbendengroep | Beurten | Spreektijd |
share = { $percent }%
speaking-public-named = Sprekers worden alleen met hun toestemming bij naam genoemd; iedereen telt mee in de eigen groep.
speaking-public-group = Spreektijd wordt alleen per belanghebbendengroep vermeld.
each-speaker = *Spreektijd per spreker: { $time }*
nobody-had-floor = Niemand heeft het woord gehad.
lane-point-of-order = punt van orde
lane-direct-reply = directe reactie
still-waiting = Nog op de sprekerslijst: { $names }.

## Messages to the room

heading-room = Berichten aan de zaal
room-shown = getoond: { $text }
room-blinked = knipperend getoond
room-cleared = gewist
room-blackout = scherm op zwart
room-display-back = scherm weer aan
room-pinned = vastgezet: { $label }
room-unpinned = losgemaakt

## The record

record-none = Registratie: geen journaalregels.
record-format-1 = Registratie: een journaal in formaat 1 met { $count } regels.
record-devices = Registratie: journaalregels per apparaat: { $parts } (apparaten aangeduid met het begin van hun id).
record-part-format-1 = formaat 1 { $count }
record-part-inbox = inbox van { $device } { $count }

## U zei, wij deden: punten uit eerdere bijeenkomsten

date-plain = { $day } { $month } { $year }
carried-heading = U zei, wij deden
carried-intro = Wat op eerdere bijeenkomsten naar voren kwam en bij het einde nog openstond, en wat er sindsdien is gebeurd.
carried-raised-at = { $item } op { $title }, { $date }
carried-item = **{ $place }**: { $text }
carried-step = { $where }: { $status }
carried-now = Nu
carried-no-update-yet = nog geen stand van zaken
carried-no-update = geen stand van zaken
carried-raised-by = ingebracht door { $who }
carried-owner = verantwoordelijke: { $who }
carried-due = uiterlijk { $date }
carried-status-answered = beantwoord
carried-status-done = gedaan
carried-status-in-progress = in uitvoering
carried-status-dropped = geschrapt

## A tally's checks of its numbers
tally-check-dots-exact-passed = de { $given } getelde stippen komen overeen met de { $handed } uitgedeelde
tally-check-dots-exact-failed = de { $given } getelde stippen komen niet overeen met de { $handed } uitgedeelde
tally-check-dots-estimate-passed = de { $given } getelde of geschatte stippen zijn niet meer dan de { $handed } uitgedeelde
tally-check-dots-estimate-failed = de { $given } getelde of geschatte stippen zijn meer dan de { $handed } uitgedeelde
tally-check-dots-unknown-per-person = het aantal uitgedeelde stippen is niet bekend: { $per } per persoon, maar het aantal aanwezigen is niet ingevoerd
tally-check-dots-unknown = de uitgedeelde stippen zijn niet ingevoerd: de getelde stippen kunnen niet worden gecontroleerd
tally-check-votes-passed = de { $counted } getelde stemmen zijn niet meer dan de { $present } aanwezigen
tally-check-votes-failed = de { $counted } getelde stemmen zijn meer dan de { $present } aanwezigen
tally-check-hands-passed = de { $counted } getelde handen zijn niet meer dan de { $present } aanwezigen
tally-check-hands-failed = de { $counted } getelde handen zijn meer dan de { $present } aanwezigen
tally-check-majority = "{ $option }" is gemarkeerd als meerderheid zonder telling, maar heeft een aantal ({ $count })

## A pinned question deleted after it was pinned
pinned-deleted-since = { $item } (inmiddels verwijderd)
