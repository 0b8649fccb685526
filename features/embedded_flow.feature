Feature: Embedded flow
  Apps that embed the verification flow instead of sending people to it ask their own
  backend for a session token; the backend asks the portal, and the page opens Persona's
  official JavaScript SDK with the inquiry id and that token, its host pointing at the
  sandbox. The sandbox serves the SDK's iframe and speaks its window messages, so the app
  hears onComplete, onCancel and onError as it would from Persona. These scenarios load the
  SDK from npm (`npm ci --prefix examples/embedded`, which CI runs).

  Background:
    Given a tenant app that embeds the verification flow, on its own origin
    And a tenant "acme" with owner "owner@acme.test"
    And the sandbox's demo template is connected to "acme"

  @browser @persona_sdk
  Scenario: A person completes the embedded flow and the app hears onComplete
    Given the backend of "acme" issues a dedicated link "emb-1" for first name "Ana" with a session token
    When "Ana" opens the tenant app, whose backend hands it the inquiry and session token of "emb-1"
    And they confirm their details in the embedded flow
    And they choose "Simulate pass" in the embedded flow
    Then the tenant app hears onComplete with the inquiry of "emb-1" and status "completed"
    And the provider has the inquiry of "emb-1" as "completed"

  @browser @persona_sdk
  Scenario: A person cancels the embedded flow and the portal reproduces the token the app heard
    Given the backend of "acme" issues a dedicated link "emb-2" for first name "Ben" with a session token
    When "Ben" opens the tenant app, whose backend hands it the inquiry and session token of "emb-2"
    And they confirm their details in the embedded flow
    And they cancel the embedded flow
    Then the tenant app hears onCancel with the inquiry of "emb-2" and the session token the backend received
    And the provider has the inquiry of "emb-2" as "pending"
    When the backend of "acme" asks for a session token for the inquiry of "emb-2"
    Then the portal's answer is the session token the tenant app heard

  @browser @persona_sdk
  Scenario: An expired session token makes the app hear onError instead of waiting
    Given the backend of "acme" issues a dedicated link "emb-3" for first name "Cai" with a session token
    When the provider expires the inquiry of "emb-3"
    And "Cai" opens the tenant app, whose backend hands it the inquiry and session token of "emb-3"
    Then the tenant app hears onError with code "unauthenticated"
