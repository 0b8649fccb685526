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
