// A local OpenID provider standing in for ORCID in the tests (the network is closed here).
//
// Subjects are ORCID iDs and the ID token carries what ORCID's carries (given_name, family_name) plus name.
// Clients and accounts come from the JSON file named by OIDC_PROVIDER_CONFIG (mode 0600), or one client from
// OIDC_CLIENT_ID / OIDC_CLIENT_SECRET / OIDC_REDIRECT_URI: never from the command line, where `ps` shows them.
// Listens on 127.0.0.1 on a free port, prints its issuer URL as the one line on stdout once it answers, and
// stops on SIGTERM. Sign-in and consent are plain HTML forms, so a test drives them by form posts or Chromium.

import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

// Josiah Carberry: the fictitious researcher ORCID itself uses in its documentation.
const DEFAULT_ACCOUNTS = [
  { sub: '0000-0002-1825-0097', given_name: 'Josiah', family_name: 'Carberry', password: 'psychoceramics' },
];

// oidc-provider prints notices with console.info: keep stdout for the issuer line alone.
console.info = (...args) => console.error(...args);

function readConfig() {
  const path = process.env.OIDC_PROVIDER_CONFIG;
  if (path) {
    if ((statSync(path).mode & 0o077) !== 0) {
      throw new Error(`${path} holds client secrets: make it readable by its owner only (chmod 600)`);
    }
    return JSON.parse(readFileSync(path, 'utf8'));
  }
  const { OIDC_CLIENT_ID: id, OIDC_CLIENT_SECRET: secret, OIDC_REDIRECT_URI: redirect } = process.env;
  if (!id || !secret || !redirect) {
    throw new Error('set OIDC_PROVIDER_CONFIG, or OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI');
  }
  return { clients: [{ client_id: id, client_secret: secret, redirect_uris: [redirect] }] };
}

function signingKey() {
  // A fresh RSA key per run: tests fetch it from the JWKS endpoint like any relying party.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

function accountClaims(account) {
  const name = account.name ?? [account.given_name, account.family_name].filter(Boolean).join(' ');
  return { sub: account.sub, name, given_name: account.given_name, family_name: account.family_name };
}

function configuration(config, accounts) {
  return {
    // ORCID takes the client's secret in the token request's body only (client_secret_post).
    clientAuthMethods: ['client_secret_post'],
    clients: config.clients.map((client) => ({
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post', ...client,
    })),
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // ORCID releases the names with the `openid` scope alone, in the ID token itself.
    claims: { openid: ['sub', 'name', 'given_name', 'family_name'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    async findAccount(ctx, sub) {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: async () => accountClaims(account) };
    },
  };
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, title, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`
    + `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

function loginForm(res, uid, message = '') {
  page(res, message ? 401 : 200, 'Sign in to the test ORCID', `${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>ORCID iD <input name="orcid" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form>`);
}

function consentForm(res, uid, clientName, scope) {
  page(res, 200, 'Authorize access', `<p>${escapeHtml(clientName)} asks to read your ORCID iD (${escapeHtml(scope)}).</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm"><button type="submit">Authorize</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Deny</button></form>`);
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function grantConsent(provider, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return { consent: { grantId: await grant.save() } };
}

// The interaction pages: GET shows the step the provider asks for; POSTs answer it.
async function interaction(provider, accounts, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') return loginForm(res, uid);
    const client = await provider.Client.find(details.params.client_id);
    return consentForm(res, uid, client?.clientName ?? details.params.client_id, details.params.scope);
  }
  if (req.method !== 'POST') return page(res, 405, 'Method not allowed', '');
  if (action === 'login') {
    const form = await formBody(req);
    const account = accounts.get((form.get('orcid') ?? '').trim());
    if (!account || (account.password && account.password !== form.get('password'))) {
      return loginForm(res, uid, 'Unknown ORCID iD or wrong password.');
    }
    return provider.interactionFinished(req, res, { login: { accountId: account.sub } });
  }
  if (action === 'confirm') return provider.interactionFinished(req, res, await grantConsent(provider, details));
  if (action === 'abort') {
    const denied = { error: 'access_denied', error_description: 'The user denied access.' };
    return provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false });
  }
  return page(res, 404, 'Not found', '');
}

function serve(provider, accounts) {
  const oidc = provider.callback();
  return async (req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(req.url.split('?')[0]);
    if (!match) return oidc(req, res);
    try {
      await interaction(provider, accounts, req, res, match[1], match[2]);
    } catch (error) {
      // An expired or unknown interaction: say so, as a page, and keep serving.
      if (!res.headersSent) page(res, 400, 'Sign-in failed', `<p>${escapeHtml(error.message)}</p>`);
    }
  };
}

const config = readConfig();
const accounts = new Map((config.accounts ?? DEFAULT_ACCOUNTS).map((account) => [account.sub, account]));
const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  server.on('request', serve(new Provider(issuer, configuration(config, accounts)), accounts));
  process.stdout.write(`${issuer}\n`);
});

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
