Feature: Status and visibility
  Tenants see where each of their end users stands without asking anyone. Provider webhooks
  keep inquiry statuses current; repeated or late deliveries never set a status back.

  Scenario: A completed inquiry shows on the dashboard and in the audit trail
    Given a tenant "acme" with owner "owner@acme.test"
    And a dedicated link "cust-42" of "acme" whose inquiry is "pending"
    When the provider reports that the inquiry of "cust-42" is "completed"
    And "owner@acme.test" logs in
    Then the dashboard shows 1 "completed" inquiry
    And the audit trail shows the inquiry of "cust-42" going from "pending" to "completed"

  Scenario: A repeated or older webhook never sets a status back
    Given a tenant "acme" with owner "owner@acme.test"
    And a dedicated link "cust-7" of "acme" whose inquiry is "pending"
    When the provider reports that the inquiry of "cust-7" is "completed"
    And the provider repeats its last report
    And the provider reports, late, that the inquiry of "cust-7" was "pending" a minute ago
    Then the inquiry of "cust-7" is "completed"
    And the audit trail of "acme" has 1 status change

  @browser
  Scenario: A person completes the verification in their browser and the tenant sees it in theirs
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" issues a dedicated link "cust-99" for first name "Ana"
    When "Ana" opens the link "cust-99" in a browser
    And "Ana" presses Continue in the browser
    And "Ana" confirms their details in the browser
    And "Ana" chooses "Simulate pass" in the browser
    Then the browser of "Ana" shows "Thank you, you're done"
    When "owner@acme.test" logs in through the browser
    Then the browser soon shows 1 "completed" inquiry on the dashboard
    And the browser soon shows the inquiry of "cust-99" going from "pending" to "completed" in the audit trail
