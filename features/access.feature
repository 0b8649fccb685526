Feature: Access on demand
  People lose access to an inquiry when it expires, or when their browser loses the
  provider's session token. The portal remembers the browser that started an inquiry,
  lets another device in only with an access code or a one-time access link, hands
  session tokens to tenant backends without eager resuming, and resumes an expired or
  outdated inquiry as the tenant's policy says.

  Background:
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"

  Scenario: A person who closes the browser mid-flow continues in the same browser
    Given the backend of "acme" issues a dedicated link "cust-1" for first name "Ana"
    And "Ana" follows the link "cust-1"
    And they confirm their details
    And the provider has told the portal that the inquiry of "cust-1" is "pending"
    When "Ana" closes the browser
    And "Ana" follows the link "cust-1" again
    Then they see the document step
    And the provider was asked for 1 resume

  Scenario: A forwarded link is refused on another device until the access code is entered
    Given the backend of "acme" issues a dedicated link "cust-2" for first name "Ana" with an access code
    And "Ana's phone" follows the link "cust-2"
    When "Ana's laptop" follows the link "cust-2"
    Then they see the "Enter your access code" page with status 403
    When they enter a wrong access code for "cust-2"
    Then they see the "Enter your access code" page with status 422
    And the page says "4 attempts left"
    When they enter the access code of "cust-2"
    Then they see the personal details step with first name "Ana"

  Scenario: A one-time access link lets another device in, once
    Given the backend of "acme" issues a dedicated link "cust-3" for first name "Ana"
    And "Ana's phone" follows the link "cust-3"
    When "Ana's laptop" follows the link "cust-3"
    Then they see the "Continue on the device where you started" page with status 403
    When "owner@acme.test" logs in
    And they create a one-time access link for "cust-3" in the portal
    And "Ana's laptop" opens the one-time access link
    And they press Continue
    Then they see the personal details step with first name "Ana"
    When "Ana's laptop" opens the one-time access link again
    Then they see the "This access link was already used" page with status 410
    When "Ana's laptop" follows the link "cust-3" again
    Then they see the personal details step with first name "Ana"

  Scenario: A B2B2C backend gets a session token with the link, and the same one from its resume API
    Given the backend of "acme" issues a dedicated link "cust-4" for first name "Ana" with a session token
    And "Ana" opens the hosted flow of "cust-4" with the session token the backend received
    And they confirm their details
    When the backend of "acme" asks for a session token for the inquiry of "cust-4" twice
    Then every answer carries the session token the backend received with the link
    And the provider was asked for 0 resumes
    When "Ana's tablet" opens the hosted flow of "cust-4" with the last session token
    Then they see the document step

  Scenario: A B2B2C backend gets session tokens from its resume API, one resume for many asks
    Given the backend of "acme" issues a dedicated link "cust-5" for first name "Ana"
    And "Ana" follows the link "cust-5"
    And they confirm their details
    And the provider has told the portal that the inquiry of "cust-5" is "pending"
    When the backend of "acme" asks for a session token for the inquiry of "cust-5" twice
    Then every answer carries the same session token
    And the provider was asked for 1 resume
    When "Ana's tablet" opens the hosted flow of "cust-5" with the last session token
    Then they see the document step

  Scenario: An expired inquiry is resumed when its person follows the link again
    Given the backend of "acme" issues a dedicated link "cust-6" for first name "Ana"
    And "Ana" follows the link "cust-6"
    And they confirm their details
    When the provider expires the inquiry of "cust-6"
    And the provider has told the portal that the inquiry of "cust-6" is "expired"
    And "Ana" follows the link "cust-6" again
    Then they see the document step
    And the provider has the inquiry of "cust-6" as "pending"

  Scenario: An inquiry on an outdated template version is reissued on the latest version
    Given an operator "ops@portal.test"
    And "owner@acme.test" sets the policy for outdated inquiries to "reissue"
    And the backend of "acme" issues a dedicated link "cust-7" for first name "Ana"
    And "Ana" follows the link "cust-7"
    And they confirm their details
    And the provider has told the portal that the inquiry of "cust-7" is "pending"
    When "ops@portal.test" publishes a new version of the demo template in the sandbox
    And "Ana" closes the browser
    And "Ana" follows the link "cust-7" again
    Then they see the personal details step with first name "Ana"
    And the link "cust-7" has moved to a new inquiry on the latest template version, with reference id "cust-7"
    And they are in the hosted flow of the inquiry of "cust-7"
    And "owner@acme.test" sees in the audit trail of the link "cust-7" that it was reissued

  Scenario: An inquiry on an outdated template version is refused when the policy says so
    Given an operator "ops@portal.test"
    And "owner@acme.test" sets the policy for outdated inquiries to "refuse"
    And the backend of "acme" issues a dedicated link "cust-8" for first name "Ana"
    And "Ana" follows the link "cust-8"
    And they confirm their details
    And the provider has told the portal that the inquiry of "cust-8" is "pending"
    When "ops@portal.test" publishes a new version of the demo template in the sandbox
    And "Ana" closes the browser
    And "Ana" follows the link "cust-8" again
    Then they see the "This verification needs to be restarted" page with status 409
    When the backend of "acme" asks for a session token for the inquiry of "cust-8"
    Then the backend's answer is 409 "conflict"

  @browser
  Scenario: In real browsers, a forwarded link opens on another device only with the access code
    Given the backend of "acme" issues a dedicated link "cust-20" for first name "Ana" with an access code
    When "Ana's phone" opens the link "cust-20" in a browser
    And "Ana's phone" presses Continue in the browser
    Then the browser of "Ana's phone" shows the personal details step with first name "Ana"
    When "Ana's laptop" opens the link "cust-20" in a browser
    Then the browser of "Ana's laptop" shows "Enter your access code"
    When "Ana's laptop" enters the access code of "cust-20" in the browser
    Then the browser of "Ana's laptop" shows the personal details step with first name "Ana"

  @browser
  Scenario: In a real browser, a fresh profile after quitting mid-flow is refused, as the portal no longer knows it
    Given the backend of "acme" issues a dedicated link "cust-21" for first name "Ana"
    When "Ana" opens the link "cust-21" in a browser
    And "Ana" presses Continue in the browser
    And "Ana" confirms their details in the browser
    Then the browser of "Ana" shows the document step
    And the provider has told the portal that the inquiry of "cust-21" is "pending"
    When "Ana" quits the browser and starts a new one
    And "Ana" opens the link "cust-21" in a browser
    Then the browser of "Ana" shows "Continue on the device where you started"

  @browser
  Scenario: In a real browser that lost the flow's session, following the link again continues the flow
    Given the backend of "acme" issues a dedicated link "cust-22" for first name "Ana"
    When "Ana" opens the link "cust-22" in a browser
    And "Ana" presses Continue in the browser
    And "Ana" confirms their details in the browser
    Then the browser of "Ana" shows the document step
    And the provider has told the portal that the inquiry of "cust-22" is "pending"
    When the browser of "Ana" loses the hosted flow's session cookie but keeps the portal's
    And "Ana" reloads the page in the browser
    Then the browser of "Ana" shows the "Session expired" page with status 403
    When "Ana" opens the link "cust-22" in a browser
    Then the browser of "Ana" shows the document step

  Scenario: Links on an outdated template version are moved in bulk from the dashboard
    Given an operator "ops@portal.test"
    And the backend of "acme" issues a dedicated link "cust-8" for first name "Bea"
    When "ops@portal.test" publishes a new version of the demo template in the sandbox
    And "owner@acme.test" reissues the links on outdated template versions from the dashboard
    Then the link "cust-8" has moved to a new inquiry on the latest template version, with reference id "cust-8"
