Feature: Operating the portal
  Operators run the portal as several stateless instances on one PostgreSQL and one Redis
  behind a load balancer, and watch it through Prometheus metrics. Whichever instance
  serves a request, people see one portal: a revoke or a login on one instance holds on
  every other.

  Background:
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"

  Scenario: The metrics show traffic by route and the work waiting in queues
    Given the backend of "acme" issues a dedicated link "cust-1" for first name "Ana"
    When "Ana" follows the link "cust-1"
    And the operator's scraper reads the metrics
    Then the metrics count a redirect on the route "/l/{token}"
    And the metrics show 1 inquiry due for a status check
    And the metrics do not contain the token of the link "cust-1"

  @redis
  Scenario: Two instances behind a load balancer act as one portal
    Given a second portal instance on the same database and Redis
    And the backend of "acme" issues a dedicated link "cust-5" for first name "Ana"
    When "Ana" follows the link "cust-5" on the second instance
    Then they are sent on into the hosted flow
    When the backend of "acme" revokes the link "cust-5"
    Then within a second the link "cust-5" shows "Ana" the "This link is no longer valid" page on the second instance
    When "owner@acme.test" logs in
    Then they are signed in on the second instance too
