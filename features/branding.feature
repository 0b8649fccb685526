Feature: The tenant's brand on the pages its end users see
  People verify for a company they know, not for a portal they never heard of. An owner
  gives the end-user pages the company's name, colour and support contact; a colour that
  white text cannot be read on is refused.

  Background:
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"

  Scenario: A person sees the company that asked them, and where to get help
    When "owner@acme.test" brands the end-user pages as "Acme Bank" in "#1d4ed8" with support "help@acme.example"
    And the backend of "acme" issues a dedicated link "cust-42" for first name "Ana"
    Then the first page of the link "cust-42" says "Acme Bank asks you to verify your identity."
    And the first page of the link "cust-42" offers help at "mailto:help@acme.example"

  Scenario: A colour white text cannot be read on is refused where it was typed
    When "owner@acme.test" brands the end-user pages as "Acme Bank" in "#ffd700" with support ""
    Then the branding page refuses the accent colour with "choose a darker colour"
    And the first page of a new link of "acme" still says "Tenant acme asks you to verify your identity."
