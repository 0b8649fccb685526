Feature: Issuing links and following them
  A tenant hands verification to its end users through portal links. A dedicated link
  belongs to one person and loads their own inquiry, prefilled with what the tenant
  already knows. A static link is published for many people: every visitor gets an
  inquiry of their own, all grouped at the provider under the link's reference id.
  A link that expired, was revoked or reached its cap tells the person so.

  Background:
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"

  Scenario: A dedicated link prefilled with the person's details loads their inquiry
    When the backend of "acme" issues a dedicated link "cust-42" for first name "Ana"
    And "Ana" follows the link "cust-42"
    Then they are in the hosted flow of the inquiry of "cust-42"
    And they see the personal details step with first name "Ana"
    And the provider holds the inquiry of "cust-42" under the reference id "cust-42"

  Scenario: A static link creates a new inquiry for each visitor, grouped by its reference id
    When the backend of "acme" issues a static link with reference id "spring-campaign"
    And "Ana" follows the link "spring-campaign"
    And "Ben" follows the link "spring-campaign"
    Then "Ana" and "Ben" are in different inquiries
    And the provider groups 2 inquiries under the reference id "spring-campaign"

  Scenario: A visitor who comes back in the same browser gets their own inquiry back
    Given the backend of "acme" issues a static link with reference id "summer-campaign"
    And "Ana" follows the link "summer-campaign"
    And they confirm their details
    When "Ana" follows the link "summer-campaign" again
    Then they see the document step
    And "Ana" is still in their first inquiry
    And the provider groups 1 inquiry under the reference id "summer-campaign"

  Scenario: A static link sent by email carries an opaque reference id
    When the backend of "acme" issues a static link "newsletter" with a generated reference id
    Then the link "newsletter" has an opaque reference id that its URL does not reveal
    When "Ana" follows the link "newsletter"
    And "Ben" follows the link "newsletter"
    Then "Ana" and "Ben" are in different inquiries
    And the provider groups 2 inquiries under the reference id of "newsletter"

  Scenario: An expired link tells the person it has expired
    Given the backend of "acme" issues a dedicated link "short-lived" that expires after 1 second
    When "Ana" follows the link "short-lived" until it has expired
    Then they see the "This link has expired" page with status 410

  Scenario: A revoked link stops working, even in the browser that opened it
    Given the backend of "acme" issues a dedicated link "cust-9" for first name "Cy"
    And "Cy" follows the link "cust-9"
    When the backend of "acme" revokes the link "cust-9"
    And "Cy" follows the link "cust-9" again
    Then they see the "This link is no longer valid" page with status 410

  Scenario: A static link with a cap stops creating inquiries once it is reached
    Given the backend of "acme" issues a static link "pilot" capped at 2 inquiries
    When "Ana" follows the link "pilot"
    And "Ben" follows the link "pilot"
    And "Cy" follows the link "pilot"
    Then they see the "This link has reached its limit" page with status 409
    And the provider has created 2 inquiries

  @browser
  Scenario: An owner issues a prefilled link in the portal and the person opens it in their own browser
    When "owner@acme.test" logs in through the browser
    And they issue a dedicated link in the browser with reference id "cust-77" and first name "Dora"
    Then the browser shows the page of the new link "cust-77" with its URL
    When "Dora" opens the copied link in a browser
    And "Dora" presses Continue in the browser
    Then the browser of "Dora" shows the personal details step with first name "Dora"

  @browser
  Scenario: A person whose link was revoked in the portal sees why in their browser
    Given the backend of "acme" issues a dedicated link "cust-10" for first name "Eli"
    And "Eli" opens the link "cust-10" in a browser
    And "Eli" presses Continue in the browser
    When "owner@acme.test" logs in through the browser
    And they revoke the link "cust-10" in the browser
    And "Eli" opens the link "cust-10" in a browser
    Then the browser of "Eli" shows "This link is no longer valid"

  Scenario: An issuer extends an expired link and the person can start again
    Given the backend of "acme" issues a dedicated link "late" that expires after 1 second
    When "Ana" follows the link "late" until it has expired
    And "owner@acme.test" extends the link "late" by 24 hours
    And "Ana" follows the link "late" again
    Then they see the personal details step with first name "Ana"

  Scenario: A paused static link tells visitors so until it is resumed
    Given the backend of "acme" issues a static link with reference id "spring"
    When the backend of "acme" pauses the link "spring"
    And "Ana" follows the link "spring"
    Then they see the "This link is paused" page with status 409
    When the backend of "acme" resumes the link "spring"
    And "Ana" follows the link "spring" again
    Then they see the personal details step
