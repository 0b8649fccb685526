// Passkeys (WebAuthn): sign in, the second step, and adding one on /account/security.
// The server keeps each ceremony's challenge; this file only carries the browser's
// answer back. Buttons stay hidden where the browser cannot use passkeys.
"use strict";

(() => {
  const fromBase64url = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  };
  const toBase64url = (buffer) => {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const post = async (box, url, body) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": box.dataset.csrf },
      body: JSON.stringify(body === undefined ? {} : body),
    });
    let answer = {};
    try { answer = await response.json(); } catch (_) { /* an error page */ }
    if (!response.ok) throw new Error(answer.error || "Something went wrong. Reload the page and try again.");
    return answer;
  };

  const creationOptions = (options) => {
    const publicKey = options.publicKey;
    publicKey.challenge = fromBase64url(publicKey.challenge);
    publicKey.user.id = fromBase64url(publicKey.user.id);
    for (const credential of publicKey.excludeCredentials || []) credential.id = fromBase64url(credential.id);
    return { publicKey };
  };
  const requestOptions = (options) => {
    const publicKey = options.publicKey;
    publicKey.challenge = fromBase64url(publicKey.challenge);
    for (const credential of publicKey.allowCredentials || []) credential.id = fromBase64url(credential.id);
    return { publicKey };
  };

  const registration = (credential) => ({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: toBase64url(credential.response.attestationObject),
      clientDataJSON: toBase64url(credential.response.clientDataJSON),
      transports: credential.response.getTransports ? credential.response.getTransports() : undefined,
    },
    extensions: {},
  });
  const assertion = (credential) => ({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: toBase64url(credential.response.authenticatorData),
      clientDataJSON: toBase64url(credential.response.clientDataJSON),
      signature: toBase64url(credential.response.signature),
      userHandle: credential.response.userHandle ? toBase64url(credential.response.userHandle) : null,
    },
    extensions: {},
  });

  const showError = (box, error) => {
    const message = box.querySelector(".passkey-error");
    const cancelled = error && (error.name === "NotAllowedError" || error.name === "AbortError");
    message.textContent = cancelled
      ? "No passkey was used. Try again when you are ready."
      : (error && error.message) || "The passkey did not work.";
    message.hidden = false;
  };

  // Runs one ceremony from a click: asks the server for options, lets the browser make
  // its answer, and follows where the server sends the page next.
  const ceremony = (box, run) => async (event) => {
    event.preventDefault();
    const control = box.querySelector("button");
    control.disabled = true;
    box.querySelector(".passkey-error").hidden = true;
    try {
      const answer = await run();
      window.location.assign(answer.redirect);
    } catch (error) {
      showError(box, error);
      control.disabled = false;
    }
  };

  const signIn = (box, optionsUrl, finishUrl) => ceremony(box, async () => {
    const options = await post(box, optionsUrl);
    const credential = await navigator.credentials.get(requestOptions(options));
    return post(box, finishUrl, assertion(credential));
  });

  const register = (box) => ceremony(box, async () => {
    const name = box.querySelector("input[name=name]").value;
    const options = await post(box, "/account/security/passkeys/options");
    const credential = await navigator.credentials.create(creationOptions(options));
    return post(box, "/account/security/passkeys", { name, credential: registration(credential) });
  });

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.PublicKeyCredential || !navigator.credentials) return;
    for (const hint of document.querySelectorAll(".passkey-unsupported")) hint.hidden = true;
    for (const box of document.querySelectorAll("[data-passkey]")) {
      box.hidden = false;
      const kind = box.dataset.passkey;
      if (kind === "sign-in") {
        box.querySelector("button").addEventListener("click", signIn(box, "/login/passkey/options", "/login/passkey"));
      } else if (kind === "second-step") {
        box.querySelector("button").addEventListener("click",
          signIn(box, "/login/second-factor/passkey/options", "/login/second-factor/passkey"));
      } else if (kind === "register") {
        box.addEventListener("submit", register(box));
      }
    }
  });
})();
