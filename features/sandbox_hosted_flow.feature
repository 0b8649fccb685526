Feature: Sandbox hosted flow
  The embedded sandbox provider behaves like Persona's hosted flow, so the portal can be
  run and tested end to end without a provider account. A created inquiry opens for
  anyone who has its id; once started it is pending, and only a browser holding a valid
  session token can continue it. The token lives in a browser-session cookie, like
  Persona keeps it in the tab, so closing the browser loses it.

  Background:
    Given the portal runs with the sandbox provider
    And the sandbox has the demo template

  Scenario: An end user completes the sandbox hosted flow for a created inquiry
    Given a sandbox inquiry created through the API with reference id "user-42", first name "Ana" and redirect URI "https://portal.example/done"
    When the end user opens the hosted flow with the inquiry id
    Then they see the personal details step with first name "Ana"
    When they confirm their details
    Then the sandbox inquiry status is "pending"
    And they see the document step
    When they choose "Simulate pass"
    Then their browser is sent to "https://portal.example/done" with the inquiry id, status "completed" and reference id "user-42"
    And the sandbox inquiry status is "completed"
    And the sandbox sends the webhooks "inquiry.created", "inquiry.started" and "inquiry.completed"

  Scenario: A user who closes the browser mid-flow cannot reopen the pending inquiry with the inquiry id alone
    Given a sandbox inquiry created through the API with reference id "user-43", first name "Bea" and redirect URI "https://portal.example/done"
    And the end user has opened the hosted flow with the inquiry id and confirmed their details
    When the end user closes the browser
    And the end user opens the hosted flow with the inquiry id in a new browser
    Then they see the "Session expired" page with status 403
    When a session token is obtained from the sandbox's resume endpoint
    And the end user opens the hosted flow with the inquiry id and that session token
    Then they see the document step

  @browser
  Scenario: In a real browser, quitting mid-flow loses the pending inquiry's session
    Given a sandbox inquiry created through the API with reference id "user-44", first name "Cai" and redirect URI "https://portal.example/done"
    When "Cai" opens the hosted flow with the inquiry id in a browser
    Then the browser of "Cai" shows the personal details step with first name "Cai"
    When "Cai" confirms their details in the browser
    Then the browser of "Cai" shows the document step
    And the sandbox inquiry status is "pending"
    When "Cai" quits the browser and starts a new one
    And "Cai" opens the hosted flow with the inquiry id in a browser
    Then the browser of "Cai" shows the "Session expired" page with status 403
