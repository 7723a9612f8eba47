import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNumber, KINDS, validateDesign, type Design } from '../../src/model';
import {
  decodeLink,
  encodeDesign,
  MAX_LINK_INFLATED_BYTES,
  payloadFromHash,
  speedFromHash,
  shareUrl,
} from '../../src/state/codec';

const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const kindParams = fc.oneof(
  fc.record({
    kind: fc.constant('service'),
    params: fc.record({ instances: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
  }),
  fc.record({
    kind: fc.constant('database'),
    params: fc.record({ connections: fc.integer({ min: 1, max: 1000 }) }, { requiredKeys: [] }),
  }),
  fc.record({ kind: fc.constant('loadbalancer'), params: fc.constant({}) }),
);

/** Valid designs: unique ids, a client calling each other node. */
const designArb: fc.Arbitrary<Design> = fc
  .record({
    name: fc.string({ maxLength: 60 }),
    description: fc.string({ maxLength: 200 }),
    ids: fc.uniqueArray(id, { minLength: 1, maxLength: 12 }),
    kinds: fc.array(kindParams, { minLength: 12, maxLength: 12 }),
    xs: fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 12, maxLength: 12 }),
    rps: fc.double({ min: 0, max: 1e6, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .map(({ name, description, ids, kinds, xs, rps, seed }) => {
    const others = ids.filter((x) => x !== 'users').slice(0, 11);
    const nodes: Design['nodes'] = [
      { id: 'users', kind: 'client', label: name || undefined, position: { x: 0, y: 0 }, params: { rps } },
      ...others.map((nid, i) => ({
        id: nid,
        kind: kinds[i].kind,
        position: { x: xs[i], y: i * 100 },
        params: kinds[i].params,
      })),
    ];
    for (const n of nodes) if (n.label === undefined) delete n.label;
    const edges = others.map((t, i) => ({ id: `edge-${i}`, source: 'users', target: t }));
    return {
      schemaVersion: 1 as const,
      name,
      description,
      nodes,
      edges,
      scenario: { durationS: 60, seed, faults: [] },
    };
  });

describe('share-link codec', () => {
  it('round-trips every design exactly', async () => {
    await fc.assert(
      fc.asyncProperty(designArb, async (d) => {
        const payload = await encodeDesign(d);
        expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
        const r = await decodeLink(payload);
        expect(r).toEqual({ ok: true, value: d });
        const v = validateDesign(r.ok && r.value);
        expect(v.ok).toBe(true);
        if (v.ok) expect(v.design).toEqual(d);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on damaged links: truncation, edits and junk are errors or designs', async () => {
    await fc.assert(
      fc.asyncProperty(
        designArb,
        fc.nat(),
        fc.nat(),
        fc.constantFrom('truncate', 'flip', 'junk'),
        async (d, a, b, how) => {
          const payload = await encodeDesign(d);
          let bad: string;
          if (how === 'truncate') bad = payload.slice(0, a % payload.length);
          else if (how === 'flip') {
            const i = a % payload.length;
            const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
            const c = alphabet[(alphabet.indexOf(payload[i]) + 1 + (b % 63)) % 64];
            bad = payload.slice(0, i) + c + payload.slice(i + 1);
          } else bad = payload + '%%' + String(b);
          const r = await decodeLink(bad);
          if (!r.ok) {
            expect(r.errors.length).toBeGreaterThan(0);
            for (const e of r.errors) expect(typeof e.message).toBe('string');
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('says what is wrong with a truncated link', async () => {
    const d: Design = { schemaVersion: 1, nodes: [{ id: 'c', kind: 'client' }], edges: [] };
    const payload = await encodeDesign(d);
    const r = await decodeLink(payload.slice(0, Math.floor(payload.length / 2)));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toEqual({ path: '(link)', message: expect.stringMatching(/truncated or damaged/) });
    const junk = await decodeLink('not a link!');
    expect(junk.ok).toBe(false);
    const empty = await decodeLink('');
    expect(empty.ok).toBe(false);
  });

  it('validates the decoded design like a file', async () => {
    const { openShareLink } = await import('../../src/state/files');
    const { useUiStore } = await import('../../src/state/uiStore');
    const bad = {
      schemaVersion: 1,
      nodes: [{ id: 'a', kind: 'service', params: { instances: -2 } }],
      edges: [],
    };
    expect(await openShareLink(await encodeDesign(bad as Design))).toBe(false);
    expect(useUiStore.getState().loadError!.problems).toEqual([
      { path: 'nodes[0].params.instances', message: checkNumber(KINDS.service.params.instances, -2) },
    ]);
    expect(await openShareLink(await encodeDesign({ ...(bad as Design), schemaVersion: 99 as 1 }))).toBe(
      false,
    );
    expect(useUiStore.getState().loadError!.problems[0].path).toBe('schemaVersion');
  });

  it('refuses a link that inflates past the cap (a zip bomb) without inflating it all', async () => {
    // 64 MB of JSON (a description of spaces) in ~90 KB: the old decoder inflated it whole.
    const raw = Buffer.alloc(64 * 1024 * 1024, 0x20);
    const head = '{"schemaVersion":1,"nodes":[],"edges":[],"description":"';
    raw.write(head, 0);
    raw.write('"}', raw.length - 2);
    const payload = deflateSync(raw).toString('base64url');
    expect(payload.length).toBeLessThan(200_000);
    const t0 = performance.now();
    const r = await decodeLink(payload);
    const ms = performance.now() - t0;
    expect(r.ok).toBe(false); // first: a failure diffing a 64 MB design would take minutes
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: '(link)',
          message: `the share link's design is too large: it unpacks to more than ${MAX_LINK_INFLATED_BYTES / 2 ** 20} MB`,
        },
      ],
    });
    expect(ms).toBeLessThan(2000);
  });

  it('reads a large design whose link spans many inflate slices', async () => {
    const d: Design = {
      schemaVersion: 1,
      name: 'big',
      nodes: Array.from({ length: 2000 }, (_, i) => ({
        id: `node-${i}`,
        kind: 'service',
        label: `Service number ${i * 7919}`,
        position: { x: (i * 37) % 5000, y: (i * 53) % 3000 },
      })),
      edges: [],
    };
    const payload = await encodeDesign(d);
    expect(payload.length).toBeGreaterThan(20_000);
    expect(await decodeLink(payload)).toEqual({ ok: true, value: d });
  });

  it('builds and reads #d= links', async () => {
    const d: Design = { schemaVersion: 1, nodes: [], edges: [] };
    const url = await shareUrl(d, 'https://example.test/app/');
    const hash = new URL(url).hash;
    expect(hash.startsWith('#d=')).toBe(true);
    const r = await decodeLink(payloadFromHash(hash)!);
    expect(r.ok && r.value).toEqual(d);
    expect(payloadFromHash('')).toBeNull();
    expect(payloadFromHash('#other=1')).toBeNull();
  });

  it('carries the speed it was shared at, and reads back only a speed a run takes', async () => {
    const d: Design = { schemaVersion: 1, nodes: [], edges: [] };
    const hash = new URL(await shareUrl(d, 'https://example.test/app/', 5)).hash;
    expect(hash).toMatch(/^#d=[A-Za-z0-9_-]+&s=5$/);
    expect(speedFromHash(hash)).toBe(5);
    const r = await decodeLink(payloadFromHash(hash)!);
    expect(r.ok && r.value).toEqual(d);
    expect(speedFromHash(new URL(await shareUrl(d, 'https://x.test/', 'max')).hash)).toBe('max');
    expect(speedFromHash(new URL(await shareUrl(d, 'https://x.test/')).hash)).toBeNull();
    for (const bad of [
      '#d=x&s=',
      '#d=x&s=fast',
      '#d=x&s=1e9',
      '#d=x&s=-1',
      '#d=x&s=0',
      '#d=x&s=5x',
      '#d=x&s=7',
    ])
      expect(speedFromHash(bad)).toBeNull();
    expect(speedFromHash('#d=x&s=0.5')).toBe(0.5);
  });
});

describe('opening a share link that fails validation', () => {
  it('keeps the design, and hands the alert the problems with the link’s own design to name them', async () => {
    const { openShareLink } = await import('../../src/state/files');
    const { useDesignStore } = await import('../../src/state/designStore');
    const { useUiStore } = await import('../../src/state/uiStore');
    const { problemLines } = await import('../../src/ui/problemText');
    const before = useDesignStore.getState().design;
    const bad = {
      schemaVersion: 1,
      nodes: [{ id: 'api', kind: 'service', label: 'Checkout API', params: { concurrency: -2 } }],
      edges: [],
    };
    expect(await openShareLink(await encodeDesign(bad as Design))).toBe(false);
    expect(useDesignStore.getState().design).toBe(before);
    const err = useUiStore.getState().loadError!;
    expect(err.title).toMatch(/Could not open the share link/);
    expect(err.problems.map((p) => p.path)).toEqual(['nodes[0].params.concurrency']);
    expect(err.input).toEqual(bad);
    expect(problemLines(err.problems, err.input)[0].text).toMatch(
      /^Checkout API › Threads per instance: must be an integer/,
    );
    // A damaged link has no design to name anything from.
    expect(await openShareLink('not a link!')).toBe(false);
    expect(useUiStore.getState().loadError).toMatchObject({
      problems: [{ path: '(link)' }],
      input: undefined,
    });
  });
});
