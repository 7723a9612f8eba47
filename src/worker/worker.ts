/// <reference lib="webworker" />
/**
 * The Web Worker: exposes a SimSession over comlink and drives it. While a run plays it
 * pumps the engine in slices and posts a frame about 30 times a second, transferring
 * the typed arrays. At "max" speed (or when behind) slices run back to back, yielding
 * between them so RPC calls (pause, inject, edits) are handled promptly.
 */
import * as Comlink from 'comlink';
import type { Frame, SimWorkerApi, Speed } from './api';
import { FrameGate } from './frameGate';
import { SimSession } from './session';

const FRAME_MS = 33;
const session = new SimSession(() => performance.now());
let onFrame: ((f: Frame) => void) | null = null;
let lastFrame = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let yielding = false;

// MessageChannel gives a zero-delay yield (setTimeout(0) is clamped to 4 ms after nesting).
const yieldChannel = new MessageChannel();
yieldChannel.port1.onmessage = () => {
  yielding = false;
  loop();
};

function schedule(): void {
  if (timer !== null || yielding) return;
  if (session.busy) {
    yielding = true;
    yieldChannel.port2.postMessage(0);
  } else {
    timer = setTimeout(loop, Math.max(0, FRAME_MS - (performance.now() - lastFrame)));
  }
}

// The callback is a comlink proxy: its promise settles when the main thread took the frame.
const gate = new FrameGate(
  () => {
    lastFrame = performance.now();
    return session.frame();
  },
  (f: Frame) => onFrame?.(Comlink.transfer(f, [f.nodes.buffer, f.edges.buffer, f.hops.buffer])),
);

function postFrame(): void {
  if (onFrame) gate.post();
}

function loop(): void {
  timer = null;
  session.pump();
  if (performance.now() - lastFrame >= FRAME_MS || !session.isPlaying) postFrame();
  if (session.isPlaying) schedule();
}

/** After any command, send a fresh frame and keep the loop going if playing. */
function kick(): void {
  postFrame();
  if (session.isPlaying) schedule();
}

const api: SimWorkerApi = {
  load(design) {
    const r = session.load(design);
    kick();
    return r;
  },
  play() {
    session.play();
    kick();
  },
  pause() {
    session.pause();
    kick();
  },
  step(simS) {
    session.step(simS);
    kick();
  },
  reset() {
    const r = session.reset();
    kick();
    return r;
  },
  setSpeed(speed: Speed) {
    session.setSpeed(speed);
    kick();
  },
  updateNode(id, params) {
    const r = session.updateNode(id, params);
    kick();
    return r;
  },
  updateEdge(id, params) {
    const r = session.updateEdge(id, params);
    kick();
    return r;
  },
  inject(fault) {
    const r = session.inject(fault);
    kick();
    return r;
  },
  endFault(id) {
    const r = session.endFault(id);
    kick();
    return r;
  },
  series(id, since) {
    // Fresh arrays every call: moved, not copied; the charts ask each time a bucket closes,
    // for the rows after the ones they hold (since).
    const s = session.series(id, since);
    return s ? Comlink.transfer(s, [s.time.buffer, s.widthS.buffer, ...s.data.map((c) => c.buffer)]) : s;
  },
  summary() {
    return session.summary();
  },
  seriesCsv() {
    return session.seriesCsv();
  },
  subscribe(cb) {
    onFrame = cb;
    kick();
  },
};

Comlink.expose(api);
