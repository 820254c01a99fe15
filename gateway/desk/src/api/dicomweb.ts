// Ingestion's DICOMweb (PS3.18) through the gateway's /dicomweb: instance metadata (DICOM JSON) and WADO-RS frames
// (native pixel data, one multipart/related part per frame).
import { getJson, request } from './http';

/** One instance's DICOM JSON object (PS3.18 F.2): tag "GGGGEEEE" → { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

export const Tags = {
  sopInstanceUid: '00080018',
  instanceNumber: '00200013',
  samplesPerPixel: '00280002',
  photometric: '00280004',
  numberOfFrames: '00280008',
  rows: '00280010',
  columns: '00280011',
  bitsAllocated: '00280100',
  bitsStored: '00280101',
  pixelRepresentation: '00280103',
  planarConfiguration: '00280006',
  windowCenter: '00281050',
  windowWidth: '00281051',
  rescaleIntercept: '00281052',
  rescaleSlope: '00281053',
} as const;

export function value(json: DicomJson, tag: string): unknown {
  return json[tag]?.Value?.[0];
}

export function number(json: DicomJson, tag: string, fallback: number): number {
  const v = value(json, tag);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

export function text(json: DicomJson, tag: string, fallback = ''): string {
  const v = value(json, tag);
  return typeof v === 'string' ? v : fallback;
}

export const metadata = (url: string) => getJson<DicomJson[]>(url, 'application/dicom+json');

/** The bytes of one frame: `${instanceUrl}/frames/${frame}` answered as multipart/related; type="application/octet-stream". */
export async function frame(frameUrl: string): Promise<Uint8Array> {
  const response = await request(frameUrl, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
  const type = response.headers.get('Content-Type') ?? '';
  const body = new Uint8Array(await response.arrayBuffer());
  return firstPart(body, type);
}

/** The body of the first part of a multipart/related message (RFC 2046 §5.1). */
export function firstPart(body: Uint8Array, contentType: string): Uint8Array {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) throw new Error(`The frame answer is not multipart (Content-Type '${contentType}').`);
  const delimiter = ascii(`--${match[1]}`);
  const start = indexOf(body, delimiter, 0);
  if (start < 0) throw new Error('The frame answer has no part.');
  const headersEnd = indexOf(body, ascii('\r\n\r\n'), start);
  if (headersEnd < 0) throw new Error('The frame part has no header end.');
  const from = headersEnd + 4;
  const end = indexOf(body, ascii(`\r\n--${match[1]}`), from);
  if (end < 0) throw new Error('The frame part is not closed.');
  return body.subarray(from, end);
}

function ascii(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!, from); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
