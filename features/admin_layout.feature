Feature: The admin fits a phone and a desktop
  Admins check links from their phones as often as from their desks: every admin page
  must be usable at 390 pixels wide (tables scroll inside their panel, the navigation
  becomes a bar) and at 1280, without the whole page scrolling sideways.

  @browser
  Scenario: The dashboard, the links list, a link's page and the other admin pages fit a phone and a desktop
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" issues a dedicated link "customer-with-a-rather-long-reference-1042" for first name "Ana"
    And the backend of "acme" emails a dedicated link "customer-1043" for first name "Ana" to "ana.silva.with.a.rather.long.address@subdomain.example.com"
    When "owner@acme.test" logs in through the browser
    Then these admin pages fit 390x844 and 1280x900 without scrolling sideways:
      | page                                                   |
      | /                                                      |
      | /links                                                 |
      | the link customer-with-a-rather-long-reference-1042    |
      | /links/new?kind=dedicated                              |
      | /links/new?kind=static                                 |
      | /templates                                             |
      | /audit                                                 |
      | /users                                                 |
      | /api-keys                                              |
      | /webhooks                                              |
      | /settings                                              |
      | /settings/branding                                     |
      | /account                                               |
      | /account/security                                      |
      | the first message in the sandbox's mailbox             |
