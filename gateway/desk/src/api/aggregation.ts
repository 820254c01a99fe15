// The hub's API (services/FedBus.Aggregation/Api/AggregationEndpoints.cs), through the gateway's /aggregation: rounds,
// the model registry and the sites' aggregate statistics. Hub roles only; nothing here is a site's image or label.
import { getJson, postJson, request } from './http';

export type RoundState = 'Collecting' | 'Aggregating' | 'Validating' | 'Published' | 'RejectedByGate' | 'TooFewUpdates' | 'TimedOut' | 'Aborted';
export type VersionStatus = 'Candidate' | 'Published' | 'Rejected';

export interface Metric {
  name: string;
  value: number | null;
}

export interface ClassCount {
  classId: number;
  count: number;
}

export interface ModelView {
  modelId: string;
  architectureId: string;
  task: string;
  labelSchemaVersion: number;
  classNames: string[];
  currentVersion: number;
  publication: number;
  latestVersion: number;
  roundsStarted: number;
  activeRoundId: string | null;
  lastRoundStartedAt: string | null;
  createdAt: string;
}

export interface SiteGateFigures {
  siteId: string;
  validationCases: number;
  candidate: number | null;
  current: number | null;
  change: number | null;
  tolerance: number;
  passed: boolean;
  problem: string | null;
}

export interface GateReport {
  publish: boolean;
  reason: string;
  metric: string | null;
  candidate: number | null;
  current: number | null;
  change: number | null;
  tolerance: number;
  validationCases: number;
  sites: SiteGateFigures[];
}

export interface UpdateView {
  siteId: string;
  trainingSamples: number;
  validationSamples: number;
  localEpochs: number;
  localSteps: number;
  metrics: Metric[];
  deltaNorm: number;
  receivedAt: string;
}

export interface RefusedUpdate {
  siteId: string;
  reason: string;
  at: string;
}

export interface SiteShare {
  siteId: string;
  included: boolean;
  share: number;
  clipFactor: number;
  deltaNorm: number | null;
  reason: string | null;
}

export interface PrivacyFigures {
  noiseMultiplier: number;
  clipNorm: number;
  epsilon: number;
  delta: number;
}

export interface RoundView {
  roundId: string;
  roundNumber: number;
  modelId: string;
  state: RoundState;
  outcome: string | null;
  reason: string | null;
  requestedBy: string;
  baseVersion: number;
  settings: { strategy: string; minimumSites: number; localEpochs: number };
  startedAt: string;
  updateDeadline: string;
  validationDeadline: string | null;
  closedAt: string | null;
  invitedSites: string[];
  answeredSites: string[];
  pendingSites: string[];
  updates: UpdateView[];
  refusedUpdates: RefusedUpdate[];
  candidate: { version: number; strategy: string; sites: SiteShare[]; notes: string[] } | null;
  privacy: PrivacyFigures | null;
  validations: { siteId: string; validationCases: number }[];
  gate: GateReport | null;
  publishedVersion: number | null;
  notes: string[];
}

export interface SiteVersionFigures {
  siteId: string;
  trainingSamples: number;
  validationSamples: number;
  share: number;
  updateMetrics: Metric[];
  validationCases: number | null;
  validationMetrics: Metric[] | null;
  previousModelMetrics: Metric[] | null;
}

export interface VersionPublication {
  publication: number;
  at: string;
  isRollback: boolean;
  requestedBy: string | null;
  reason: string | null;
}

export interface VersionView {
  modelId: string;
  version: number;
  status: VersionStatus;
  isCurrent: boolean;
  parentVersions: number[];
  roundId: string | null;
  roundNumber: number | null;
  strategy: string;
  participatingSites: string[];
  sites: SiteVersionFigures[];
  weightsSha256: string;
  sizeBytes: number;
  weightsUrl: string;
  privacy: PrivacyFigures | null;
  gate: GateReport | null;
  reason: string | null;
  publications: VersionPublication[];
  createdAt: string;
}

export interface SiteStatistics {
  modelId: string;
  reportedAt: string;
  counts: Metric[];
  acceptedClassCounts: ClassCount[];
}

export interface SiteView {
  siteId: string;
  live: boolean;
  configured: boolean;
  lastHeardAt: string | null;
  statistics: SiteStatistics[];
}

export interface FederationStatistics {
  modelId: string;
  reportingSites: number;
  acceptedClassCounts: ClassCount[];
}

const base = '/aggregation';
const model = (modelId: string) => `${base}/models/${encodeURIComponent(modelId)}`;

export const models = () => getJson<ModelView[]>(`${base}/models`);
export const versions = (modelId: string) => getJson<VersionView[]>(`${model(modelId)}/versions`);
export const rounds = (modelId: string, limit = 20) => getJson<RoundView[]>(`${base}/rounds?modelId=${encodeURIComponent(modelId)}&limit=${limit}`);
export const sites = () => getJson<SiteView[]>(`${base}/sites`);
export const statistics = (modelId: string) => getJson<FederationStatistics>(`${model(modelId)}/statistics`);

/** Starts a round with the hub's defaults (the live sites, FedAvg); the idempotency key makes a double click one round. */
export async function startRound(modelId: string, requestedBy: string, idempotencyKey: string): Promise<RoundView> {
  const response = await request(`${base}/rounds`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify({ modelId, requestedBy }),
  });
  return (await response.json()) as RoundView;
}

export const rollback = (modelId: string, toVersion: number, reason: string, requestedBy: string) =>
  postJson<{ model: ModelView; version: VersionView }>(`${model(modelId)}/rollback`, { toVersion, reason, requestedBy });

/** The weights as a file: the route needs the bearer token, so a plain link would be refused. */
export async function weights(url: string): Promise<Blob> {
  const response = await request(url, { headers: { Accept: 'application/octet-stream' } });
  return await response.blob();
}
