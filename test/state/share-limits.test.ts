/**
 * A share link that would not reach anyone is named as such: one longer than browsers open
 * (Chromium refuses a URL over 2 MB), or one whose design is over what the app unpacks from
 * a link (decodeLink refuses it). A 19-million-character link was copied with "Copied".
 */
import { describe, expect, it } from 'vitest';
import { validateDesign, type Design } from '../../src/model';
import {
  decodeLink,
  MAX_LINK_INFLATED_BYTES,
  MAX_SHARE_URL_CHARS,
  payloadFromHash,
  shareLink,
  shareLinkProblem,
  shareUrl,
} from '../../src/state/codec';
import { empiricalDesign } from '../fixtures/empiricalDesign';

const BASE = 'https://example.test/app/';
const urlOf = (chars: number) => BASE + '#d=' + 'A'.repeat(chars - BASE.length - 3);

describe('shareLinkProblem', () => {
  it('passes a link up to the length browsers open, and names one a character over with both figures', () => {
    expect(MAX_SHARE_URL_CHARS).toBe(2_000_000);
    expect(MAX_SHARE_URL_CHARS).toBeLessThan(2 * 1024 * 1024); // Chromium's limit
    expect(urlOf(MAX_SHARE_URL_CHARS).length).toBe(MAX_SHARE_URL_CHARS);
    expect(shareLinkProblem(urlOf(MAX_SHARE_URL_CHARS), 100)).toBeNull();
    expect(shareLinkProblem(urlOf(MAX_SHARE_URL_CHARS + 1), 100)).toBe(
      'The link would be 2,000,001 characters long, but browsers open links of at most about 2,000,000 characters, so whoever you sent it to would get nothing.',
    );
    expect(shareLinkProblem(urlOf(19_000_221), 100)).toMatch(/would be 19,000,221 characters long/);
  });

  it('passes a design up to what a link may unpack to, and names one a byte over with both figures', () => {
    expect(shareLinkProblem(BASE + '#d=x', MAX_LINK_INFLATED_BYTES)).toBeNull();
    const over = shareLinkProblem(BASE + '#d=x', MAX_LINK_INFLATED_BYTES + 1);
    // Rounded up, so a size over the limit never reads as the limit itself.
    expect(over).toBe(
      'The design is 20.1 MB (20,971,521 bytes), but Spillway opens a link only when its design is at most 20 MB, so whoever you sent it to would get an error.',
    );
    expect(shareLinkProblem(BASE + '#d=x', 39 * 2 ** 20)).toMatch(
      /^The design is 39 MB \(40,894,464 bytes\)/,
    );
  });

  it('names the design’s size when both hold (a shorter link would not help)', () => {
    expect(shareLinkProblem(urlOf(19_000_221), 39 * 2 ** 20)).toMatch(/^The design is 39 MB/);
  });

  it('agrees with decodeLink: a design of exactly the cap opens, a byte more is refused', async () => {
    const json = (bytes: number) => {
      const head = '{"schemaVersion":1,"nodes":[],"edges":[],"description":"';
      return head + ' '.repeat(bytes - head.length - 2) + '"}';
    };
    for (const bytes of [MAX_LINK_INFLATED_BYTES, MAX_LINK_INFLATED_BYTES + 1]) {
      const design = JSON.parse(json(bytes)) as Design;
      const { url, jsonBytes } = await shareLink(design, BASE);
      expect(jsonBytes).toBe(bytes);
      const opened = await decodeLink(payloadFromHash(new URL(url).hash)!);
      expect(opened.ok).toBe(bytes <= MAX_LINK_INFLATED_BYTES);
      expect(shareLinkProblem(url, jsonBytes) === null).toBe(opened.ok);
    }
  });
});

describe('shareLink', () => {
  it('is shareUrl’s link with the UTF-8 size of the design’s JSON', async () => {
    const d: Design = { schemaVersion: 1, name: 'Café ☕', nodes: [], edges: [] };
    const { url, jsonBytes } = await shareLink(d, BASE, 5);
    expect(url).toBe(await shareUrl(d, BASE, 5));
    expect(jsonBytes).toBe(Buffer.byteLength(JSON.stringify(d), 'utf8'));
    expect(jsonBytes).toBeGreaterThan(JSON.stringify(d).length);
  });

  it('a valid design of two 100,000-value empirical distributions makes a link over the limit', async () => {
    const d = empiricalDesign(2, 100_000);
    expect(validateDesign(d).ok).toBe(true);
    const { url, jsonBytes } = await shareLink(d, BASE, 1);
    expect(url.length).toBeGreaterThan(MAX_SHARE_URL_CHARS);
    expect(jsonBytes).toBeLessThan(MAX_LINK_INFLATED_BYTES);
    expect(shareLinkProblem(url, jsonBytes)).toMatch(/^The link would be .* characters long/);
    // One such distribution stays under it.
    const one = await shareLink(empiricalDesign(1, 100_000), BASE, 1);
    expect(shareLinkProblem(one.url, one.jsonBytes)).toBeNull();
  });
});
