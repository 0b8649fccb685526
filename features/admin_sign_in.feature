Feature: Admin sign-in
  Admins who can open people's identity checks sign in with a second factor when their
  tenant asks for it, and backends get API keys limited to what they need.

  Scenario: An owner signs in with a code from their authenticator app, once per code
    Given a tenant "acme" with owner "owner@acme.test"
    When "owner@acme.test" logs in
    And they set up an authenticator app
    Then they were shown 10 recovery codes once
    When "owner@acme.test" signs in with their password and the next code
    Then the sign-in succeeds
    When "owner@acme.test" signs in with their password and the same code again
    Then the sign-in is refused
    When "owner@acme.test" signs in with their password and a recovery code
    Then the sign-in succeeds

  Scenario: A tenant that requires a second factor sends people without one to set it up
    Given a tenant "acme" with owner "owner@acme.test"
    And a user "issuer@acme.test" with role "issuer" in "acme"
    When "owner@acme.test" logs in
    And they require a second factor of everyone in the tenant
    And "issuer@acme.test" signs in with their password
    Then they are sent to "/account/security" when they open "/links"

  Scenario: A key that may only read links is refused when it writes
    Given a tenant "acme" with owner "owner@acme.test"
    And an API key of "acme" with only the scope "links:read"
    When that key lists the links
    Then the key's answer is 200
    When that key issues a link
    Then the key's answer is 403 with the error type "insufficient_scope"
