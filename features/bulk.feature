Feature: Issuing links in bulk from a CSV file
  A company with a thousand customers to verify does not issue a thousand links by hand:
  an admin uploads a spreadsheet's CSV file, sees every line checked before anything is
  created, starts issuing, watches the progress and downloads a file with every link.
  A file uploaded twice, or a corrected file, never issues a line twice.

  Background:
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    When "owner@acme.test" logs in

  Scenario: A 1,000-line file issues 1,000 links, one provider inquiry each
    # Persona creates 150 inquiries a minute by default and raises that for large
    # accounts; the portal waits out the limit whatever it is.
    Given the sandbox account may create 2000 inquiries a minute
    When they upload a file of 1000 people for the demo template
    Then the preview says all 1000 lines are ready and nothing has been created
    When they start issuing
    Then the upload finishes with 1000 links issued
    And the sandbox created 1000 inquiries
    And the result file lists 1000 lines, each with its own link

  Scenario: A file with three bad lines shows them and issues none until they are left out
    When they upload this file for the demo template:
      | reference_id | name-first | birthdate  | language |
      | c-1          | Ana        | 1990-02-01 | es       |
      | c-2          | Ben        | 1990-13-45 | de       |
      | c-3          | Cleo       |            | fr       |
      |              | Dan        |            |          |
      | c-5          | Eve        |            | de       |
      | c-6          | Finn       |            | xx       |
    Then the preview lists lines 3, 5 and 7 with problems
    When they start issuing without leaving anything out
    Then they are told to fix the lines or leave them out
    And the sandbox created 0 inquiries
    When they leave out the lines with problems and start issuing
    Then the upload finishes with 3 links issued
    And the sandbox created 3 inquiries
    And the result file says lines 3, 5 and 7 were left out
    And the person of line 2 who opens their link lands in the hosted flow with "Ana" prefilled

  Scenario: Uploading the same file twice issues nothing new
    When they upload a file of 20 people for the demo template
    And they start issuing
    Then the upload finishes with 20 links issued
    When they upload the same file again
    Then they are shown the first upload, told it was already uploaded
    And the sandbox created 20 inquiries

  @browser
  Scenario: The bulk pages fit a phone and a desktop
    When they upload this file for the demo template:
      | reference_id                                   | name-first | birthdate  |
      | customer-with-a-rather-long-reference-id-20001 | Ana        | 1990-02-01 |
      | customer-with-a-rather-long-reference-id-20002 | Ben        | 1990-13-45 |
    And they upload a file of 5 people for the demo template
    And they start issuing
    Then the upload finishes with 5 links issued
    When "owner@acme.test" logs in through the browser
    Then these admin pages fit 390x844 and 1280x900 without scrolling sideways:
      | page                  |
      | /links/bulk           |
      | the first bulk upload |
      | the last bulk upload  |
