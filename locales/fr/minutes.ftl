# convene's words in the minutes: French. Every file under locales/ holds the same ids (a test
# checks it). Text typed by people is never in these files: it is shown as typed. A no-break
# space stands before : and ; as French typography wants.

## Dates

date = { $weekday } { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
datetime = { $date } à { $time }
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
weekday-short-1 = lun.
weekday-short-2 = mar.
weekday-short-3 = mer.
weekday-short-4 = jeu.
weekday-short-5 = ven.
weekday-short-6 = sam.
weekday-short-7 = dim.
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Joining lists

join-and = { $first } et { $last }

## Title block

title-internal = Compte rendu (interne)
title-public = Compte rendu
provisional-reopened = **Provisoire :** rouvert pour corrections le { $when } ; ce compte rendu tient compte des corrections apportées jusqu'ici.
provisional-unfinished = **Provisoire :** l'événement n'est pas terminé ; ce compte rendu a été établi à partir d'un enregistrement inachevé.
not-started = non commencé
label-event = Événement
kind-lab = laboratoire citoyen
kind-council = conseil d'orientation
label-date = Date
held-on = { $date } (tenu le { $held })
label-place = Lieu
label-time = Horaire
time-value = { $actual } (prévu { $start }–{ $end })
label-corrected = Corrigé après l'événement
label-facilitator = Animation
label-note-taker = Secrétariat de séance
label-attribution = Attribution
attribution-named = les participants ne sont nommés qu'avec leur consentement
attribution-group = règle de Chatham House : les contributions sont attribuées aux groupes de parties prenantes, jamais aux personnes
attribution-anonymous = les contributions ne sont pas attribuées

## Who raised an item, in the public minutes

by-group = un participant du groupe { $group }
by-someone = un participant
mentioned-stranger = quelqu'un
by-online = un participant (en ligne)

## Summary

heading-summary = Synthèse
summary-sessions = Séances tenues : { $held } sur { $all }
summary-duration = Durée : prévue { $planned } (toutes les séances), réelle { $actual } (séances tenues)
summary-captured = Consigné : { $counts }
captured-open = { $what } ({ $open ->
    [one] { $open } ouverte
   *[other] { $open } ouvertes
})
count-question = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
count-concern = { $count ->
    [one] { $count } préoccupation
   *[other] { $count } préoccupations
}
count-idea = { $count ->
    [one] { $count } idée
   *[other] { $count } idées
}
count-action = { $count ->
    [one] { $count } action
   *[other] { $count } actions
}
count-decision = { $count ->
    [one] { $count } décision
   *[other] { $count } décisions
}
count-note = { $count ->
    [one] { $count } note
   *[other] { $count } notes
}
summary-parking = Points mis de côté : { $count } ({ $open } en suspens)

## Attendance

heading-attendance = Présences
attendance-header = | Groupe de parties prenantes | Présents |
in-no-group = Sans groupe de parties prenantes
everyone = Ensemble des présents
total = Total
organisations = { $count ->
    [one] { $count } organisation représentée.
   *[other] { $count } organisations représentées.
}
organisations-named = { $count ->
    [one] { $count } organisation représentée : { $names }.
   *[other] { $count } organisations représentées : { $names }.
}

## Timetable

heading-timetable = Déroulé
timetable-header = | # | Séance | Prévu | Début réel | Durée prévue | Durée réelle | Écart |
not-held = non tenue
catch-up = *Rattrapage accepté à { $at } : { $summary } ; fin prévue { $end }.*
count-session = { $count ->
    [one] { $count } séance
   *[other] { $count } séances
}
catch-up-changed = { $count ->
    [one] { $sessions } modifiée
   *[other] { $sessions } modifiées
}
catch-up-trimmed = { $count ->
    [one] { $sessions } raccourcie de { $by }
   *[other] { $sessions } raccourcies de { $by }
}
catch-up-lengthened = { $count ->
    [one] { $sessions } allongée de { $by }
   *[other] { $sessions } allongées de { $by }
}

## Items

item = **{ $kind }{ $number }** { $time }{ $moved } : { $text }
kind-title-question = Question
kind-title-concern = Préoccupation
kind-title-idea = Idée
kind-title-action = Action
kind-title-decision = Décision
kind-title-note = Note
item-moved = (saisie pendant la séance { $session }, déplacée ici)
item-owner = responsable : { $owner }
item-due = échéance { $due }
item-themes = thèmes : { $themes }
item-open = **ouverte**
item-parked = mise de côté
item-parked-resolved = mise de côté (réglée)
item-internal = *interne*
answer = *Réponse :* { $text }

## Sessions

heading-sessions = Séances
format-plenary = plénière
format-presentation = présentation
format-discussion = discussion
format-breakout = travail en sous-groupes
format-qa = questions-réponses
format-break = pause
session-lead = animée par { $lead }
session-length = { $actual } sur { $timebox }
timebox-changed = durée modifiée de { $from } à { $to }
nothing-captured = Rien n'a été consigné.

## Follow-up lists

heading-open-questions = Questions ouvertes à suivre
all-answered = Toutes les questions ont reçu une réponse.
in-session = (séance { $session })
heading-parked-open = Mis de côté, toujours en suspens
no-owner = sans responsable
heading-concerns = Préoccupations par thème
no-concerns = Aucune préoccupation n'a été exprimée.
without-theme = Sans thème
also-under = (également sous { $themes })
heading-actions = Actions
actions-header = | Action | Responsable | Échéance | Séance |
no-actions = Aucune action n'a été convenue.
heading-decisions = Décisions
no-decisions = Aucune décision n'a été consignée.
heading-parking = Points mis de côté
parking-header = | Point | Responsable | Statut | Séance |
parked-open = en suspens
parked-resolved = réglé

## Questions from phones

phones-summary = Questions envoyées par téléphone : { $received } reçues, { $approved } approuvées, { $merged } fusionnées, { $rejected } rejetées
phones-summary-pending = , { $pending } non modérées
heading-phones = Questions envoyées par téléphone
phones-intro-internal = Toutes les questions envoyées depuis un téléphone, dans l'ordre de réception, telles que saisies.
phones-header-internal = | Reçue | Texte envoyé | Suite donnée |
phones-intro-public = Les questions envoyées par téléphone qui ont été retenues, dans l'ordre de réception, telles qu'approuvées.
phones-header-public = | Reçue | Question | Suite donnée |
a-question = une question
state-answered-live = réponse donnée en séance
state-answered-in-writing = réponse donnée par écrit
state-open = ouverte : réponse écrite à venir
state-deleted = supprimée depuis
phones-merged = fusionnée avec { $question }
phones-deleted-since = (supprimée depuis)
phones-rejected = non retenue : { $reason }
phones-pending = non modérée
left-rejected = { $count ->
    [one] n'a pas été retenue
   *[other] n'ont pas été retenues
}
left-pending = { $count ->
    [one] n'a pas été modérée
   *[other] n'ont pas été modérées
}
left-withdrawn = { $count ->
    [one] a été retenue mais ne figure pas dans ce compte rendu
   *[other] ont été retenues mais ne figurent pas dans ce compte rendu
}
left-first = { $count ->
    [one] { $count } contribution { $what }
   *[other] { $count } contributions { $what }
}
left-next = { $count } { $what }
left-out = { $count ->
    [one] { $listed } ; son texte n'est pas publié.
   *[other] { $listed } ; leurs textes ne sont pas publiés.
}

## Votes and shows of hands

heading-tallies = Votes et consultations à main levée
tally-heading = Vote { $number } · séance { $session } · { $at }
tally-corrected = (corrigé à { $at })
tally-question = **Question :** { $text }
tally-method = **Méthode :** { $method } · **règle :** { $rule }
method-show-of-hands = à main levée
method-yes-no-abstain = oui/non/abstention
method-dot-vote = vote par gommettes
method-fist-to-five = vote à cinq doigts (fist-to-five)
rule-advisory = consultatif
rule-binding = contraignant
option-yes = oui
option-no = non
option-abstain = abstention
tally-header = | Option | Nombre | Mode d'obtention |
counting-counted = compté
counting-estimated = estimé
counting-majority = majorité, non comptée
tally-present = **Présents :** { $present }
not-entered = non renseigné
tally-dots = · **gommettes distribuées :** { $dots }
dots-each-all = { $each } par personne, { $all } au total
dots-each = { $each } par personne (le nombre de présents n'est pas connu)
dots-all = { $all } au total
tally-outcome = **Résultat proclamé :** { $outcome }
none-recorded = aucun consigné
check-passed = - Vérification réussie : { $text }.
check-failed = - **Vérification échouée : { $text }.**

## Speaking time

heading-speaking = Temps de parole
nobody-spoke = Personne n'a pris la parole depuis la liste des orateurs.
count-turn = { $count ->
    [one] { $count } intervention
   *[other] { $count } interventions
}
count-point-of-order = { $count ->
    [one] { $count } rappel au règlement
   *[other] { $count } rappels au règlement
}
count-direct-reply = { $count ->
    [one] { $count } réponse directe
   *[other] { $count } réponses directes
}
speaking-lanes = , dont { $lanes }
speaking-summary = { $turns } depuis la liste des orateurs{ $lanes } : { $time } au total, mesuré sur les minuteurs des séances.
speaking-groups-header = | Groupe de parties prenantes | Interventions | Temps de parole | Part |
speaking-speakers-header = | Orateur | Groupe de parties prenantes | Interventions | Temps de parole |
share = { $percent } %
speaking-public-named = Les orateurs ne sont nommés qu'avec leur consentement ; chacun est compté dans son groupe.
speaking-public-group = Le temps de parole n'est indiqué que par groupe de parties prenantes.
each-speaker = *Temps par orateur : { $time }*
nobody-had-floor = Personne n'a eu la parole.
lane-point-of-order = rappel au règlement
lane-direct-reply = réponse directe
still-waiting = Toujours en attente : { $names }.

## Messages to the room

heading-room = Messages à la salle
room-shown = affiché : { $text }
room-blinked = mis en évidence
room-cleared = effacé
room-blackout = écran éteint
room-display-back = écran rallumé
room-pinned = épinglé : { $label }
room-unpinned = désépinglé

## The record

record-none = Enregistrement : aucune entrée de journal.
record-format-1 = Enregistrement : un journal au format 1 de { $count } entrées.
record-devices = Enregistrement : entrées de journal par appareil : { $parts } (appareils désignés par le début de leur identifiant).
record-part-format-1 = format 1 { $count }
record-part-inbox = boîte de réception de { $device } { $count }

## Vous avez dit, nous avons fait : points repris des rencontres précédentes

date-plain = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
carried-heading = Vous avez dit, nous avons fait
carried-intro = Ce qui a été soulevé lors de rencontres précédentes et restait ouvert à leur clôture, et ce qui s'est passé depuis.
carried-raised-at = { $item } lors de { $title }, le { $date }
carried-item = **{ $place }** : { $text }
carried-step = { $where } : { $status }
carried-now = Aujourd'hui
carried-no-update-yet = pas encore de suivi
carried-no-update = pas de suivi
carried-raised-by = soulevé par { $who }
carried-owner = responsable : { $who }
carried-due = échéance le { $date }
carried-status-answered = répondu
carried-status-done = fait
carried-status-in-progress = en cours
carried-status-dropped = abandonné

## A tally's checks of its numbers
tally-check-dots-exact-passed = les { $given } gommettes comptées correspondent aux { $handed } distribuées
tally-check-dots-exact-failed = les { $given } gommettes comptées ne correspondent pas aux { $handed } distribuées
tally-check-dots-estimate-passed = les { $given } gommettes comptées ou estimées ne dépassent pas les { $handed } distribuées
tally-check-dots-estimate-failed = les { $given } gommettes comptées ou estimées dépassent les { $handed } distribuées
tally-check-dots-unknown-per-person = le nombre de gommettes distribuées est inconnu{" "}: { $per } par personne, mais le nombre de présents n'a pas été saisi
tally-check-dots-unknown = les gommettes distribuées n'ont pas été saisies{" "}: les gommettes comptées ne peuvent pas être vérifiées
tally-check-votes-passed = les { $counted } voix comptées ne dépassent pas les { $present } présents
tally-check-votes-failed = les { $counted } voix comptées dépassent les { $present } présents
tally-check-hands-passed = les { $counted } mains comptées ne dépassent pas les { $present } présents
tally-check-hands-failed = les { $counted } mains comptées dépassent les { $present } présents
tally-check-majority = «{" "}{ $option }{" "}» est marqué majorité sans décompte, mais a un nombre ({ $count })

## A pinned question deleted after it was pinned
pinned-deleted-since = { $item } (supprimée depuis)
