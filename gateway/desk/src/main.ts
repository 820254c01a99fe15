// The app's shell: sign-in, header, and a table of hash routes. The token's roles pick the views: a radiologist gets
// the desk (worklist and tasks), a hub-admin or hub-viewer the federation dashboard (issue 11, section 2); every view gets the root
// element and returns its clean-up.
import { ApiError } from './api/http';
import { beginSignIn, completeSignIn, signInConfig, type SignInConfig } from './oidc';
import { credentials, Roles, signIn, signOut } from './session';
import { dashboardView } from './views/dashboard';
import { h } from './views/dom';
import { taskView } from './views/taskView';
import { worklistView } from './views/worklist';

type Cleanup = () => void;

interface Route {
  pattern: RegExp;
  /** The roles that open this view (any one of them). */
  roles: readonly string[];
  nav?: { label: string; href: string };
  render: (root: HTMLElement, match: RegExpExecArray) => Promise<Cleanup>;
}

const app = document.getElementById('app')!;
const flash = h('div', { class: 'flash', 'data-testid': 'flash', hidden: true });
let cleanup: Cleanup = () => {};
/** The hospital's sign-in, when the gateway offers one (read once at start). */
let hospitalSignIn: SignInConfig | null = null;
/** Why the last sign-in with the hospital's service did not work, shown on the sign-in form. */
let signInProblem: string | null = null;

const routes: Route[] = [
  { pattern: /^#\/worklist$/, roles: [Roles.radiologist], nav: { label: 'Worklist', href: '#/worklist' }, render: root => worklistView(root, id => go(`#/tasks/${id}`), () => void route()) },
  {
    pattern: /^#\/tasks\/([0-9a-fA-F-]{36})$/,
    roles: [Roles.radiologist],
    render: (root, m) => taskView(root, m[1]!, result => {
      if (result) showFlash(result.message);
      go('#/worklist');
    }),
  },
  {
    pattern: /^#\/dashboard(?:\/([^/]+))?$/,
    roles: [Roles.hubAdmin, Roles.hubViewer],
    nav: { label: 'Federation', href: '#/dashboard' },
    render: (root, m) => {
      const who = credentials()!;
      // A hub-viewer reads what a hub-admin sees, without the buttons (the hub refuses them its changes anyway).
      return dashboardView(root, m[1] ? decodeURIComponent(m[1]) : undefined, { subject: who.subject, canAct: who.hasRole(Roles.hubAdmin) },
        modelId => go(`#/dashboard/${encodeURIComponent(modelId)}`), () => void route());
    },
  },
];

/** The first view the token may open: the worklist for a radiologist, else the dashboard. */
function home(): string {
  return credentials()?.hasRole(Roles.radiologist) ? '#/worklist' : '#/dashboard';
}

function allowed(r: Route): boolean {
  const who = credentials();
  return who !== null && r.roles.some(role => who.hasRole(role));
}

function go(hash: string): void {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

function showFlash(text: string): void {
  flash.textContent = text;
  flash.hidden = false;
}

function header(): HTMLElement {
  const who = credentials();
  const hub = who !== null && !who.hasRole(Roles.radiologist);
  return h('header', { class: 'top' },
    h('span', { class: 'brand' }, hub ? 'FedBus · Federation dashboard' : 'FedBus · Radiologist\'s desk'),
    h('nav', {}, ...routes.filter(r => r.nav && allowed(r)).map(r => h('a', { href: r.nav!.href }, r.nav!.label))),
    who ? h('span', { class: 'who' }, hub ? 'Signed in ' : 'Reader ', h('b', { 'data-testid': 'reader' }, who.displayName),
      h('button', { class: 'small', onclick: () => { signOut(); void route(); } }, 'Sign out')) : null);
}

function signInView(root: HTMLElement): void {
  const input = h('textarea', { name: 'token', rows: '6', spellcheck: 'false', autocomplete: 'off', placeholder: 'eyJhbGciOi…', 'data-testid': 'token' });
  const error = h('p', { class: 'message error', 'data-testid': 'sign-in-error' }, signInProblem ?? '');
  signInProblem = null;
  const config = hospitalSignIn;
  const hospital = config
    ? h('div', { class: 'hospital-sign-in' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'hospital-sign-in', onclick: (e: Event) => {
        (e.currentTarget as HTMLButtonElement).disabled = true;
        beginSignIn(config).catch((problem: Error) => {
          error.textContent = problem.message;
          (e.currentTarget as HTMLButtonElement | null)?.removeAttribute('disabled');
        });
      } }, config.label),
      h('p', { class: 'hint' }, 'Or paste a bearer token:'))
    : null;
  root.replaceChildren(h('form', { class: 'sign-in', onsubmit: (e: Event) => {
    e.preventDefault();
    const problem = signIn(input.value);
    if (problem) error.textContent = problem;
    else void route();
  } }, h('h1', {}, 'Sign in'),
    hospital,
    h('label', {}, 'Bearer token ', input),
    h('p', { class: 'hint' }, 'Development: FedBus.AppHost token --role radiologist --site <site> --user <id> (the desk), or --role hub-admin (or hub-viewer, to read) --user <id> (the federation dashboard)'),
    h('button', { type: 'submit', class: config ? '' : 'primary', 'data-testid': 'sign-in' }, 'Sign in'), error));
  if (!config) input.focus();
}

async function route(): Promise<void> {
  cleanup();
  cleanup = () => {};
  const main = h('div', { class: 'content' });
  document.body.dataset.route = 'loading';
  app.replaceChildren(header(), flash, main);
  if (!credentials()) {
    signInView(main);
    document.body.dataset.route = 'sign-in';
    return;
  }
  const hash = location.hash || home();
  for (const r of routes) {
    const match = r.pattern.exec(hash);
    if (!match) continue;
    // A view of another role (a bookmarked worklist opened with a hub token) is not an error page: go home.
    if (!allowed(r)) break;
    try {
      cleanup = await r.render(main, match);
      document.body.dataset.route = hash.split('/')[1] ?? '';
    } catch (e) {
      const text = e instanceof ApiError ? `${e.detail} (${e.code})` : (e as Error).message;
      main.replaceChildren(h('p', { class: 'message error', 'data-testid': 'error' }, text), h('a', { href: home() }, 'Back'));
      document.body.dataset.route = 'error';
    }
    return;
  }
  go(home());
}

window.addEventListener('hashchange', () => {
  if (!location.hash.startsWith('#/worklist')) flash.hidden = true;
  void route();
});

async function start(): Promise<void> {
  hospitalSignIn = await signInConfig();
  const answer = await completeSignIn(hospitalSignIn);
  if (answer && 'token' in answer) signInProblem = signIn(answer.token);
  else if (answer) signInProblem = answer.error;
  await route();
}
void start();
