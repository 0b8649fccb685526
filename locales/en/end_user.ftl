# End-user pages, emails and the sandbox's hosted flow, in English.
# Every message here must exist in de, fr and es with the same variables (a test checks).

## Page frame

layout-questions = Questions? Contact { $company }:
layout-powered-by = Identity verification links by Inquiry Link Portal

## Continue page

continue-title = Verify your identity
continue-lead = { $company } asks you to verify your identity.
continue-lead-anyone = The company that sent you this link asks you to verify your identity.
continue-next-heading = What happens next
continue-step-page = You go on to a secure verification page, where you confirm your details and may be asked to photograph an identity document.
continue-step-time = It usually takes a few minutes.
continue-later-resumable = If you stop halfway, open this link again on this device to pick up where you left off.
continue-later-one-sitting = Please finish in one sitting: once started, this verification can't be picked up again later.
continue-later-new-each-visit = Each visit to this link starts a new verification, so finish it in one go.
continue-later-one-time-link = This access link works once. After you continue, your original link works on this device.
continue-button = Continue to identity verification
continue-hint = Nothing starts until you press the button.

## Access code

access-code-title = Enter your access code
access-code-lead = This verification was started in another browser. Enter the access code you received separately to continue here.
access-code-label = Access code
access-code-button = Continue
access-code-empty = Enter the access code you received.
access-code-wrong = { $left ->
    [one] That code is not right. { $left } attempt left before the link locks.
   *[other] That code is not right. { $left } attempts left before the link locks.
}

## Recovery

recovery-form-hint = Or have a new one-time link sent to the email address the company has on file for you, and open it on this device.
recovery-form-button = Email me a new link
recovery-sent-title = Check your email
recovery-sent-lead = We sent a new one-time link to { $email }.
recovery-sent-next = Open it on the device you want to continue on. It works once; if it doesn't arrive within a few minutes, check your spam folder.
recovery-without-address-title = We can't email you a new link
recovery-without-address-lead = There is no email address on file for this verification.
recovery-expired-title = This link has expired
recovery-expired-lead = For your security, verification links only work for a limited time, and this one can't be renewed by email.
ask-new-link-support = Please ask { $company } for a new one:
ask-new-link-contact = Please contact { $company }, the company that sent you the link, and ask for a new one.
ask-new-link-anyone = Please contact the company that sent you the link and ask for a new one.
ask-fresh-link-support = Please ask { $company } for a fresh one:
ask-fresh-link-contact = Please contact { $company }, the company that sent you the link, and ask for a fresh one.
ask-fresh-link-anyone = Please contact the company that sent you the link and ask for a fresh one.
too-many-recoveries-title = Please check your email
too-many-recoveries-lead = Several new links were already sent for this verification in the last hour.
too-many-recoveries-next = Use the latest one, or try again later.

## Dead ends

unknown-link-title = This link doesn't work
unknown-link-lead = We couldn't find a verification link at this address.
unknown-link-next = Check that you copied the whole link from your email or message, or ask the company that sent it for a new one.
expired-link-title = This link has expired
expired-link-lead = For your security, verification links only work for a limited time.
expired-link-next = Ask the company that sent it for a fresh link.
revoked-link-title = This link is no longer valid
revoked-link-lead = The company that sent it has withdrawn this link.
revoked-link-next = If you still need to verify your identity, ask them for a new link.
link-completed-title = You're all done
link-completed-lead = This verification has already been completed. There is nothing more to do.
link-completed-next = You can close this page.
not-yet-open-title = This link isn't open yet
not-yet-open-lead = The verification behind this link hasn't started accepting people yet.
not-yet-open-next = Please try again later, or contact the company that sent it.
link-paused-title = This link is paused
link-paused-lead = The company that published this link has paused it for now.
link-paused-next = Please try again later.
capped-title = This link has reached its limit
capped-lead = No more verifications can be started from this link.
capped-next = Ask the company that published it for another way to verify.
too-many-new-visits-title = Too many verifications from your network
too-many-new-visits-lead = Many verifications were started from your network in the last hour, so new ones are paused for a while.
too-many-new-visits-next = Please try again later. If you already started one in this browser, the same link takes you back to it.
provider-unavailable-title = Verification is temporarily unavailable
provider-unavailable-lead = We couldn't reach the verification service just now. Nothing was lost.
provider-unavailable-next = Please try the same link again in a moment.
fresh-link-needed-title = Continue on the device where you started
fresh-link-needed-lead = This verification was started in another browser. To protect the personal details in it, it can only be continued there.
fresh-link-needed-next = If that isn't possible, ask the company that sent you the link for a fresh access link.
finish-in-one-sitting-title = This verification can't be resumed
finish-in-one-sitting-lead = This verification had to be finished in one sitting, and it was interrupted.
finish-in-one-sitting-next = Ask the company that sent you the link for a new one.
locked-title = This link is locked
locked-lead = Too many wrong access codes were entered, so this link was locked to protect the person it belongs to.
locked-next = Ask the company that sent it to unlock it or send a new link.
refused-old-version-title = This verification needs to be restarted
refused-old-version-lead = The verification behind this link is out of date and can't be continued.
refused-old-version-next = Ask the company that sent it for a new link.
access-link-used-title = This access link was already used
access-link-used-lead = One-time access links work once, in the browser that opened them first.
access-link-used-next = Use the original link in that browser, or ask for a new access link.
continue-from-elsewhere-title = Open the link again
continue-from-elsewhere-lead = This request came from another website, so nothing was started.
continue-from-elsewhere-next = To continue, open the link from your email or message again and press the button on its page.

## Outcome at /done

outcome-done-title = Thank you, you're done
outcome-done-lead = Your verification was submitted. The company that asked for it will be in touch if they need anything else.
outcome-failed-title = We couldn't verify you this time
outcome-failed-lead = Your verification didn't go through. The company that asked for it will tell you what to do next.
outcome-review-title = Your verification is being reviewed
outcome-review-lead = We'll let the company that asked for it know as soon as the review is finished.
outcome-finished-title = Verification finished
outcome-finished-lead = You can close this page. If you still have questions, contact the company that sent you the link.
outcome-close = You can close this page now.

## Emails

email-link-subject = { $company } asks you to verify your identity
email-link-body = { $company } asks you to verify your identity. The link below opens the verification; you can stop and continue later on the same device.
email-access-link-subject = Your link to continue verifying your identity for { $company }
email-access-link-body = { $company } sent you a one-time link to continue your identity verification on this device. It works once.
email-reminder-subject = Reminder: your identity verification for { $company } expires soon
email-reminder-body = { $company } asked you to verify your identity and the link expires soon. If you have already finished, you can ignore this message.
email-recovery-subject = Your new link to continue with { $company }
email-recovery-body = Someone (we hope you) asked for a new link to continue the identity verification { $company } asked for. It works once, on the device you open it on. If you did not ask for it, you can ignore this message.
email-greeting-name = Hello { $name },
email-greeting = Hello,
email-button = Continue to identity verification
email-copy = Or copy this address into your browser:
email-expires = The link expires on { $expires }.
email-expires-soon = soon
email-sent-for = This message was sent on behalf of { $company }. If you have questions, contact { $company } directly.
email-powered-by = Sent by Inquiry Link Portal

## Sandbox hosted flow

flow-step = Sandbox verification · step { $step } of 3
flow-details-title = Confirm your details
flow-details-lead = Check the details below and correct anything that is wrong.
flow-details-button = Start verification
flow-document-title = Verify your document
flow-document-lead = This sandbox does not check real documents. Choose the outcome to simulate.
flow-document-pass = Simulate pass
flow-document-fail = Simulate fail
flow-complete-title = Verification complete
flow-complete-lead = This verification is already finished. Thank you; there is nothing more to do.
flow-finished-title = Verification finished
flow-failed-lead = This verification is already finished and could not be completed successfully.
flow-review-lead = This verification is already finished and is being reviewed.
flow-expired-title = Session expired
flow-expired-inquiry = This verification has expired. Go back to where you got the link and ask for a new one.
flow-expired-session = This verification was started in another browser or tab, or your session has expired. Go back to where you got the link and open it again to continue.
flow-cancel = Cancel verification
widget-complete-lead = Thank you; there is nothing more to do here.
widget-failed-lead = This verification could not be completed successfully.
widget-review-lead = This verification is finished and is being reviewed.
flow-field-name-first = First name
flow-field-name-last = Last name
flow-field-birthdate = Date of birth
flow-field-email-address = Email address
flow-field-phone-number = Phone number
flow-field-address-street-1 = Street address
flow-field-address-city = City
flow-field-address-subdivision = State or region
flow-field-address-postal-code = Postal code
flow-field-address-country-code = Country code
email-invitation-subject = You are invited to { $company } on the Inquiry Link Portal
email-invitation-body = { $company } invited you to join its team on the Inquiry Link Portal, where it sends and follows identity verification links. Open the link below to accept; it works once. If you did not expect this, you can ignore this message and nothing happens.
email-invitation-button = Accept the invitation
