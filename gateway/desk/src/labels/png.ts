// Decodes the label PNGs the services write (LabelCodec: 8-bit grayscale, values = class ids) without the browser's
// image pipeline, which may colour-manage or premultiply: the values must come out exactly as stored.

export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const signature = [137, 80, 78, 71, 13, 10, 26, 10];

export async function decodeGrayPng(bytes: Uint8Array): Promise<GrayImage> {
  if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) throw new Error('The mask is not a PNG.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || colour !== 0 || interlace !== 0)
        throw new Error(`The mask PNG must be 8-bit grayscale, not interlaced (depth ${depth}, colour type ${colour}).`);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (width === 0 || height === 0 || idat.length === 0) throw new Error('The mask PNG has no image.');
  const raw = await inflate(idat);
  if (raw.length < height * (width + 1)) throw new Error('The mask PNG is truncated.');
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)]!;
    const line = raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1));
    const out = pixels.subarray(y * width, (y + 1) * width);
    const up = y > 0 ? pixels.subarray((y - 1) * width, y * width) : null;
    for (let x = 0; x < width; x++) {
      const a = x > 0 ? out[x - 1]! : 0;
      const b = up ? up[x]! : 0;
      const c = up && x > 0 ? up[x - 1]! : 0;
      const v = line[x]!;
      switch (filter) {
        case 0: out[x] = v; break;
        case 1: out[x] = v + a; break;
        case 2: out[x] = v + b; break;
        case 3: out[x] = v + ((a + b) >> 1); break;
        case 4: out[x] = v + paeth(a, b, c); break;
        default: throw new Error(`The mask PNG uses an unknown filter ${filter}.`);
      }
    }
  }
  return { width, height, pixels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

async function inflate(chunks: Uint8Array[]): Promise<Uint8Array> {
  const stream = new Blob(chunks as BlobPart[]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
