Feature: Single sign-on
  A tenant signs its people in through its own OpenID provider: the login page sends an
  email at the tenant's domain there, a first sign-in makes the account, and an answer
  from the provider that cannot be trusted lets nobody in.

  @browser
  Scenario: A person from the tenant's domain signs in through the identity provider in a real browser
    Given a tenant "acme" with owner "owner@acme.test"
    And "owner@acme.test" connects "acme" to an identity provider for "staff.example" with new accounts as "issuer"
    When "alice@staff.example" continues with single sign-on in the browser
    And they sign in at the identity provider in the browser
    Then the browser shows the dashboard of "Tenant acme"
    And "alice@staff.example" has the role "issuer" in "acme"

  Scenario: An ID token issued for another application lets nobody in
    Given a tenant "acme" with owner "owner@acme.test"
    And "owner@acme.test" connects "acme" to an identity provider for "staff.example" with new accounts as "viewer"
    And the identity provider issues ID tokens for another audience
    When "bob@staff.example" signs in through the identity provider
    Then the single sign-on is refused with "issued for another application"
    And the tenant "acme" still has 1 user
