// A tenant app in one file, for Node 18 or later: the page in public/, Persona's official
// SDK from node_modules, and the backend the page asks for an inquiry id and a session
// token. Only the backend holds the portal API key.
//
//   npm ci
//   PORTAL_API_KEY=… TEMPLATE_ID=itmpl_… node server.js      # then open http://127.0.0.1:3000
//
// The portal must let this app frame its sandbox flow:
//   PORTAL_SANDBOX_EMBED_ORIGINS=http://127.0.0.1:3000
"use strict";

const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const portal = new URL(process.env.PORTAL_URL || "http://127.0.0.1:8080");
const apiKey = process.env.PORTAL_API_KEY;
const templateId = process.env.TEMPLATE_ID;
const port = Number(process.env.PORT || 3000);
// The SDK's `host`: where it loads `<host>/widget` from. It takes plain http only for a
// host called localhost, so a portal on 127.0.0.1 is addressed as localhost.
const hostName = portal.hostname === "127.0.0.1" ? "localhost" : portal.hostname;
const sandboxHost =
  process.env.SANDBOX_HOST || `${hostName}${portal.port ? `:${portal.port}` : ""}/sandbox`;

if (!apiKey || !templateId) {
  console.error("Set PORTAL_API_KEY and TEMPLATE_ID (and PORTAL_URL if not the default).");
  process.exit(1);
}

// This example has one signed-in user, and remembers the inquiry the portal gave them.
const user = { referenceId: "example-user-1", inquiryId: null };

async function portalPost(pathname, body) {
  const response = await fetch(new URL(pathname, portal), {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  return { status: response.status, answer };
}

// The first time, a dedicated link issued with a session token; after that, a session
// token on demand for the same inquiry (the portal resumes it when needed). A finished
// inquiry (409) makes room for a new one.
async function verification() {
  if (user.inquiryId) {
    const path = `/api/v1/inquiries/${user.inquiryId}/session-token`;
    const { status, answer } = await portalPost(path, {});
    if (status === 200) return { inquiry_id: answer.inquiry_id, session_token: answer.session_token };
    if (status !== 409) throw new Error(`session-token: ${status} ${answer.error?.message}`);
  }
  const { status, answer } = await portalPost("/api/v1/links", {
    kind: "dedicated",
    template_id: templateId,
    reference_id: user.referenceId,
    issue_session_token: true,
  });
  if (status !== 201) throw new Error(`links: ${status} ${answer.error?.message}`);
  user.inquiryId = answer.inquiry_id;
  return { inquiry_id: answer.inquiry_id, session_token: answer.session_token };
}

const FILES = {
  "/": ["public/index.html", "text/html; charset=utf-8"],
  "/app.js": ["public/app.js", "text/javascript; charset=utf-8"],
  "/persona.js": ["node_modules/persona/dist/persona.js", "text/javascript; charset=utf-8"],
};

const server = http.createServer(async (request, response) => {
  const send = (status, type, body) => {
    response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
    response.end(body);
  };
  try {
    if (request.method === "POST" && request.url === "/verification") {
      const answer = { ...(await verification()), host: sandboxHost };
      return send(200, "application/json", JSON.stringify(answer));
    }
    const file = request.method === "GET" && FILES[request.url];
    if (!file) return send(404, "text/plain", "Not found");
    return send(200, file[1], fs.readFileSync(path.join(__dirname, file[0])));
  } catch (error) {
    console.error(error.message);
    return send(502, "text/plain", "The portal could not be asked.");
  }
});

server.listen(port, "127.0.0.1", () => {
  console.log(`Example app on http://127.0.0.1:${port} (sandbox host ${sandboxHost})`);
});
