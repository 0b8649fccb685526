Feature: Notifications and self-service recovery
  The portal delivers links by email, reminds people before a link expires, and lets a
  person who lost access (a new phone, cleared cookies) get a new one-time link by email
  without asking the company. Every message is queued in the outbox with the action that
  causes it and delivered over SMTP; without SMTP it waits in the outbox, where the sandbox's
  mailbox shows it.

  Scenario: A person on a new phone gets a new link by email and continues
    Given the portal sends mail through a real SMTP server
    And a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" emails a dedicated link "cust-50" for first name "Ana" to "ana@example.com"
    And "ana@example.com" receives an email "Tenant acme asks you to verify your identity" with the link "cust-50"
    And "Ana's old phone" follows the link "cust-50"
    When "Ana's new phone" opens the link "cust-50"
    Then they see the "Continue on the device where you started" page with status 403
    When they press "Email me a new link"
    Then the page says "We sent a new one-time link to a•••@example.com."
    And "ana@example.com" receives an email "Your new link to continue with Tenant acme" with a one-time access link
    When "Ana's new phone" follows the link in that email
    Then they see the personal details step with first name "Ana"
    And the audit trail of the link "cust-50" records "access.recovered"

  Scenario: A reminder goes out before expiry and none after completion
    Given the portal sends mail through a real SMTP server
    And a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" emails a dedicated link "cust-51" for first name "Ana" to "ana@example.com"
    And the backend of "acme" emails a dedicated link "cust-52" for first name "Bo" to "bo@example.com"
    When "Bo" follows the link "cust-52"
    And they confirm their details
    And they choose "Simulate pass"
    Then the provider has told the portal that the inquiry of "cust-52" is "completed"
    When the links "cust-51" and "cust-52" were issued a week ago and expire in 3 hours
    And the reminder job runs twice
    Then "ana@example.com" receives an email "Reminder: your identity verification for Tenant acme expires soon" with the link "cust-51"
    And 3 emails were sent in all

  Scenario: A mail scanner opens the emailed link first and the person still gets in
    Given the portal sends mail through a real SMTP server
    And a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" emails a dedicated link "cust-53" for first name "Ana" to "ana@example.com"
    And "ana@example.com" receives an email "Tenant acme asks you to verify your identity" with the link "cust-53"
    When a mail scanner fetches the link "cust-53" three times with GET and HEAD, without cookies
    Then no browser is bound to the link "cust-53" and no click is counted on it
    When "Ana" follows the link in that email
    Then they see the personal details step with first name "Ana"

  @browser
  Scenario: A first run without SMTP: a link sent by email is read in the sandbox's mailbox and finished
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    When "owner@acme.test" logs in through the browser
    And they issue a dedicated link in the browser with reference id "cust-54" and first name "Ana", sent by email to "ana@example.com"
    Then the browser shows the page of the new link "cust-54" with its URL
    When they open the message "Tenant acme asks you to verify your identity" in the sandbox's mailbox in the browser
    And they click the link in the message in the browser
    And they press Continue, confirm their details and choose "Simulate pass" in the browser
    Then the browser shows the heading "Thank you, you're done"
