# Pages destinées aux utilisateurs finaux, e-mails et parcours hébergé du bac à sable, en français.
# Chaque message doit exister dans toutes les langues avec les mêmes variables (un test le vérifie).

## Cadre de page

layout-questions = Des questions ? Contactez { $company } :
layout-powered-by = Liens de vérification d’identité par Inquiry Link Portal

## Page Continuer

continue-title = Vérifiez votre identité
continue-lead = { $company } vous demande de vérifier votre identité.
continue-lead-anyone = L’entreprise qui vous a envoyé ce lien vous demande de vérifier votre identité.
continue-next-heading = Et ensuite ?
continue-step-page = Vous accédez à une page de vérification sécurisée, où vous confirmez vos informations et pouvez être invité à photographier une pièce d’identité.
continue-step-time = Cela ne prend généralement que quelques minutes.
continue-later-resumable = Si vous vous arrêtez en cours de route, rouvrez ce lien sur cet appareil pour reprendre là où vous en étiez.
continue-later-one-sitting = Veuillez terminer en une seule fois : une fois commencée, cette vérification ne pourra pas être reprise plus tard.
continue-later-new-each-visit = Chaque visite de ce lien démarre une nouvelle vérification ; terminez-la donc en une seule fois.
continue-later-one-time-link = Ce lien d’accès ne fonctionne qu’une fois. Une fois que vous aurez continué, votre lien d’origine fonctionnera sur cet appareil.
continue-button = Continuer vers la vérification d’identité
continue-hint = Rien ne commence tant que vous n’avez pas appuyé sur le bouton.

## Code d’accès

access-code-title = Saisissez votre code d’accès
access-code-lead = Cette vérification a été commencée dans un autre navigateur. Saisissez le code d’accès que vous avez reçu séparément pour continuer ici.
access-code-label = Code d’accès
access-code-button = Continuer
access-code-empty = Saisissez le code d’accès que vous avez reçu.
access-code-wrong = { $left ->
    [one] Ce code n’est pas correct. Il vous reste { $left } essai avant que le lien ne soit verrouillé.
   *[other] Ce code n’est pas correct. Il vous reste { $left } essais avant que le lien ne soit verrouillé.
}

## Nouveau lien

recovery-form-hint = Vous pouvez aussi recevoir un nouveau lien à usage unique à l’adresse e-mail que l’entreprise possède pour vous, et l’ouvrir sur cet appareil.
recovery-form-button = M’envoyer un nouveau lien par e-mail
recovery-sent-title = Consultez vos e-mails
recovery-sent-lead = Nous avons envoyé un nouveau lien à usage unique à { $email }.
recovery-sent-next = Ouvrez-le sur l’appareil sur lequel vous souhaitez continuer. Il ne fonctionne qu’une fois ; s’il n’arrive pas dans quelques minutes, vérifiez votre dossier de courrier indésirable.
recovery-without-address-title = Nous ne pouvons pas vous envoyer de nouveau lien
recovery-without-address-lead = Aucune adresse e-mail n’est enregistrée pour cette vérification.
recovery-expired-title = Ce lien a expiré
recovery-expired-lead = Pour votre sécurité, les liens de vérification ne fonctionnent que pendant une durée limitée, et celui-ci ne peut pas être renouvelé par e-mail.
ask-new-link-support = Veuillez demander un nouveau lien à { $company } :
ask-new-link-contact = Veuillez contacter { $company }, l’entreprise qui vous a envoyé le lien, et demander un nouveau lien.
ask-new-link-anyone = Veuillez contacter l’entreprise qui vous a envoyé le lien et demander un nouveau lien.
ask-fresh-link-support = Veuillez demander un lien valide à { $company } :
ask-fresh-link-contact = Veuillez contacter { $company }, l’entreprise qui vous a envoyé le lien, et demander un lien valide.
ask-fresh-link-anyone = Veuillez contacter l’entreprise qui vous a envoyé le lien et demander un lien valide.
too-many-recoveries-title = Veuillez consulter vos e-mails
too-many-recoveries-lead = Plusieurs nouveaux liens ont déjà été envoyés pour cette vérification au cours de la dernière heure.
too-many-recoveries-next = Utilisez le plus récent, ou réessayez plus tard.

## Impasses

unknown-link-title = Ce lien ne fonctionne pas
unknown-link-lead = Nous n’avons trouvé aucun lien de vérification à cette adresse.
unknown-link-next = Vérifiez que vous avez copié le lien complet depuis votre e-mail ou votre message, ou demandez-en un nouveau à l’entreprise qui l’a envoyé.
expired-link-title = Ce lien a expiré
expired-link-lead = Pour votre sécurité, les liens de vérification ne fonctionnent que pendant une durée limitée.
expired-link-next = Demandez un nouveau lien à l’entreprise qui l’a envoyé.
revoked-link-title = Ce lien n’est plus valide
revoked-link-lead = L’entreprise qui l’a envoyé a retiré ce lien.
revoked-link-next = Si vous devez encore vérifier votre identité, demandez-lui un nouveau lien.
link-completed-title = Tout est terminé
link-completed-lead = Cette vérification a déjà été effectuée. Vous n’avez plus rien à faire.
link-completed-next = Vous pouvez fermer cette page.
not-yet-open-title = Ce lien n’est pas encore ouvert
not-yet-open-lead = La vérification associée à ce lien n’accepte pas encore de participants.
not-yet-open-next = Veuillez réessayer plus tard ou contacter l’entreprise qui l’a envoyé.
link-paused-title = Ce lien est en pause
link-paused-lead = L’entreprise qui a publié ce lien l’a mis en pause pour le moment.
link-paused-next = Veuillez réessayer plus tard.
capped-title = Ce lien a atteint sa limite
capped-lead = Aucune autre vérification ne peut être lancée depuis ce lien.
capped-next = Demandez à l’entreprise qui l’a publié un autre moyen de vous vérifier.
too-many-new-visits-title = Trop de vérifications depuis votre réseau
too-many-new-visits-lead = De nombreuses vérifications ont été lancées depuis votre réseau au cours de la dernière heure ; les nouvelles sont donc suspendues pour un moment.
too-many-new-visits-next = Veuillez réessayer plus tard. Si vous en avez déjà commencé une dans ce navigateur, le même lien vous y ramène.
provider-unavailable-title = La vérification est temporairement indisponible
provider-unavailable-lead = Nous n’avons pas pu joindre le service de vérification pour le moment. Rien n’a été perdu.
provider-unavailable-next = Veuillez réessayer le même lien dans un instant.
fresh-link-needed-title = Continuez sur l’appareil où vous avez commencé
fresh-link-needed-lead = Cette vérification a été commencée dans un autre navigateur. Pour protéger les données personnelles qu’elle contient, elle ne peut être poursuivie que là-bas.
fresh-link-needed-next = Si ce n’est pas possible, demandez un nouveau lien d’accès à l’entreprise qui vous a envoyé le lien.
finish-in-one-sitting-title = Cette vérification ne peut pas être reprise
finish-in-one-sitting-lead = Cette vérification devait être terminée en une seule fois, et elle a été interrompue.
finish-in-one-sitting-next = Demandez un nouveau lien à l’entreprise qui vous l’a envoyé.
locked-title = Ce lien est verrouillé
locked-lead = Trop de codes d’accès erronés ont été saisis ; ce lien a donc été verrouillé pour protéger la personne à qui il appartient.
locked-next = Demandez à l’entreprise qui l’a envoyé de le déverrouiller ou de vous envoyer un nouveau lien.
refused-old-version-title = Cette vérification doit être recommencée
refused-old-version-lead = La vérification associée à ce lien n’est plus à jour et ne peut pas être poursuivie.
refused-old-version-next = Demandez un nouveau lien à l’entreprise qui l’a envoyé.
access-link-used-title = Ce lien d’accès a déjà été utilisé
access-link-used-lead = Les liens d’accès à usage unique ne fonctionnent qu’une fois, dans le navigateur qui les a ouverts en premier.
access-link-used-next = Utilisez le lien d’origine dans ce navigateur, ou demandez un nouveau lien d’accès.
continue-from-elsewhere-title = Rouvrez le lien
continue-from-elsewhere-lead = Cette demande provenait d’un autre site web ; rien n’a donc été lancé.
continue-from-elsewhere-next = Pour continuer, rouvrez le lien depuis votre e-mail ou votre message et appuyez sur le bouton de sa page.

## Résultat sur /done

outcome-done-title = Merci, c’est terminé
outcome-done-lead = Votre vérification a été envoyée. L’entreprise qui l’a demandée vous contactera si elle a besoin d’autre chose.
outcome-failed-title = Nous n’avons pas pu vous vérifier cette fois-ci
outcome-failed-lead = Votre vérification n’a pas abouti. L’entreprise qui l’a demandée vous indiquera la marche à suivre.
outcome-review-title = Votre vérification est en cours d’examen
outcome-review-lead = Nous informerons l’entreprise qui l’a demandée dès que l’examen sera terminé.
outcome-finished-title = Vérification terminée
outcome-finished-lead = Vous pouvez fermer cette page. Si vous avez encore des questions, contactez l’entreprise qui vous a envoyé le lien.
outcome-close = Vous pouvez maintenant fermer cette page.

## E-mails

email-link-subject = { $company } vous demande de vérifier votre identité
email-link-body = { $company } vous demande de vérifier votre identité. Le lien ci-dessous ouvre la vérification ; vous pouvez vous arrêter et reprendre plus tard sur le même appareil.
email-access-link-subject = Votre lien pour poursuivre la vérification de votre identité pour { $company }
email-access-link-body = { $company } vous a envoyé un lien à usage unique pour poursuivre la vérification de votre identité sur cet appareil. Il ne fonctionne qu’une fois.
email-reminder-subject = Rappel : votre vérification d’identité pour { $company } expire bientôt
email-reminder-body = { $company } vous a demandé de vérifier votre identité et le lien expire bientôt. Si vous avez déjà terminé, vous pouvez ignorer ce message.
email-recovery-subject = Votre nouveau lien pour continuer avec { $company }
email-recovery-body = Quelqu’un (vous, nous l’espérons) a demandé un nouveau lien pour poursuivre la vérification d’identité demandée par { $company }. Il fonctionne une fois, sur l’appareil sur lequel vous l’ouvrez. Si vous ne l’avez pas demandé, vous pouvez ignorer ce message.
email-greeting-name = Bonjour { $name },
email-greeting = Bonjour,
email-button = Continuer vers la vérification d’identité
email-copy = Ou copiez cette adresse dans votre navigateur :
email-expires = Le lien expire le { $expires }.
email-expires-soon = bientôt
email-sent-for = Ce message a été envoyé au nom de { $company }. Pour toute question, contactez directement { $company }.
email-powered-by = Envoyé par Inquiry Link Portal

## Parcours hébergé du bac à sable

flow-step = Vérification bac à sable · étape { $step } sur 3
flow-details-title = Confirmez vos informations
flow-details-lead = Vérifiez les informations ci-dessous et corrigez ce qui est inexact.
flow-details-button = Commencer la vérification
flow-document-title = Vérifiez votre document
flow-document-lead = Ce bac à sable ne vérifie pas de vrais documents. Choisissez le résultat à simuler.
flow-document-pass = Simuler une réussite
flow-document-fail = Simuler un échec
flow-complete-title = Vérification terminée
flow-complete-lead = Cette vérification est déjà terminée. Merci, vous n’avez plus rien à faire.
flow-finished-title = Vérification close
flow-failed-lead = Cette vérification est déjà close et n’a pas pu aboutir.
flow-review-lead = Cette vérification est déjà close et est en cours d’examen.
flow-expired-title = Session expirée
flow-expired-inquiry = Cette vérification a expiré. Retournez là où vous avez obtenu le lien et demandez-en un nouveau.
flow-expired-session = Cette vérification a été commencée dans un autre navigateur ou onglet, ou votre session a expiré. Retournez là où vous avez obtenu le lien et rouvrez-le pour continuer.
flow-cancel = Annuler la vérification
widget-complete-lead = Merci, il n’y a plus rien à faire ici.
widget-failed-lead = Cette vérification n’a pas pu aboutir.
widget-review-lead = Cette vérification est terminée et en cours d’examen.
flow-field-name-first = Prénom
flow-field-name-last = Nom
flow-field-birthdate = Date de naissance
flow-field-email-address = Adresse e-mail
flow-field-phone-number = Numéro de téléphone
flow-field-address-street-1 = Adresse
flow-field-address-city = Ville
flow-field-address-subdivision = Région ou département
flow-field-address-postal-code = Code postal
flow-field-address-country-code = Code pays
email-invitation-subject = Invitation à rejoindre { $company } sur Inquiry Link Portal
email-invitation-body = { $company } vous invite à rejoindre son équipe sur Inquiry Link Portal, où elle envoie et suit des liens de vérification d’identité. Ouvrez le lien ci-dessous pour accepter ; il ne fonctionne qu’une fois. Si vous ne vous attendiez pas à cette invitation, vous pouvez ignorer ce message : rien ne se passera.
email-invitation-button = Accepter l’invitation
