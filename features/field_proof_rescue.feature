Feature: Links that survive time, crowds and a slow provider
  A link sent weeks ago may have expired by the time the person gets to it; an issuer can
  rescue it, and the person continues where they left off. A static link posted for many
  people cannot be used from one address to use up the provider's quota. And when the
  provider is slow, people get a clear answer within the portal's deadline, and trying
  again later finds what the slow attempt made.

  Scenario: An issuer rescues an expired link
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" issues a dedicated link "cust-7" for first name "Ana"
    And "Ana" follows the link "cust-7"
    And they confirm their details
    And the link "cust-7" and its inquiry have expired
    When "Ana" follows the link "cust-7" again
    Then they see the "This link has expired" page with status 410
    When "owner@acme.test" extends the expired link "cust-7" from its page
    Then the link page of "cust-7" says "The link is extended."
    When "Ana" follows the link "cust-7" again
    Then they see the document step

  Scenario: A flood from one address is throttled on a static link
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the backend of "acme" issues a static link with reference id "open-day"
    When 12 new visitors from one address open the link "open-day" at once
    Then 10 of them are sent into an inquiry of their own
    And 2 of them are asked to come back later with status 429 and a Retry-After
    And the provider groups 10 inquiries under the reference id "open-day"

  Scenario: A slow provider gets a clear answer within the deadline
    Given the portal waits at most 2 seconds for the provider
    And a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And the provider answers only after 5 seconds
    When the backend of "acme" asks for a dedicated link "slow-1" with the idempotency key "order-1"
    Then the backend is told to retry shortly with status 503 within 2 seconds
    When the provider answers at once again
    And the backend of "acme" asks for a dedicated link "slow-1" with the idempotency key "order-1"
    Then the link "slow-1" is issued
    And the provider holds one inquiry under the reference id "slow-1"

  Scenario: A person on a new phone with no address on file is sent to the company's support contact
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And "owner@acme.test" brands the end-user pages as "Acme Bank" in "#1d4ed8" with support "help@acme.example"
    And the backend of "acme" issues a dedicated link "cust-9" for first name "Ana"
    And "Ana's old phone" follows the link "cust-9"
    When "Ana's new phone" opens the link "cust-9"
    Then they see the "Continue on the device where you started" page with status 403
    When they press "Email me a new link"
    Then they see the "We can't email you a new link" page with status 200
    And the page asks them to get a new link from "Acme Bank" at "mailto:help@acme.example"
