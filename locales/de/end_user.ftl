# Seiten für Endnutzer, E-Mails und der gehostete Ablauf der Sandbox, auf Deutsch.
# Jede Nachricht muss es in allen Sprachen mit denselben Variablen geben (ein Test prüft das).

## Seitenrahmen

layout-questions = Fragen? Wenden Sie sich an { $company }:
layout-powered-by = Links zur Identitätsprüfung von Inquiry Link Portal

## Weiter-Seite

continue-title = Bestätigen Sie Ihre Identität
continue-lead = { $company } bittet Sie, Ihre Identität zu bestätigen.
continue-lead-anyone = Das Unternehmen, das Ihnen diesen Link geschickt hat, bittet Sie, Ihre Identität zu bestätigen.
continue-next-heading = So geht es weiter
continue-step-page = Sie gelangen auf eine sichere Prüfseite. Dort bestätigen Sie Ihre Angaben und werden eventuell gebeten, ein Ausweisdokument zu fotografieren.
continue-step-time = Das dauert in der Regel nur wenige Minuten.
continue-later-resumable = Wenn Sie zwischendurch aufhören, öffnen Sie diesen Link einfach erneut auf diesem Gerät und machen dort weiter, wo Sie aufgehört haben.
continue-later-one-sitting = Bitte schließen Sie die Prüfung in einem Zug ab: Einmal begonnen, kann sie später nicht fortgesetzt werden.
continue-later-new-each-visit = Jeder Aufruf dieses Links startet eine neue Prüfung. Schließen Sie sie daher in einem Zug ab.
continue-later-one-time-link = Dieser Zugangslink funktioniert nur einmal. Sobald Sie fortfahren, funktioniert Ihr ursprünglicher Link auf diesem Gerät.
continue-button = Weiter zur Identitätsprüfung
continue-hint = Es geschieht nichts, bevor Sie auf die Schaltfläche drücken.

## Zugangscode

access-code-title = Geben Sie Ihren Zugangscode ein
access-code-lead = Diese Prüfung wurde in einem anderen Browser begonnen. Geben Sie den Zugangscode ein, den Sie separat erhalten haben, um hier fortzufahren.
access-code-label = Zugangscode
access-code-button = Weiter
access-code-empty = Geben Sie den Zugangscode ein, den Sie erhalten haben.
access-code-wrong = { $left ->
    [one] Dieser Code ist nicht richtig. Noch { $left } Versuch, bevor der Link gesperrt wird.
   *[other] Dieser Code ist nicht richtig. Noch { $left } Versuche, bevor der Link gesperrt wird.
}

## Neuer Link

recovery-form-hint = Oder lassen Sie sich einen neuen Einmal-Link an die E-Mail-Adresse senden, die das Unternehmen von Ihnen hat, und öffnen Sie ihn auf diesem Gerät.
recovery-form-button = Neuen Link per E-Mail senden
recovery-sent-title = Sehen Sie in Ihr E-Mail-Postfach
recovery-sent-lead = Wir haben einen neuen Einmal-Link an { $email } gesendet.
recovery-sent-next = Öffnen Sie ihn auf dem Gerät, auf dem Sie fortfahren möchten. Er funktioniert nur einmal. Falls er nicht innerhalb weniger Minuten ankommt, sehen Sie bitte in Ihrem Spam-Ordner nach.
recovery-without-address-title = Wir können Ihnen keinen neuen Link senden
recovery-without-address-lead = Für diese Prüfung ist keine E-Mail-Adresse hinterlegt.
recovery-expired-title = Dieser Link ist abgelaufen
recovery-expired-lead = Zu Ihrer Sicherheit sind Prüflinks nur begrenzte Zeit gültig, und dieser kann nicht per E-Mail erneuert werden.
ask-new-link-support = Bitte fragen Sie { $company } nach einem neuen Link:
ask-new-link-contact = Bitte wenden Sie sich an { $company }, das Unternehmen, das Ihnen den Link geschickt hat, und bitten Sie um einen neuen.
ask-new-link-anyone = Bitte wenden Sie sich an das Unternehmen, das Ihnen den Link geschickt hat, und bitten Sie um einen neuen.
ask-fresh-link-support = Bitte fragen Sie { $company } nach einem neuen Link:
ask-fresh-link-contact = Bitte wenden Sie sich an { $company }, das Unternehmen, das Ihnen den Link geschickt hat, und bitten Sie um einen neuen Link.
ask-fresh-link-anyone = Bitte wenden Sie sich an das Unternehmen, das Ihnen den Link geschickt hat, und bitten Sie um einen neuen Link.
too-many-recoveries-title = Bitte sehen Sie in Ihr E-Mail-Postfach
too-many-recoveries-lead = Für diese Prüfung wurden in der letzten Stunde bereits mehrere neue Links gesendet.
too-many-recoveries-next = Verwenden Sie den neuesten oder versuchen Sie es später erneut.

## Sackgassen

unknown-link-title = Dieser Link funktioniert nicht
unknown-link-lead = Unter dieser Adresse haben wir keinen Prüflink gefunden.
unknown-link-next = Prüfen Sie, ob Sie den vollständigen Link aus Ihrer E-Mail oder Nachricht kopiert haben, oder bitten Sie das Unternehmen, das ihn geschickt hat, um einen neuen.
expired-link-title = Dieser Link ist abgelaufen
expired-link-lead = Zu Ihrer Sicherheit sind Prüflinks nur begrenzte Zeit gültig.
expired-link-next = Bitten Sie das Unternehmen, das ihn geschickt hat, um einen neuen Link.
revoked-link-title = Dieser Link ist nicht mehr gültig
revoked-link-lead = Das Unternehmen, das ihn geschickt hat, hat diesen Link zurückgezogen.
revoked-link-next = Wenn Sie Ihre Identität weiterhin bestätigen müssen, bitten Sie dort um einen neuen Link.
link-completed-title = Alles erledigt
link-completed-lead = Diese Prüfung wurde bereits abgeschlossen. Sie müssen nichts weiter tun.
link-completed-next = Sie können diese Seite schließen.
not-yet-open-title = Dieser Link ist noch nicht freigeschaltet
not-yet-open-lead = Die Prüfung hinter diesem Link nimmt noch keine Teilnehmer an.
not-yet-open-next = Bitte versuchen Sie es später erneut oder wenden Sie sich an das Unternehmen, das ihn geschickt hat.
link-paused-title = Dieser Link ist pausiert
link-paused-lead = Das Unternehmen, das diesen Link veröffentlicht hat, hat ihn vorübergehend pausiert.
link-paused-next = Bitte versuchen Sie es später erneut.
capped-title = Dieser Link hat sein Limit erreicht
capped-lead = Über diesen Link können keine weiteren Prüfungen gestartet werden.
capped-next = Fragen Sie das Unternehmen, das ihn veröffentlicht hat, nach einem anderen Weg zur Prüfung.
too-many-new-visits-title = Zu viele Prüfungen aus Ihrem Netzwerk
too-many-new-visits-lead = In der letzten Stunde wurden viele Prüfungen aus Ihrem Netzwerk gestartet, daher sind neue für eine Weile pausiert.
too-many-new-visits-next = Bitte versuchen Sie es später erneut. Wenn Sie in diesem Browser bereits eine begonnen haben, führt Sie derselbe Link dorthin zurück.
provider-unavailable-title = Die Prüfung ist vorübergehend nicht verfügbar
provider-unavailable-lead = Wir konnten den Prüfdienst gerade nicht erreichen. Es ist nichts verloren gegangen.
provider-unavailable-next = Bitte versuchen Sie denselben Link in einem Moment erneut.
fresh-link-needed-title = Fahren Sie auf dem Gerät fort, auf dem Sie begonnen haben
fresh-link-needed-lead = Diese Prüfung wurde in einem anderen Browser begonnen. Zum Schutz Ihrer persönlichen Angaben kann sie nur dort fortgesetzt werden.
fresh-link-needed-next = Falls das nicht möglich ist, bitten Sie das Unternehmen, das Ihnen den Link geschickt hat, um einen neuen Zugangslink.
finish-in-one-sitting-title = Diese Prüfung kann nicht fortgesetzt werden
finish-in-one-sitting-lead = Diese Prüfung musste in einem Zug abgeschlossen werden und wurde unterbrochen.
finish-in-one-sitting-next = Bitten Sie das Unternehmen, das Ihnen den Link geschickt hat, um einen neuen.
locked-title = Dieser Link ist gesperrt
locked-lead = Es wurden zu viele falsche Zugangscodes eingegeben. Zum Schutz der Person, der er gehört, wurde dieser Link gesperrt.
locked-next = Bitten Sie das Unternehmen, das ihn geschickt hat, ihn zu entsperren oder einen neuen Link zu senden.
refused-old-version-title = Diese Prüfung muss neu gestartet werden
refused-old-version-lead = Die Prüfung hinter diesem Link ist veraltet und kann nicht fortgesetzt werden.
refused-old-version-next = Bitten Sie das Unternehmen, das ihn geschickt hat, um einen neuen Link.
access-link-used-title = Dieser Zugangslink wurde bereits verwendet
access-link-used-lead = Einmalige Zugangslinks funktionieren nur einmal, und zwar in dem Browser, in dem sie zuerst geöffnet wurden.
access-link-used-next = Verwenden Sie den ursprünglichen Link in diesem Browser oder bitten Sie um einen neuen Zugangslink.
continue-from-elsewhere-title = Öffnen Sie den Link erneut
continue-from-elsewhere-lead = Diese Anfrage kam von einer anderen Website, daher wurde nichts gestartet.
continue-from-elsewhere-next = Um fortzufahren, öffnen Sie den Link aus Ihrer E-Mail oder Nachricht erneut und drücken Sie die Schaltfläche auf der Seite.

## Ergebnis unter /done

outcome-done-title = Vielen Dank, Sie sind fertig
outcome-done-lead = Ihre Prüfung wurde übermittelt. Das Unternehmen, das sie angefordert hat, meldet sich, falls es noch etwas benötigt.
outcome-failed-title = Wir konnten Sie diesmal nicht verifizieren
outcome-failed-lead = Ihre Prüfung war nicht erfolgreich. Das Unternehmen, das sie angefordert hat, teilt Ihnen mit, wie es weitergeht.
outcome-review-title = Ihre Prüfung wird überprüft
outcome-review-lead = Wir geben dem Unternehmen, das sie angefordert hat, Bescheid, sobald die Überprüfung abgeschlossen ist.
outcome-finished-title = Prüfung beendet
outcome-finished-lead = Sie können diese Seite schließen. Wenn Sie noch Fragen haben, wenden Sie sich an das Unternehmen, das Ihnen den Link geschickt hat.
outcome-close = Sie können diese Seite jetzt schließen.

## E-Mails

email-link-subject = { $company } bittet Sie, Ihre Identität zu bestätigen
email-link-body = { $company } bittet Sie, Ihre Identität zu bestätigen. Der Link unten öffnet die Prüfung; Sie können jederzeit unterbrechen und später auf demselben Gerät fortfahren.
email-access-link-subject = Ihr Link, um die Identitätsprüfung für { $company } fortzusetzen
email-access-link-body = { $company } hat Ihnen einen Einmal-Link geschickt, mit dem Sie Ihre Identitätsprüfung auf diesem Gerät fortsetzen können. Er funktioniert nur einmal.
email-reminder-subject = Erinnerung: Ihre Identitätsprüfung für { $company } läuft bald ab
email-reminder-body = { $company } hat Sie gebeten, Ihre Identität zu bestätigen, und der Link läuft bald ab. Wenn Sie bereits fertig sind, können Sie diese Nachricht ignorieren.
email-recovery-subject = Ihr neuer Link, um mit { $company } fortzufahren
email-recovery-body = Jemand (hoffentlich Sie) hat einen neuen Link angefordert, um die Identitätsprüfung fortzusetzen, um die { $company } gebeten hat. Er funktioniert einmal, auf dem Gerät, auf dem Sie ihn öffnen. Wenn Sie ihn nicht angefordert haben, können Sie diese Nachricht ignorieren.
email-greeting-name = Guten Tag { $name },
email-greeting = Guten Tag,
email-button = Weiter zur Identitätsprüfung
email-copy = Oder kopieren Sie diese Adresse in Ihren Browser:
email-expires = Der Link läuft am { $expires } ab.
email-expires-soon = bald
email-sent-for = Diese Nachricht wurde im Auftrag von { $company } versendet. Bei Fragen wenden Sie sich bitte direkt an { $company }.
email-powered-by = Versendet von Inquiry Link Portal

## Gehosteter Ablauf der Sandbox

flow-step = Sandbox-Prüfung · Schritt { $step } von 3
flow-details-title = Bestätigen Sie Ihre Angaben
flow-details-lead = Prüfen Sie die Angaben unten und korrigieren Sie, was nicht stimmt.
flow-details-button = Prüfung starten
flow-document-title = Prüfen Sie Ihr Dokument
flow-document-lead = Diese Sandbox prüft keine echten Dokumente. Wählen Sie das Ergebnis, das simuliert werden soll.
flow-document-pass = Erfolg simulieren
flow-document-fail = Fehlschlag simulieren
flow-complete-title = Prüfung abgeschlossen
flow-complete-lead = Diese Prüfung ist bereits abgeschlossen. Vielen Dank, Sie müssen nichts weiter tun.
flow-finished-title = Prüfung beendet
flow-failed-lead = Diese Prüfung ist bereits beendet und konnte nicht erfolgreich abgeschlossen werden.
flow-review-lead = Diese Prüfung ist bereits beendet und wird überprüft.
flow-expired-title = Sitzung abgelaufen
flow-expired-inquiry = Diese Prüfung ist abgelaufen. Gehen Sie dorthin zurück, wo Sie den Link erhalten haben, und bitten Sie um einen neuen.
flow-expired-session = Diese Prüfung wurde in einem anderen Browser oder Tab begonnen, oder Ihre Sitzung ist abgelaufen. Gehen Sie dorthin zurück, wo Sie den Link erhalten haben, und öffnen Sie ihn erneut, um fortzufahren.
flow-cancel = Prüfung abbrechen
widget-complete-lead = Vielen Dank, hier ist nichts mehr zu tun.
widget-failed-lead = Diese Prüfung konnte nicht erfolgreich abgeschlossen werden.
widget-review-lead = Diese Prüfung ist abgeschlossen und wird nun geprüft.
flow-field-name-first = Vorname
flow-field-name-last = Nachname
flow-field-birthdate = Geburtsdatum
flow-field-email-address = E-Mail-Adresse
flow-field-phone-number = Telefonnummer
flow-field-address-street-1 = Straße und Hausnummer
flow-field-address-city = Ort
flow-field-address-subdivision = Bundesland oder Region
flow-field-address-postal-code = Postleitzahl
flow-field-address-country-code = Ländercode
email-invitation-subject = Einladung zu { $company } im Inquiry Link Portal
email-invitation-body = { $company } hat Sie in sein Team im Inquiry Link Portal eingeladen, über das es Links zur Identitätsprüfung versendet und verfolgt. Öffnen Sie den Link unten, um die Einladung anzunehmen; er funktioniert einmal. Wenn Sie diese Einladung nicht erwartet haben, können Sie diese Nachricht ignorieren; es passiert nichts.
email-invitation-button = Einladung annehmen
