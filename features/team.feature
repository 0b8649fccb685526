Feature: One login in several tenants
  An owner adds a colleague by inviting them by email. The owner's answer and the message
  are the same whether the address is new, already has a login for another tenant, or is a
  member already, so inviting reveals nothing about other tenants. A colleague who already
  works for another tenant keeps their one login and password, and switches between the
  tenants; each tenant's pages show that tenant's data only.

  Scenario: An owner invites a colleague who already works for another tenant
    Given the portal sends mail through a real SMTP server
    And a tenant "acme" with owner "owner@acme.test"
    And a tenant "globex" with owner "kim@globex.test"
    And the sandbox's demo template is connected to "acme"
    And the sandbox's demo template is connected to "globex"
    And the backend of "acme" issues a dedicated link "acme-case-7" for first name "Ana"
    And the backend of "globex" issues a dedicated link "globex-case-9" for first name "Bo"
    When "owner@acme.test" logs in
    And they add "kim@globex.test" as "issuer"
    Then they are told "An invitation is on its way to kim@globex.test."
    And "kim@globex.test" receives an email "You are invited to Tenant acme on the Inquiry Link Portal" with an invitation link
    When "kim@globex.test" opens the invitation link
    Then the invitation page says "Sign in to accept"
    When they sign in from the invitation with their existing password
    And they accept the invitation
    Then they work in "Tenant acme" and their links page shows "acme-case-7" but not "globex-case-9"
    When they switch to "globex"
    Then they work in "Tenant globex" and their links page shows "globex-case-9" but not "acme-case-7"
    When they switch to "acme"
    Then they work in "Tenant acme" and their links page shows "acme-case-7" but not "globex-case-9"
