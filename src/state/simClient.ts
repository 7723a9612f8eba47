/**
 * Connects the UI to the simulation worker (comlink). The only path from the UI to the
 * engine: everything goes through the SimWorkerApi (src/worker/api.ts). Tests substitute
 * an in-process backend built on the same SimSession.
 */
import * as Comlink from 'comlink';
import type { Frame, SimWorkerApi } from '../worker/api';

/** The worker API as seen from the main thread: every call is asynchronous. */
export type AsyncSimApi = {
  [K in keyof SimWorkerApi]: SimWorkerApi[K] extends (...a: infer A) => infer R
    ? (...a: A) => Promise<Awaited<R>>
    : never;
};

export interface SimBackend {
  api: AsyncSimApi;
  /** Registers the frame callback. */
  subscribe(onFrame: (f: Frame) => void): Promise<void>;
  /** Ends the worker for good (Reset after a crash makes a fresh one). */
  terminate(): void;
}

export type BackendFactory = (onCrash: (message: string) => void) => SimBackend;

export const workerBackend: BackendFactory = (onCrash) => {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), {
    type: 'module',
    name: 'spillway-sim',
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onCrash(e.message || 'the simulation worker failed');
  });
  worker.addEventListener('messageerror', () =>
    onCrash('the simulation worker sent a message that could not be read'),
  );
  const api = Comlink.wrap<SimWorkerApi>(worker) as unknown as AsyncSimApi;
  return {
    api,
    subscribe: (onFrame) => api.subscribe(Comlink.proxy(onFrame) as never),
    terminate: () => {
      (api as unknown as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy]?.();
      worker.terminate();
    },
  };
};
