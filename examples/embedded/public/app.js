// The example app's page: it asks its own backend for an inquiry id and a session token
// (the backend asks the portal), then opens Persona's embedded flow with them, `host`
// pointing at the portal's sandbox.
"use strict";

const button = document.getElementById("verify");
const statusLine = document.getElementById("status");
const outcome = document.getElementById("outcome");
let client = null;

const SUMMARY = {
  complete: (details) => `Verification ${details.status}.`,
  cancel: () => "Verification paused; you can continue later.",
  error: (details) => `The verification could not open (${details.code}).`,
  failed: (details) => `Something went wrong: ${details.message}`,
};

// Shows what the SDK reported, and closes the flow once it is over.
function report(event, details) {
  statusLine.textContent = SUMMARY[event](details);
  outcome.textContent = JSON.stringify({ event, ...details });
  if (event !== "cancel" && client) {
    client.destroy();
    client = null;
  }
}

async function askBackend() {
  const response = await fetch("/verification", { method: "POST" });
  if (!response.ok) throw new Error(`the backend answered ${response.status}`);
  return response.json();
}

button.addEventListener("click", async () => {
  button.disabled = true;
  try {
    if (client) client.destroy();
    const { inquiry_id: inquiryId, session_token: sessionToken, host } = await askBackend();
    client = new Persona.Client({
      host,
      inquiryId,
      sessionToken,
      onReady: () => client.open(),
      onComplete: ({ inquiryId, status }) => report("complete", { inquiryId, status }),
      onCancel: ({ inquiryId, sessionToken }) => report("cancel", { inquiryId, sessionToken }),
      onError: ({ status, code, message }) => report("error", { status, code, message }),
    });
  } catch (error) {
    report("failed", { message: String(error.message || error) });
  } finally {
    button.disabled = false;
  }
});
