import { credentials, signOut } from '../session';

/** An HTTP error with the service's problem code and sentence (application/problem+json), or the status text. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail: string) {
    super(`${status} ${code}: ${detail}`);
  }
}

/** Every request of the desk goes through here, so the caller's credentials are added in one place. */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(credentials()?.headers() ?? {})) headers.set(name, value);
  const response = await fetch(url, { ...init, headers });
  // Expired or refused: forget the token, so the next view is the sign-in.
  if (response.status === 401) signOut();
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function getJson<T>(url: string, accept = 'application/json'): Promise<T> {
  const response = await request(url, { headers: { Accept: accept } });
  return (await response.json()) as T;
}

export async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method: 'POST' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await request(url, init);
  return (await response.json()) as T;
}

async function errorOf(response: Response): Promise<ApiError> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = (await response.json()) as { code?: string; title?: string; detail?: string };
      return new ApiError(response.status, problem.code ?? problem.title ?? 'error', problem.detail ?? response.statusText);
    } catch {
      // fall through: a body that is not JSON after all
    }
  }
  return new ApiError(response.status, 'http-' + response.status, response.statusText || 'request failed');
}
