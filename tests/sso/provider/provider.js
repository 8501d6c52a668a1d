// A real OpenID Connect provider (node-oidc-provider, OpenID Certified) for the SSO tests.
//
// Environment: PORT (required), REDIRECT_URIS (comma-separated, required),
// POST_LOGOUT_REDIRECT_URIS (comma-separated), CLIENT_ID, CLIENT_SECRET, PUBLIC_CLIENT_ID,
// RP_INITIATED_LOGOUT ("off": no end_session_endpoint). Prints "listening <issuer>" on stdout
// once it serves.
//
// It signs ID tokens with an RSA key made at start-up (published at /jwks), requires PKCE
// (S256) from every client, and logs people in through its own login page: a form with a
// username and a password checked against the accounts the tests declare with
// POST /test/accounts (JSON: login, password, sub, email, email_verified, name). Consent is
// granted without a page. Logging out (RP-Initiated Logout 1.0, at /session/end) shows a page
// asking "Log out of the test identity provider?" whose "Yes, log me out" button posts
// logout=yes. Test-only: nothing here is fit for production.

import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = (process.env.REDIRECT_URIS || '').split(',').filter(Boolean);
const postLogoutRedirectUris = (process.env.POST_LOGOUT_REDIRECT_URIS || '')
  .split(',')
  .filter(Boolean);
if (!port || redirectUris.length === 0) {
  console.error('PORT and REDIRECT_URIS are required');
  process.exit(2);
}

const accounts = new Map(); // login -> { password, sub, email, email_verified, name }

function accountBySub(sub) {
  for (const account of accounts.values()) {
    if (account.sub === sub) return account;
  }
  return undefined;
}

const signingKey = {
  ...crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: crypto.randomBytes(8).toString('hex'),
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID || 'mentorpath',
      client_secret: process.env.CLIENT_SECRET || 'mentorpath-test-secret',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: process.env.PUBLIC_CLIENT_ID || 'mentorpath-public',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: process.env.RP_INITIATED_LOGOUT !== 'off',
      logoutSource,
      postLogoutSuccessSource,
    },
  },
  async findAccount(ctx, sub) {
    const account = accountBySub(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const claims = { sub, email: account.email, name: account.name };
        if (account.email_verified !== undefined && account.email_verified !== null) {
          claims.email_verified = account.email_verified;
        }
        return claims;
      },
    };
  },
});

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// `form` is the provider's own (hidden xsrf field); the buttons submit it, "yes" with logout=yes.
async function logoutSource(ctx, form) {
  ctx.body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Log out of the test identity provider?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, log me out</button>
<button type="submit" form="op.logoutForm">No, stay logged in</button>
</body></html>`;
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Logged out of the test identity provider</h1></body></html>`;
}

function loginPage(uid, error) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Sign in to the test identity provider</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Username</label> <input id="login" name="login" autocomplete="username">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign in</button>
</form></body></html>`;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}

async function grantConsent(req, res, details) {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function interaction(req, res, url) {
  const [, , uid, action] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'wrong interaction');
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') return send(res, 200, loginPage(uid));
    return grantConsent(req, res, details);
  }
  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const account = accounts.get(form.get('login') || '');
    if (!account || account.password !== form.get('password')) {
      return send(res, 200, loginPage(uid, 'Wrong username or password.'));
    }
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub } },
      { mergeWithLastSubmission: false },
    );
  }
  return send(res, 404, 'not found');
}

async function testAccounts(req, res) {
  if (req.method !== 'POST') return send(res, 405, 'POST only');
  const account = JSON.parse(await readBody(req));
  accounts.set(account.login, account);
  return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    if (url.pathname.startsWith('/interaction/')) return await interaction(req, res, url);
    if (url.pathname === '/test/accounts') return await testAccounts(req, res);
    return callback(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, String(error.message || error), 'text/plain');
    return undefined;
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
