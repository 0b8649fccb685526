Feature: Links that hold up in the field
  Links travel through mail gateways, chat apps and time before a person uses them.
  Corporate mail gateways (link protection that opens every URL in a mail), chat previews
  and antivirus fetch links with GET and HEAD, sometimes in a browser with JavaScript on,
  before the person clicks. So first contact with a link shows a light Continue page, and
  only the person's press of its button binds their browser, creates a static link's
  inquiry or uses up a one-time access link.

  Rule: First contact changes nothing until the person presses Continue

    Background:
      Given a tenant "acme" with owner "owner@acme.test"
      And the sandbox's demo template is connected to "acme"

    @browser
    Scenario: A mail scanner opens the link before the person, and the person still gets in
      Given the backend of "acme" issues a dedicated link "cust-30" for first name "Ana"
      When a mail scanner fetches the link "cust-30" three times with GET and HEAD, without cookies
      And a scanning browser renders the link "cust-30" with JavaScript on and leaves it
      Then no browser is bound to the link "cust-30" and no click is counted on it
      And the provider has opened no verification session
      When "Ana" opens the link "cust-30" in a browser
      Then the browser of "Ana" shows the Continue page of "Tenant acme"
      When "Ana" presses Continue in the browser
      Then the browser of "Ana" shows the personal details step with first name "Ana"

    Scenario: A link preview does not use up a one-time access link
      Given the backend of "acme" issues a dedicated link "cust-31" for first name "Ana"
      And "Ana's phone" follows the link "cust-31"
      When "owner@acme.test" logs in
      And they create a one-time access link for "cust-31" in the portal
      And a chat app previews the one-time access link
      Then the one-time access link is still unused
      When "Ana's laptop" opens the one-time access link
      Then they see the Continue page
      When they press Continue
      Then they see the personal details step with first name "Ana"
      When "Ana's laptop" opens the one-time access link again
      Then they see the "This access link was already used" page with status 410

    @browser
    Scenario: A scanning browser that runs the pages' JavaScript starts nothing on any kind of link
      Given the backend of "acme" issues a static link with reference id "summer-campaign"
      And the backend of "acme" issues a dedicated link "cust-32" for first name "Ana"
      When "owner@acme.test" logs in
      And they create a one-time access link for "cust-32" in the portal
      And a scanning browser renders the link "summer-campaign" with JavaScript on and leaves it
      And a scanning browser renders the link "cust-32" with JavaScript on and leaves it
      And a scanning browser renders the one-time access link with JavaScript on and leaves it
      Then the provider has created 1 inquiry
      And the provider has opened no verification session
      And the one-time access link is still unused
      And no browser is bound to the link "summer-campaign" and no click is counted on it
      And no browser is bound to the link "cust-32" and no click is counted on it

    Scenario: A scanner does not create inquiries on a static link
      Given the backend of "acme" issues a static link with reference id "spring-campaign"
      When a mail scanner fetches the link "spring-campaign" three times with GET and HEAD, without cookies
      Then the provider has created 0 inquiries
      When "Ana" follows the link "spring-campaign"
      Then they see the personal details step
      And the provider has created 1 inquiry
