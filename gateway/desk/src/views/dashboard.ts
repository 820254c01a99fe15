// The federation dashboard (issue 11, section 2), for hub roles: one model at a time — its rounds with their live state
// (polled), who answered and the gate's decision with its figures; the registry's versions with lineage, per-site
// figures, weights download and roll back; the sites' aggregate activity; the held-out metric per round. Everything
// comes from the hub's API; a site's images or labels are never asked for (the hub does not have them).
import * as api from '../api/aggregation';
import { ApiError } from '../api/http';
import { newId } from '../util';
import { h } from './dom';
import { metricPlot, type PlotPoint } from './metricPlot';

/** How often the open dashboard asks the hub again (a round moves on its own: updates, aggregation, validation, gate). */
export const pollMilliseconds = 2000;

const closedStates: ReadonlySet<api.RoundState> = new Set(['Published', 'RejectedByGate', 'TooFewUpdates', 'TimedOut', 'Aborted']);

interface Snapshot {
  models: api.ModelView[];
  model: api.ModelView;
  rounds: api.RoundView[];
  versions: api.VersionView[];
  sites: api.SiteView[];
  statistics: api.FederationStatistics;
}

export interface DashboardUser {
  /** Sent as requestedBy with a start or a rollback. */
  subject: string;
  /** A hub-admin starts rounds and rolls back; any other hub role only reads. */
  canAct: boolean;
}

export async function dashboardView(
  root: HTMLElement, requestedModel: string | undefined, user: DashboardUser, selectModel: (modelId: string) => void, signedOut: () => void,
): Promise<() => void> {
  const models = await api.models();
  if (models.length === 0) {
    root.replaceChildren(h('div', { class: 'dashboard-page' }, h('h1', {}, 'Federation'),
      h('p', { class: 'empty', 'data-testid': 'no-models' }, 'The hub has no model yet. Import a first version: POST /aggregation/models/{modelId}/import (see services/FedBus.Aggregation/README.md).')));
    return () => {};
  }
  const modelId = models.some(m => m.modelId === requestedModel) ? requestedModel! : models[0]!.modelId;

  const message = h('p', { class: 'message', 'data-testid': 'dashboard-message', 'aria-live': 'polite' });
  const summary = h('div', { class: 'model-summary', 'data-testid': 'model-summary' });
  const roundsSection = h('section', { class: 'panel rounds', 'data-testid': 'rounds' });
  const plotSection = h('section', { class: 'panel plot-panel' });
  const versionsSection = h('section', { class: 'panel versions', 'data-testid': 'versions' });
  const sitesSection = h('section', { class: 'panel sites', 'data-testid': 'sites' });
  const rollbackPanel = h('form', { class: 'panel rollback-form', 'data-testid': 'rollback-form', hidden: true });
  const expanded = new Set<string>();
  let latest: Snapshot | null = null;
  let roundOpen = false;
  let stopped = false;

  const say = (text: string, error = false) => {
    message.textContent = text;
    message.className = error ? 'message error' : 'message';
  };
  const problem = (e: unknown) => (e instanceof ApiError ? `${e.detail} (${e.code}, HTTP ${e.status})` : (e as Error).message);

  const startButton = h('button', { class: 'primary', 'data-testid': 'start-round', hidden: !user.canAct, onclick: async () => {
    startButton.disabled = true;
    try {
      const round = await api.startRound(modelId, user.subject, newId());
      expanded.add(round.roundId);
      say(`Round ${round.roundNumber} started: ${round.invitedSites.length} site(s) invited (${round.invitedSites.join(', ')}).`);
      await refresh();
    } catch (e) {
      say(`The round was not started: ${problem(e)}`, true);
    } finally {
      // One open round per model: the button stays off until it closes.
      startButton.disabled = roundOpen;
    }
  } }, 'Start round');

  const picker = h('select', { 'data-testid': 'model-picker', onchange: () => selectModel(picker.value) },
    ...models.map(m => h('option', { value: m.modelId, selected: m.modelId === modelId }, m.modelId)));

  root.replaceChildren(h('div', { class: 'dashboard-page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Federation'), h('label', {}, 'Model ', picker), startButton,
      h('span', { class: 'hint' }, user.canAct ? `Refreshes every ${pollMilliseconds / 1000} s` : `Read-only (hub-admin starts rounds and rolls back) · refreshes every ${pollMilliseconds / 1000} s`)),
    summary, message, rollbackPanel,
    h('div', { class: 'dashboard-grid' }, roundsSection, plotSection),
    versionsSection, sitesSection));

  function openRollback(version: api.VersionView, current: number): void {
    const reason = h('input', { type: 'text', name: 'reason', required: true, maxlength: 500, size: 50, 'data-testid': 'rollback-reason', placeholder: 'Why (kept with the publication)' });
    const confirm = h('button', { type: 'submit', class: 'primary danger', 'data-testid': 'rollback-confirm' }, `Make version ${version.version} current`);
    rollbackPanel.replaceChildren(
      h('h3', {}, `Roll ${modelId} back from version ${current} to version ${version.version}`),
      h('p', { class: 'hint' }, 'The sites get the earlier weights as a new publication; the later version stays in the registry.'),
      reason, ' ', confirm, ' ',
      h('button', { type: 'button', onclick: () => { rollbackPanel.hidden = true; } }, 'Cancel'));
    rollbackPanel.onsubmit = async (e: Event) => {
      e.preventDefault();
      if (!reason.value.trim()) return;
      confirm.disabled = true;
      try {
        const result = await api.rollback(modelId, version.version, reason.value.trim(), user.subject);
        rollbackPanel.hidden = true;
        say(`Rolled back: version ${result.model.currentVersion} is current (publication ${result.model.publication}).`);
        await refresh();
      } catch (err) {
        say(`The rollback was refused: ${problem(err)}`, true);
      } finally {
        confirm.disabled = false;
      }
    };
    rollbackPanel.hidden = false;
    reason.focus();
  }

  async function download(version: api.VersionView): Promise<void> {
    try {
      const file = await api.weights(version.weightsUrl);
      const url = URL.createObjectURL(file);
      const a = h('a', { href: url, download: `${version.modelId}-v${version.version}.safetensors` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      say(`The weights could not be downloaded: ${problem(e)}`, true);
    }
  }

  function render(s: Snapshot): void {
    const m = s.model;
    const active = s.rounds.find(r => !closedStates.has(r.state));
    roundOpen = active !== undefined;
    startButton.disabled = roundOpen;
    startButton.title = active ? `Round ${active.roundNumber} is still open (${active.state}).` : 'Invite the live sites to a FedAvg round.';
    summary.replaceChildren(
      fact('Current version', `v${m.currentVersion}`, 'current-version'),
      fact('Publication', String(m.publication)),
      fact('Latest version', `v${m.latestVersion}`),
      fact('Rounds', String(m.roundsStarted)),
      fact('Task', m.task),
      fact('Classes', m.classNames.join(', ')),
      fact('Architecture', m.architectureId),
      fact('Round open', active ? `#${active.roundNumber} ${active.state}` : 'none', 'active-round'));
    roundsSection.replaceChildren(h('h2', {}, 'Rounds'), roundsTable(s.rounds, expanded));
    plotSection.replaceChildren(h('h2', {}, 'Held-out metric per round'), plot(s.rounds));
    versionsSection.replaceChildren(h('h2', {}, 'Model registry'), versionsTable(s.versions, m, user.canAct, openRollback, v => void download(v)));
    sitesSection.replaceChildren(h('h2', {}, 'Sites'), sitesTable(s.sites, s.statistics, m));
  }

  let timer: number | undefined;
  async function refresh(): Promise<void> {
    const [all, rounds, versions, sites, statistics] = await Promise.all([
      api.models(), api.rounds(modelId), api.versions(modelId), api.sites(), api.statistics(modelId)]);
    if (stopped) return;
    const model = all.find(x => x.modelId === modelId);
    if (!model) throw new Error(`The hub no longer lists model '${modelId}'.`);
    if (latest === null && rounds[0]) expanded.add(rounds[0].roundId);
    latest = { models: all, model, rounds, versions, sites, statistics };
    render(latest);
    document.body.dataset.dashboardRefreshedAt = String(Date.now());
  }

  async function poll(): Promise<void> {
    try {
      await refresh();
    } catch (e) {
      // The token expired or was revoked (http.ts forgot it): stop asking and show the sign-in.
      if (e instanceof ApiError && e.status === 401) {
        stopped = true;
        signedOut();
        return;
      }
      say(`The hub did not answer: ${problem(e)}`, true);
    }
    if (!stopped) timer = window.setTimeout(() => void poll(), pollMilliseconds);
  }

  await refresh();
  timer = window.setTimeout(() => void poll(), pollMilliseconds);
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

function fact(label: string, value: string, key?: string): HTMLElement {
  return h('div', { class: 'fact' }, h('div', { class: 'label' }, label), h('div', { class: 'value', 'data-testid': key }, value));
}

export function figure(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined ? '—' : v.toFixed(digits);
}

function signed(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;
}

function stateBadge(state: api.RoundState): HTMLElement {
  const cls = state === 'Published' ? 'good' : closedStates.has(state) ? 'bad' : 'live';
  return h('span', { class: `badge ${cls}`, 'data-testid': 'round-state' }, state === 'RejectedByGate' ? 'Rejected by gate' : state === 'TooFewUpdates' ? 'Too few updates' : state === 'TimedOut' ? 'Timed out' : state);
}

function gateSummary(gate: api.GateReport | null): HTMLElement | string {
  if (!gate) return '—';
  return h('span', { class: `gate ${gate.publish ? 'pass' : 'fail'}`, 'data-testid': 'gate' },
    h('b', {}, gate.publish ? 'Publish' : 'Reject'), ` · ${gate.metric ?? 'metric'} ${figure(gate.candidate)} vs ${figure(gate.current)} (${signed(gate.change)}, tolerance ${figure(gate.tolerance, 3)}) on ${gate.validationCases} cases`);
}

function roundsTable(rounds: api.RoundView[], expanded: Set<string>): HTMLElement {
  if (rounds.length === 0) return h('p', { class: 'empty', 'data-testid': 'no-rounds' }, 'No round yet.');
  const body = h('tbody', {});
  for (const r of rounds) {
    const open = expanded.has(r.roundId);
    const row = h('tr', {
      class: `round${open ? ' open' : ''}`, tabindex: 0, 'data-testid': 'round-row', 'data-round-id': r.roundId, 'data-round-number': r.roundNumber, 'data-state': r.state,
      onclick: () => { if (expanded.has(r.roundId)) expanded.delete(r.roundId); else expanded.add(r.roundId); row.classList.toggle('open'); details.hidden = !details.hidden; },
    },
      h('td', {}, `#${r.roundNumber}`),
      h('td', {}, stateBadge(r.state)),
      h('td', {}, `v${r.baseVersion}`, r.publishedVersion !== null ? ` → v${r.publishedVersion}` : r.candidate ? ` → v${r.candidate.version}?` : ''),
      h('td', { 'data-testid': 'answered' }, `${r.answeredSites.length} of ${r.invitedSites.length}`, r.pendingSites.length > 0 ? h('div', { class: 'muted' }, `waiting: ${r.pendingSites.join(', ')}`) : null),
      h('td', {}, gateSummary(r.gate)),
      h('td', { class: 'muted' }, new Date(r.startedAt).toLocaleString(), h('div', {}, `by ${r.requestedBy}`)));
    const details = h('tr', { class: 'round-details', hidden: !open, 'data-testid': 'round-details' }, h('td', { colspan: 6 }, roundDetails(r)));
    body.append(row, details);
  }
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Round'), h('th', {}, 'State'), h('th', {}, 'Version'), h('th', {}, 'Answered'), h('th', {}, 'Gate'), h('th', {}, 'Started'))),
    body);
}

function roundDetails(r: api.RoundView): HTMLElement {
  const shares = new Map((r.candidate?.sites ?? []).map(s => [s.siteId, s]));
  const gates = new Map((r.gate?.sites ?? []).map(s => [s.siteId, s]));
  const refused = new Map(r.refusedUpdates.map(u => [u.siteId, u]));
  const updates = new Map(r.updates.map(u => [u.siteId, u]));
  const rows = r.invitedSites.map(site => {
    const u = updates.get(site);
    const share = shares.get(site);
    const gate = gates.get(site);
    const refusal = refused.get(site);
    return h('tr', { 'data-testid': 'round-site', 'data-site': site },
      h('td', {}, site),
      h('td', {}, u ? 'answered' : refusal ? h('span', { class: 'bad' }, `refused: ${refusal.reason}`) : r.pendingSites.includes(site) ? 'pending' : 'no answer'),
      h('td', {}, u ? `${u.trainingSamples} / ${u.validationSamples}` : '—'),
      h('td', {}, share ? (share.included ? `${(share.share * 100).toFixed(1)} %${share.clipFactor < 1 ? ` (clipped ×${share.clipFactor.toFixed(2)})` : ''}` : `left out: ${share.reason ?? ''}`) : '—'),
      h('td', {}, gate ? `${figure(gate.candidate)} vs ${figure(gate.current)} on ${gate.validationCases}` : '—'),
      h('td', {}, gate ? (gate.passed ? h('span', { class: 'good' }, 'passed') : h('span', { class: 'bad' }, 'failed')) : '—', gate?.problem ? h('div', { class: 'muted' }, gate.problem) : null));
  });
  return h('div', { class: 'details' },
    h('div', { class: 'muted' }, `Strategy ${r.settings.strategy}, at least ${r.settings.minimumSites} site(s), ${r.settings.localEpochs} local epoch(s); updates due ${new Date(r.updateDeadline).toLocaleString()}` +
      (r.privacy ? `; DP ε ${r.privacy.epsilon.toFixed(2)}, δ ${r.privacy.delta.toExponential(1)}` : '')),
    r.gate ? h('p', { class: 'gate-reason', 'data-testid': 'gate-reason' }, r.gate.reason) : null,
    r.reason && !r.gate ? h('p', { class: 'gate-reason' }, r.reason) : null,
    h('table', { class: 'data inner' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Site'), h('th', {}, 'Update'), h('th', {}, 'Train / val samples'), h('th', {}, 'Share'), h('th', {}, `Validation (${r.gate?.metric ?? 'metric'}: candidate vs current)`), h('th', {}, 'Gate'))),
      h('tbody', {}, ...rows)),
    ...r.notes.map(n => h('div', { class: 'muted' }, n)));
}

function plot(rounds: api.RoundView[]): HTMLElement {
  const reached = rounds.filter(r => r.gate?.metric && r.gate.candidate !== null).sort((a, b) => a.roundNumber - b.roundNumber);
  const metric = reached[0]?.gate?.metric ?? 'metric';
  const points: PlotPoint[] = reached.filter(r => r.gate!.metric === metric).map(r => ({
    round: r.roundNumber, version: r.publishedVersion ?? r.candidate?.version ?? null, candidate: r.gate!.candidate!, current: r.gate!.current, published: r.state === 'Published',
  }));
  const wrap = h('div', { class: 'plot-wrap' });
  wrap.append(metricPlot(metric, points));
  return wrap;
}

function lineage(v: api.VersionView): string {
  if (v.roundNumber !== null) return `round #${v.roundNumber} (${v.strategy}) from v${v.parentVersions.join(', v')}`;
  return v.parentVersions.length > 0 ? `from v${v.parentVersions.join(', v')}` : 'imported';
}

function versionsTable(versions: api.VersionView[], model: api.ModelView, canAct: boolean, rollback: (v: api.VersionView, current: number) => void, download: (v: api.VersionView) => void): HTMLElement {
  const rows = [...versions].reverse().map(v => {
    const canRollBack = canAct && v.status === 'Published' && !v.isCurrent;
    const lastPublication = v.publications[v.publications.length - 1];
    return h('tr', { class: `version${v.isCurrent ? ' current' : ''}`, 'data-testid': 'version-row', 'data-version': v.version, 'data-current': String(v.isCurrent), 'data-status': v.status },
      h('td', {}, h('b', {}, `v${v.version}`), v.isCurrent ? h('span', { class: 'badge good' }, 'current') : null),
      h('td', {}, v.status, v.reason ? h('div', { class: 'muted' }, v.reason) : null),
      h('td', { 'data-testid': 'lineage' }, lineage(v)),
      h('td', {}, siteFigures(v)),
      h('td', {}, v.gate ? gateSummary(v.gate) : '—'),
      h('td', { class: 'muted' }, lastPublication ? `#${lastPublication.publication}${lastPublication.isRollback ? ' (rollback)' : ''}, ${new Date(lastPublication.at).toLocaleString()}` : 'never',
        lastPublication?.isRollback && lastPublication.reason ? h('div', {}, `“${lastPublication.reason}” — ${lastPublication.requestedBy ?? ''}`) : null),
      h('td', { class: 'actions-cell' },
        h('button', { class: 'small', 'data-testid': `download-${v.version}`, title: `${(v.sizeBytes / 1024).toFixed(1)} KiB, SHA-256 ${v.weightsSha256}`, onclick: () => download(v) }, 'Weights'),
        canRollBack ? h('button', { class: 'small danger', 'data-testid': `rollback-${v.version}`, onclick: () => rollback(v, model.currentVersion) }, 'Roll back') : null));
  });
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Version'), h('th', {}, 'Status'), h('th', {}, 'Lineage'), h('th', {}, 'Per site'), h('th', {}, 'Gate'), h('th', {}, 'Last published'), h('th', {}, ''))),
    h('tbody', {}, ...rows));
}

function siteFigures(v: api.VersionView): HTMLElement | string {
  if (v.sites.length === 0) return '—';
  return h('ul', { class: 'site-figures' }, ...v.sites.map(s => {
    const validation = (s.validationMetrics ?? []).map(m => `${m.name} ${figure(m.value)}`).join(', ');
    const previous = (s.previousModelMetrics ?? []).map(m => `${m.name} ${figure(m.value)}`).join(', ');
    return h('li', { 'data-site': s.siteId }, h('b', {}, s.siteId), ` ${(s.share * 100).toFixed(1)} % · ${s.trainingSamples} train`,
      validation ? ` · ${validation}${previous ? ` (before: ${previous})` : ''} on ${s.validationCases ?? 0}` : '');
  }));
}

/** QC's named totals (SiteStatisticsReported.Counts); cells under the site's minimum arrive as 0 already. */
function count(stats: api.SiteStatistics | undefined, name: string): string {
  const value = stats?.counts.find(c => c.name === name)?.value;
  return value === null || value === undefined ? '—' : String(value);
}

function sitesTable(sites: api.SiteView[], pooled: api.FederationStatistics, model: api.ModelView): HTMLElement {
  const className = (id: number) => model.classNames[id] ?? `class ${id}`;
  const rows = sites.map(site => {
    const stats = site.statistics.find(s => s.modelId === model.modelId);
    const rejections = (stats?.counts ?? []).filter(c => c.name.startsWith('qc-rejected:') && (c.value ?? 0) > 0);
    return h('tr', { 'data-testid': 'site-row', 'data-site': site.siteId },
      h('td', {}, h('b', {}, site.siteId), h('div', { class: 'muted' }, site.live ? 'live' : 'not live', site.configured ? ', configured' : '')),
      h('td', { class: 'muted' }, site.lastHeardAt ? new Date(site.lastHeardAt).toLocaleString() : 'never'),
      h('td', { 'data-count': 'studies' }, count(stats, 'studies-received')),
      h('td', { 'data-count': 'tasks' }, count(stats, 'tasks-opened')),
      h('td', { 'data-count': 'reviewed' }, count(stats, 'annotations-reviewed')),
      h('td', { 'data-count': 'accepted' }, count(stats, 'annotations-accepted')),
      h('td', { 'data-count': 'accepted-cases' }, count(stats, 'accepted-cases')),
      h('td', { 'data-testid': 'qc-rejections' }, rejections.length === 0 ? (stats ? 'none' : '—') :
        h('ul', { class: 'plain' }, ...rejections.map(c => h('li', {}, `${c.name.slice('qc-rejected:'.length)}: ${c.value}`)))),
      h('td', { 'data-testid': 'label-counts' }, stats && stats.acceptedClassCounts.length > 0
        ? h('ul', { class: 'plain' }, ...stats.acceptedClassCounts.map(c => h('li', {}, `${className(c.classId)}: ${c.count}`)))
        : '—'));
  });
  return h('div', {},
    sites.length === 0 ? h('p', { class: 'empty' }, 'The hub has heard from no site and none is configured.') :
      h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Site'), h('th', {}, 'Last heard'), h('th', {}, 'Studies'), h('th', {}, 'Tasks'), h('th', {}, 'Labels reviewed'),
          h('th', {}, 'Accepted'), h('th', {}, 'Accepted cases'), h('th', {}, 'QC rejections by reason'), h('th', {}, 'Accepted labels by class'))),
        h('tbody', {}, ...rows)),
    h('p', { class: 'hint', 'data-testid': 'pooled' }, `Federation, ${pooled.reportingSites} reporting site(s): ` +
      (pooled.acceptedClassCounts.length === 0 ? 'no class counts yet.' : pooled.acceptedClassCounts.map(c => `${className(c.classId)} ${c.count}`).join(', ')) +
      ' · Aggregates only, as the sites report them (small cells already suppressed); the hub holds no image or label.'));
}
