// An independent OpenID provider for the portal's single sign-on tests: the certified
// `oidc-provider` package on 127.0.0.1, with one confidential client (the portal).
//
//   PORTAL_REDIRECT_URI=http://127.0.0.1:PORT/login/sso/callback node provider.mjs
//
// Prints `listening <issuer>` once it answers. It stops when its standard input closes, so
// a test that dies cannot leave it running.
//
// Signing in: the authorization request leads to `/interaction/<uid>`, a minimal form
// (email, prefilled from `login_hint`, and "email verified") that a test or a browser posts;
// the account is that email. Consent is granted for the client, as for a first-party app.
//
// Bad tokens for the refusal tests: `POST /test/mode` with a body of `wrong-audience`,
// `expired`, `bad-nonce`, `other-issuer` or `normal` changes what the token endpoint returns next:
// the ID token's claims are altered and the token is signed again with this provider's
// own key, so only the claim is wrong and the signature is genuine.
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';

const redirectUri = process.env.PORTAL_REDIRECT_URI;
if (!redirectUri) {
  console.error('PORTAL_REDIRECT_URI is required');
  process.exit(2);
}
const clientId = process.env.OIDC_CLIENT_ID || 'inquiry-portal';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'portal-client-secret';
const port = Number(process.env.OIDC_PORT || 0);

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

// Which account signed in, with whether its email is verified.
const accounts = new Map();
let mode = 'normal';

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['test-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The ID token carries the email claims in the code flow too (what the portal reads).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: account.verified, name: account.email };
      },
    };
  },
  // A first-party client: consent is implied, so no consent screen.
  async loadExistingGrant(ctx) {
    const accountId = ctx.oidc.session.accountId;
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    ctx.oidc.session.ensureClientContainer(ctx.oidc.client.clientId);
    ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
    return grant;
  },
};

// Listen first to learn the port, then build the provider with its issuer URL.
const { createServer } = await import('node:http');
const server = createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration);

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function reSign(idToken) {
  const header = decodeProtectedHeader(idToken);
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong-audience') claims.aud = 'some-other-client';
  if (mode === 'expired') { claims.iat = now - 1200; claims.exp = now - 600; }
  if (mode === 'bad-nonce') claims.nonce = 'not-the-nonce-the-portal-sent';
  if (mode === 'other-issuer') claims.iss = 'http://127.0.0.1:1/elsewhere';
  return new SignJWT(claims).setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ }).sign(privateKey);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/mode' && ctx.method === 'POST') {
    mode = (await readBody(ctx.req)).trim() || 'normal';
    ctx.body = { mode };
    return;
  }
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (match && ctx.method === 'GET') {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const hint = details.params.login_hint || '';
    ctx.type = 'html';
    ctx.body = `<!doctype html><html><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}">
<label>Email <input name="email" type="email" value="${escapeHtml(hint)}"></label>
<label><input name="email_verified" type="checkbox" value="true" checked> Email verified</label>
<button type="submit">Sign in at the identity provider</button>
</form></body></html>`;
    return;
  }
  if (match && ctx.method === 'POST') {
    const form = new URLSearchParams(await readBody(ctx.req));
    const email = (form.get('email') || '').trim();
    // The person's id at this provider (`sub`): the email unless a test names another
    // (an address given to someone new keeps its email but not its subject).
    const accountId = (form.get('subject') || '').trim() || email;
    accounts.set(accountId, { email, verified: form.get('email_verified') === 'true' });
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId } }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
    return;
  }
  await next();
  if (ctx.path === '/token' && mode !== 'normal' && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await reSign(ctx.body.id_token) };
  }
});

server.on('request', provider.callback());
console.log(`listening ${issuer}`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
