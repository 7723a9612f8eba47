/**
 * Share with a link no one could open copies nothing and says why, with the figures and
 * what to do instead (File › Save); a link within the limits is copied as before.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Design } from '../../src/model';
import { MAX_SHARE_URL_CHARS } from '../../src/state/codec';
import { useDesignStore } from '../../src/state/designStore';
import { useUiStore } from '../../src/state/uiStore';
import { share, useShareStore } from '../../src/ui/actions';
import { ShareDialog } from '../../src/ui/dialogs';
import { empiricalDesign } from '../fixtures/empiricalDesign';

/** Server-renders the dialog as the store now stands (a server render reads the initial state). */
function dialog(): string {
  const initial = useShareStore.getInitialState();
  const was = { ...initial };
  Object.assign(initial, useShareStore.getState());
  try {
    return renderToStaticMarkup(createElement(ShareDialog));
  } finally {
    Object.assign(initial, was);
  }
}
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

describe('Share', () => {
  let writeText: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('window', { location: { origin: 'https://example.test', pathname: '/app/' } });
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    useShareStore.setState({ url: '', copied: false, problem: null });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('copies nothing when the link is longer than browsers open, and says so with what to do instead', async () => {
    useDesignStore.getState().load(empiricalDesign(2, 100_000));
    const url = await share();
    expect(url!.length).toBeGreaterThan(MAX_SHARE_URL_CHARS);
    expect(writeText).not.toHaveBeenCalled();
    expect(useUiStore.getState().dialog).toBe('share');
    const { copied, problem } = useShareStore.getState();
    expect(copied).toBe(false);
    const html = dialog();
    const words = text(html);
    expect(words).toContain('This design cannot be shared as a link');
    expect(words).toContain(problem!);
    expect(words).toContain(`would be ${url!.length.toLocaleString('en-US')} characters long`);
    expect(words).toContain('at most about 2,000,000 characters');
    expect(words).toContain('File › Save');
    expect(html).toContain('role="alert"');
    // Neither the link nor a copy button: no "Copied", no "Copy link".
    expect(html).not.toContain('#d=');
    expect(words).not.toMatch(/Copied|Copy link/);
  });

  it('copies a link within the limits and says Copied, as before', async () => {
    const d: Design = { schemaVersion: 1, name: 'small', nodes: [], edges: [] };
    useDesignStore.getState().load(d);
    useShareStore.setState({ problem: 'left from a share before' });
    const url = await share();
    expect(writeText).toHaveBeenCalledWith(url);
    expect(useShareStore.getState()).toMatchObject({ url, copied: true, problem: null });
    const words = text(dialog());
    expect(words).toContain('Share this design');
    expect(words).toContain('Copied');
    expect(words).toContain(`${url!.length.toLocaleString()} characters.`);
    expect(words).not.toContain('cannot be shared');
  });
});
