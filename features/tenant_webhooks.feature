Feature: Tenant webhooks
  A tenant's backend registers an endpoint and learns from signed events what happens to
  its links and inquiries, instead of polling. Each delivery is signed per the Standard
  Webhooks specification, retried when the backend fails, logged, and can be replayed.

  Background:
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"

  Scenario: A tenant's backend learns that an inquiry completed
    Given the backend of "acme" receives webhooks at an endpoint it registered through the API
    When the backend of "acme" issues a dedicated link "cust-42" for first name "Ana"
    And "Ana" follows the link "cust-42"
    And the provider reports that the inquiry of the link "cust-42" is completed
    Then the backend receives a signed "inquiry.completed" event for the inquiry of "cust-42"
    And the events about "cust-42" in sequence order are "link.issued, link.opened, inquiry.status_changed, inquiry.completed"

  Scenario: A failed delivery is replayed from the log
    Given "owner@acme.test" registers the backend's webhook endpoint on the webhooks page
    And the backend's receiver answers the next delivery with an error
    When the backend of "acme" issues a dedicated link "cust-7" for first name "Bo"
    And the portal attempts its webhook deliveries
    Then "owner@acme.test" sees in the delivery log a "link.issued" delivery answered with 500
    When "owner@acme.test" replays that delivery from the log
    And the portal attempts its webhook deliveries
    Then the backend has accepted the "link.issued" event once, and the log shows it delivered
