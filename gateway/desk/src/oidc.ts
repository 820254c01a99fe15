// The hospital's sign-in: OpenID Connect's authorization code flow with PKCE (RFC 7636), the desk acting as a public
// client in the browser. The gateway says whether there is an issuer (desk/config.json); the issuer signs the reader
// in on its own pages and sends the browser back here with a one-time code, which the desk exchanges for an access
// token — the same bearer token a pasted one is, validated by the services against the issuer's keys. The verifier
// and state live in sessionStorage only for the round trip.

export interface SignInConfig {
  readonly authority: string;
  readonly clientId: string;
  readonly scope: string;
  readonly label: string;
}

interface Pending {
  readonly state: string;
  readonly verifier: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
}

const pendingKey = 'fedbus.desk.oidc';

/** The sign-in the gateway offers, or null when it offers none (tokens are pasted). */
export async function signInConfig(): Promise<SignInConfig | null> {
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    if (!response.ok) return null;
    const body = (await response.json()) as { signIn?: SignInConfig | null };
    return body.signIn ?? null;
  } catch {
    return null;
  }
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Where the issuer sends the browser back: the desk's own page, without query or fragment. */
function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

interface Discovery {
  authorization_endpoint?: string;
  token_endpoint?: string;
}

/** Leaves for the issuer's sign-in page; throws with a sentence when the issuer cannot be reached or described. */
export async function beginSignIn(config: SignInConfig): Promise<void> {
  let discovery: Discovery;
  try {
    const response = await fetch(`${config.authority}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    discovery = (await response.json()) as Discovery;
  } catch (e) {
    throw new Error(`The sign-in service at ${config.authority} did not answer (${(e as Error).message}).`);
  }
  if (!discovery.authorization_endpoint || !discovery.token_endpoint)
    throw new Error(`The sign-in service at ${config.authority} names no authorization or token endpoint.`);
  const verifier = random();
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const pending: Pending = { state: random(16), verifier, tokenEndpoint: discovery.token_endpoint, redirectUri: redirectUri() };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scope,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * When the page is the issuer's answer (?code&state or ?error), finishes the sign-in: returns the access token, or a
 * sentence saying why there is none. Returns null when the page is not an answer. The query is removed either way, so
 * a reload does not replay the one-time code.
 */
export async function completeSignIn(config: SignInConfig | null): Promise<{ token: string } | { error: string } | null> {
  const query = new URLSearchParams(location.search);
  if (!query.has('code') && !query.has('error')) return null;
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  const stored = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (query.has('error'))
    return { error: `The sign-in was not completed: ${query.get('error_description') ?? query.get('error')}.` };
  if (!config) return { error: 'A sign-in answer arrived, but this desk offers no sign-in service.' };
  if (!stored) return { error: 'A sign-in answer arrived that this tab did not ask for; sign in again.' };
  const pending = JSON.parse(stored) as Pending;
  // The state binds the answer to the request this tab made: anything else may be a forged login.
  if (query.get('state') !== pending.state) return { error: 'The sign-in answer does not match the request (state differs); sign in again.' };
  let response: Response;
  try {
    response = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code')!,
        redirect_uri: pending.redirectUri,
        client_id: config.clientId,
        code_verifier: pending.verifier,
      }).toString(),
    });
  } catch (e) {
    return { error: `The sign-in service's token endpoint did not answer (${(e as Error).message}).` };
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    return { error: `The sign-in service refused the code: ${body.error_description ?? body.error ?? `HTTP ${response.status}`}.` };
  return { token: body.access_token };
}
