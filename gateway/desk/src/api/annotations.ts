// The annotation-request worklist API (services/FedBus.AnnotationRequest/README.md), through the gateway's /annotations.
import { getJson, postJson, request } from './http';

export type TaskKind = 'segmentation' | 'classification' | 'detection';
export type ReaderState = 'available' | 'claimed' | 'returned' | 'submitted' | 'unavailable';

export interface Reason {
  code: string;
  message: string;
}

export interface WorklistItem {
  taskId: string;
  readerState: ReaderState;
  kind: TaskKind;
  modelId: string;
  priority: number;
  openedBecause: Reason[];
  isAuditSample: boolean;
  requiredReads: number;
  submittedReads: number;
  myReadNumber: number | null;
  openedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  leaseUntil: string | null;
  qcReasons: Reason[];
  studyInstanceUid: string;
  url: string;
}

export interface WorklistPage {
  items: WorklistItem[];
  total: number;
  offset: number;
  limit: number;
  counts: { byReaderState: Record<string, number>; byKind: Record<string, number>; byReason: Record<string, number> };
}

export interface ImageView {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frame: number;
  rows: number;
  columns: number;
  instanceNumber: number | null;
  renderedUrl: string;
  pixelDataUrl: string;
  metadataUrl: string;
  seriesUrl: string;
}

export interface SubmissionView {
  submissionId: string;
  submittedAt: string;
  labelMediaType: string;
  labelUrl: string;
  verdict: 'pending' | 'rejected' | 'accepted';
  qcReasons: Reason[];
}

export interface TaskView {
  taskId: string;
  status: string;
  readerState: ReaderState;
  kind: TaskKind;
  modelId: string;
  modelVersion: number;
  labelSchemaVersion: number;
  classNames: string[];
  openedBecause: Reason[];
  priority: number;
  isAuditSample: boolean;
  requiredReads: number;
  submittedReads: number;
  openedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  image: ImageView;
  prefill: { url: string; mediaType: string; sha256: string };
  myRead: { readNumber: number; state: string; leaseUntil: string | null; returnDeadline: string | null; submissions: SubmissionView[] } | null;
  qcReasons: Reason[];
  findings: Reason[];
}

export interface SubmissionReceipt {
  submissionId: string;
  taskId: string;
  readNumber: number;
  requiredReads: number;
  labelMediaType: string;
  labelUrl: string;
  submittedAt: string;
  taskStatus: string;
  replayed: boolean;
}

export interface HistoryItem {
  kind: 'submission' | 'skip';
  taskId: string;
  submissionId: string | null;
  readNumber: number | null;
  at: string;
  reason: string | null;
  verdict: string | null;
  qcReasons: Reason[];
  taskStatus: string;
  caseId: string | null;
}

const base = '/annotations';

export const worklist = (limit = 100) => getJson<WorklistPage>(`${base}/tasks?limit=${limit}`);
export const task = (taskId: string) => getJson<TaskView>(`${base}/tasks/${taskId}`);
export const claim = (taskId: string) => postJson<TaskView>(`${base}/tasks/${taskId}/claim`);
export const skip = (taskId: string, reason: string) => postJson<TaskView>(`${base}/tasks/${taskId}/skip`, { reason });
export const history = (limit = 20) => getJson<{ items: HistoryItem[]; total: number }>(`${base}/history?limit=${limit}`);

/** A blob of the API (the prefill or a stored label) as bytes with its media type. */
export async function blob(url: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
  const response = await request(url);
  return { bytes: new Uint8Array(await response.arrayBuffer()), mediaType: (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim() };
}

/** Submits a label; the idempotency key makes a retry of the same label a replay, not a second read. */
export async function submit(taskId: string, label: { body: string | Uint8Array; mediaType: string }, idempotencyKey: string): Promise<SubmissionReceipt> {
  const response = await request(`${base}/tasks/${taskId}/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': label.mediaType, 'Idempotency-Key': idempotencyKey },
    body: label.body as BodyInit,
  });
  return (await response.json()) as SubmissionReceipt;
}
