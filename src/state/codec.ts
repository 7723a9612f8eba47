/**
 * Share links: the whole design, deflated and base64url-encoded, in the URL fragment
 * (`#d=...`). Decoding never throws; a damaged link is a clear error and loads nothing.
 */
import type { Design, Problem } from '../model';

export const SHARE_PARAM = 'd';
const FORMAT = 'deflate' as const; // zlib: carries an Adler-32 checksum, so damage is detected

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function encodeDesign(design: Design): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(design));
  return toBase64Url(await pipe(json, new CompressionStream(FORMAT)));
}

/** The link for a design, relative to `base` (defaults to the current page without query or fragment). */
export async function shareUrl(design: Design, base: string): Promise<string> {
  return `${base}#${SHARE_PARAM}=${await encodeDesign(design)}`;
}

const linkError = (message: string) => ({
  ok: false as const,
  errors: [{ path: '(link)', message }],
});

/**
 * The parsed JSON a share link carries, not yet validated (a refused design's own names
 * word its problems), or why the link holds none.
 */
export async function decodeLink(
  payload: string,
): Promise<{ ok: true; value: unknown } | { ok: false; errors: Problem[] }> {
  if (!payload) return linkError('the share link is empty');
  if (!/^[A-Za-z0-9_-]*$/.test(payload))
    return linkError('the share link is damaged: it contains characters a Spillway link never has');
  const bytes = fromBase64Url(payload);
  if (!bytes) return linkError('the share link is truncated or damaged: its data is incomplete');
  let text: string;
  try {
    const raw = await pipe(bytes, new DecompressionStream(FORMAT));
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return linkError('the share link is truncated or damaged: its data does not decompress');
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return linkError(`the share link's design is not valid JSON: ${(e as Error).message}`);
  }
}

/** The share payload from a location fragment (`#d=...`), or null when there is none. */
export function payloadFromHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return null;
  const params = new URLSearchParams(h);
  const v = params.get(SHARE_PARAM);
  return v === null ? null : v;
}
