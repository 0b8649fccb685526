Feature: Passkeys
  Admins add passkeys to their account and sign in with one instead of their password; a
  passkey stays on the device that holds it.

  @browser
  Scenario: An owner adds a passkey, signs out and signs back in with it; a browser without it cannot
    Given the portal is reached at localhost
    And a tenant "acme" with owner "owner@acme.test"
    When "owner@acme.test" logs in through a browser that has a passkey authenticator
    And they add a passkey named "Work laptop"
    Then their security page lists the passkey "Work laptop"
    When they log out in the browser
    And they sign in with their passkey
    Then the browser shows the dashboard of "Tenant acme"
    And the audit trail has a sign-in of "owner@acme.test" with a passkey
    When another browser without the passkey tries to sign in with a passkey
    Then that browser stays on the login page, told that no passkey was used
