Feature: Accounts, roles and sessions
  Operators run the portal and create tenants; each tenant's owner manages their team.
  Roles decide what each person may see and change.

  Scenario: An operator creates a tenant and its owner
    Given an operator "ops@portal.test"
    When "ops@portal.test" logs in
    And they create the tenant "north-bank" named "North Bank" with owner "boss@north.test"
    Then the tenant list shows "North Bank"
    And "boss@north.test" can log in

  Scenario: The owner invites an issuer who sets a password, then logs out
    Given a tenant "acme" with owner "owner@acme.test"
    When "owner@acme.test" logs in
    And they add "issuer@acme.test" as "issuer"
    Then they are told "An invitation is on its way to issuer@acme.test."
    When "issuer@acme.test" accepts their invitation, choosing a password
    Then the user list shows "issuer@acme.test" as "issuer"
    And "issuer@acme.test" can log in
    When they log out
    Then they are sent to the login page when they open "/"

  Scenario: An issuer cannot reach owner-only pages
    Given a tenant "acme" with owner "owner@acme.test"
    And a user "issuer@acme.test" with role "issuer" in "acme"
    When "issuer@acme.test" logs in
    And they open "/users"
    Then they get status 403

  Scenario: A viewer cannot post forms that change anything
    Given a tenant "acme" with owner "owner@acme.test"
    And a user "viewer@acme.test" with role "viewer" in "acme"
    When "viewer@acme.test" logs in
    And they add "intruder@acme.test" as "owner"
    Then they get status 403
    And the tenant "acme" still has 2 users

  @browser
  Scenario: An owner logs in through a real browser and sees the dashboard
    Given a tenant "acme" with owner "owner@acme.test"
    When "owner@acme.test" logs in through the browser
    Then the browser shows the dashboard of "Tenant acme"
