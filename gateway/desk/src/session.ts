// Who is calling, in one place: a bearer token (issue 11, section 3). Every request of the desk — worklist and
// DICOMweb — carries `Authorization: Bearer <jwt>` (src/api/http.ts). The reader is the token's subject, as the
// services see it; the desk reads the payload only to show the name and to notice expiry (it verifies nothing: the
// services do). Development: paste a token from `FedBus.AppHost token --role radiologist --site <site> --user <id>`
// (the desk) or `--role hub-admin --user <id>` (the federation dashboard). Production: the hospital's OIDC sign-in (src/oidc.ts) hands its access token to the same place.

export interface Credentials {
  /** A short name for the header bar. */
  readonly displayName: string;
  /** The token's subject, sent as requestedBy where an API asks who acts. */
  readonly subject: string;
  /** The token's roles; the app shows the desk to a radiologist and the dashboard to a hub-admin. */
  readonly roles: readonly string[];
  hasRole(role: string): boolean;
  /** Headers added to every request the desk sends. */
  headers(): Record<string, string>;
}

interface TokenClaims {
  sub?: string;
  exp?: number;
  role?: string | string[];
  'fedbus:site'?: string;
}

// Per tab and gone when it closes: a token in a shared workstation's localStorage would outlive the reader's shift.
const storageKey = 'fedbus.desk.token';
const tokenPattern = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

class BearerToken implements Credentials {
  constructor(readonly token: string, readonly displayName: string, readonly subject: string, readonly roles: readonly string[], readonly expiresAt: number | undefined) {}
  hasRole(role: string): boolean {
    return this.roles.includes(role);
  }
  headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }
  expired(now = Date.now()): boolean {
    return this.expiresAt !== undefined && this.expiresAt * 1000 <= now;
  }
}

/** The roles that open a view: the desk (radiologist) or the federation dashboard (hub-admin, or hub-viewer to read). */
export const Roles = { radiologist: 'radiologist', hubAdmin: 'hub-admin', hubViewer: 'hub-viewer' } as const;

let current: BearerToken | null = null;

function claimsOf(token: string): TokenClaims | null {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(payload + '='.repeat((4 - (payload.length % 4)) % 4));
    return JSON.parse(json) as TokenClaims;
  } catch {
    return null;
  }
}

function parse(text: string): BearerToken | string {
  const token = text.trim().replace(/^Bearer\s+/i, '');
  if (!tokenPattern.test(token)) return 'That is not a token (three base64url parts separated by dots).';
  const claims = claimsOf(token);
  if (!claims?.sub) return 'The token names no reader (no "sub" claim).';
  const roles = Array.isArray(claims.role) ? claims.role : claims.role ? [claims.role] : [];
  if (!roles.includes(Roles.radiologist) && !roles.includes(Roles.hubAdmin) && !roles.includes(Roles.hubViewer))
    return 'The token is neither a radiologist\'s nor a hub-admin\'s or hub-viewer\'s (role "radiologist", "hub-admin" or "hub-viewer" is missing).';
  const credentials = new BearerToken(token, claims['fedbus:site'] ? `${claims.sub} @ ${claims['fedbus:site']}` : claims.sub, claims.sub, roles, claims.exp);
  if (credentials.expired()) return 'The token has expired; get a new one.';
  return credentials;
}

export function credentials(): Credentials | null {
  if (current && !current.expired()) return current;
  current = null;
  const stored = sessionStorage.getItem(storageKey);
  if (stored) {
    const parsed = parse(stored);
    if (typeof parsed !== 'string') current = parsed;
    else sessionStorage.removeItem(storageKey);
  }
  return current;
}

/** Signs in with a bearer token; returns an error sentence when it cannot be used. */
export function signIn(token: string): string | null {
  const parsed = parse(token);
  if (typeof parsed === 'string') return parsed;
  sessionStorage.setItem(storageKey, parsed.token);
  current = parsed;
  return null;
}

export function signOut(): void {
  sessionStorage.removeItem(storageKey);
  current = null;
}
