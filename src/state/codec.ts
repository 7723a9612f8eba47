/**
 * Share links: the whole design, deflated and base64url-encoded, in the URL fragment
 * (`#d=...`). Decoding never throws; a damaged link is a clear error and loads nothing.
 */
import type { Design, Problem } from '../model';
import { SPEEDS, type Speed } from '../worker/api';

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

/**
 * The most a share link may unpack to. A browser keeps about 5 MB per site (localStorage),
 * so no design the app can hold comes near this; a crafted link (1.3 MB that inflates to
 * 1 GB) is refused after this much instead of freezing the tab while it inflates.
 */
export const MAX_LINK_INFLATED_BYTES = 20 * 1024 * 1024;
/**
 * Compressed bytes handed to the inflater at a time: deflate expands at most ~1032×, so one
 * slice yields at most ~2 MB before the size check sees it.
 */
const INFLATE_SLICE = 2048;

/** Inflates `bytes`; null once the output passes `limit` bytes. Throws on damaged data. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const ds = new DecompressionStream(FORMAT);
  const writer = ds.writable.getWriter();
  const fed = (async () => {
    for (let i = 0; i < bytes.length; i += INFLATE_SLICE)
      await writer.write(bytes.subarray(i, i + INFLATE_SLICE) as BufferSource);
    await writer.close();
  })();
  fed.catch(() => {}); // a damaged stream errors the reading side too: it is reported there
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function encodeDesign(design: Design): Promise<string> {
  return (await encodeWithSize(design)).payload;
}

/** The link payload, and how many bytes of JSON it unpacks to (what MAX_LINK_INFLATED_BYTES caps). */
async function encodeWithSize(design: Design): Promise<{ payload: string; jsonBytes: number }> {
  const json = new TextEncoder().encode(JSON.stringify(design));
  return {
    payload: toBase64Url(await pipe(json, new CompressionStream(FORMAT))),
    jsonBytes: json.byteLength,
  };
}

/** The speed a share link asks its run to go at (`#d=...&s=5`). */
export const SPEED_PARAM = 's';

/**
 * The link for a design, relative to `base` (defaults to the current page without query or
 * fragment); with `speed`, the speed it was shared at, so that a class opening a lesson's
 * link runs it as the teacher did (an example's faults come 30 to 60 simulated seconds in).
 */
export async function shareUrl(design: Design, base: string, speed?: Speed): Promise<string> {
  return (await shareLink(design, base, speed)).url;
}

/** shareUrl, with the size of the design's JSON that the link unpacks to (for shareLinkProblem). */
export async function shareLink(
  design: Design,
  base: string,
  speed?: Speed,
): Promise<{ url: string; jsonBytes: number }> {
  const s = speed === undefined ? '' : `&${SPEED_PARAM}=${speed}`;
  const { payload, jsonBytes } = await encodeWithSize(design);
  return { url: `${base}#${SHARE_PARAM}=${payload}${s}`, jsonBytes };
}

/**
 * The longest share link handed out. Chromium refuses to open a URL over 2 MB (2,097,152
 * characters: the page never loads, net::ERR_ABORTED); other browsers are similar or lower.
 * Kept a little under Chromium's figure so that a link near it is not a gamble.
 */
export const MAX_SHARE_URL_CHARS = 2_000_000;

/**
 * Megabytes (2^20 bytes, as MAX_LINK_INFLATED_BYTES counts them), rounded up to a tenth so
 * that a size over a limit never reads as the limit itself.
 */
const mb = (bytes: number) => `${(Math.ceil((bytes / 2 ** 20) * 10) / 10).toLocaleString('en-US')} MB`;

/**
 * Why a share link would not reach its recipient, or null when it would: its design's JSON
 * (`jsonBytes`) is over what the app unpacks from a link (decodeLink refuses it), or the
 * link (`url`) is longer than browsers open. The first is named when both hold: a shorter
 * link would not help it.
 */
export function shareLinkProblem(url: string, jsonBytes: number): string | null {
  if (jsonBytes > MAX_LINK_INFLATED_BYTES)
    return `The design is ${mb(jsonBytes)} (${jsonBytes.toLocaleString('en-US')} bytes), but Spillway opens a link only when its design is at most ${mb(MAX_LINK_INFLATED_BYTES)}, so whoever you sent it to would get an error.`;
  if (url.length > MAX_SHARE_URL_CHARS)
    return `The link would be ${url.length.toLocaleString('en-US')} characters long, but browsers open links of at most about ${MAX_SHARE_URL_CHARS.toLocaleString('en-US')} characters, so whoever you sent it to would get nothing.`;
  return null;
}

/**
 * The speed a location fragment asks for, or null when it names none of the Speed menu's
 * (a hand-made `&s=7` ran at 7× while the menu, with no such choice, showed 0.1×).
 */
export function speedFromHash(hash: string): Speed | null {
  const v = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get(SPEED_PARAM);
  if (v === null) return null;
  const speed = v === 'max' ? v : /^\d+(\.\d+)?$/.test(v) ? Number(v) : null;
  return SPEEDS.find((s) => s === speed) ?? null;
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
    const raw = await inflate(bytes, MAX_LINK_INFLATED_BYTES);
    if (!raw)
      return linkError(
        `the share link's design is too large: it unpacks to more than ${MAX_LINK_INFLATED_BYTES / 1024 / 1024} MB`,
      );
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

/**
 * Why a location fragment that carries no share payload is not a share link, or null when
 * there is no fragment (or it has one: payloadFromHash). A link whose `#…` lost its `d=`
 * (cut when pasted, or a hand-made one) was ignored without a word, and the user took the
 * design on screen for the one shared.
 */
export function hashWithoutPayload(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h || payloadFromHash(h) !== null) return null;
  const shown = h.length > 40 ? `${h.slice(0, 40)}…` : h;
  return `the link ends in "#${shown}", which has no design in it: a share link ends in "#${SHARE_PARAM}=" followed by the design (copy it again with Share)`;
}
