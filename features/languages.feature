Feature: The person's language and the company's brand on every page and email
  People read a verification's pages and emails in their own language (English, German,
  French or Spanish), under the name and logo of the company that asked them; the portal's
  own name is only small print. The company may choose the language of a link; otherwise
  the person's browser chooses it. The hosted flow is told the same language.

  Scenario: A German-speaking person sees the Continue page, the access-code form and the email in German with the tenant's logo and name
    Given the portal sends mail through a real SMTP server
    And a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And "owner@acme.test" brands the end-user pages as "Acme Bank" in "#1d4ed8" with support "help@acme.example"
    And "owner@acme.test" uploads a logo for the end-user pages
    When the backend of "acme" emails a dedicated link "kunde-7" in "de" with an access code to "ada@example.com"
    Then "ada@example.com" receives an email "Acme Bank bittet Sie, Ihre Identität zu bestätigen" with the link "kunde-7"
    And the email is in German under the logo and name of "Acme Bank"
    When "Ada" whose browser asks for "de" opens the link "kunde-7"
    Then the page is in German under the logo and name of "Acme Bank" and reads "Acme Bank bittet Sie, Ihre Identität zu bestätigen."
    When they press the button "Weiter zur Identitätsprüfung"
    Then they are sent into the hosted flow with "language=de"
    And the hosted flow greets them with "Bestätigen Sie Ihre Angaben"
    When "Ada's laptop" whose browser asks for "de-AT, en;q=0.5" opens the link "kunde-7"
    Then the page is in German under the logo and name of "Acme Bank" and reads "Geben Sie Ihren Zugangscode ein"

  Scenario: Without a language on the link the person's browser chooses it
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And "owner@acme.test" brands the end-user pages as "Acme Bank" in "#1d4ed8" with support ""
    And the backend of "acme" issues a dedicated link "cliente-9" for first name "Lucía"
    When "Lucía" whose browser asks for "it, es;q=0.8, fr;q=0.6" opens the link "cliente-9"
    Then the page reads "Acme Bank le pide que verifique su identidad."
    When they press the button "Continuar con la verificación de identidad"
    Then they are sent into the hosted flow with "language=es"
    When "Luca" whose browser asks for "it" opens the link "cliente-9"
    Then the page reads "Continue on the device where you started"

  @browser
  Scenario: Every end-user page fits a phone and a laptop screen in every language
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And "owner@acme.test" brands the end-user pages as "Acme Bank und Söhne Versicherungsgesellschaft" in "#1d4ed8" with support "https://help.acme.example/kontakt/identitaetspruefung"
    And "owner@acme.test" uploads a logo for the end-user pages
    And the backend of "acme" issues a dedicated link "kunde-8" for first name "Ada" with an access code
    Then in a real browser at 390×844 and at 1280×900, in English, German, French and Spanish, these end-user pages have no horizontal overflow:
      | page                 |
      | Continue             |
      | access code          |
      | wrong access code    |
      | expired link         |
      | unknown link         |
      | done                 |
      | done failed          |
      | hosted flow details  |

  Scenario: A German-speaking person opening an expired link reads why in German, under the company's name
    Given a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"
    And "owner@acme.test" brands the end-user pages as "Acme Bank" in "#1d4ed8" with support "hilfe@acme.example"
    And "owner@acme.test" uploads a logo for the end-user pages
    And the backend of "acme" issues a dedicated link "kunde-12" for first name "Ada"
    And the link "kunde-12" and its inquiry have expired
    When "Ada" whose browser asks for "de-DE, de;q=0.9, en;q=0.5" opens the link "kunde-12"
    Then the page is in German under the logo and name of "Acme Bank" and reads "Dieser Link ist abgelaufen"
    And the page reads "Zu Ihrer Sicherheit sind Prüflinks nur begrenzte Zeit gültig."
