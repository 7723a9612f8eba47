/**
 * Which charts draw their y axis on a log scale: one choice per chart kind (every node's
 * latency chart alike), kept for the session (not saved: the linear axis is the default).
 */
import { create } from 'zustand';

/** The charts that offer a log scale: the clients' latency, a node's latency, a node's own times. */
export type LogChartKind = 'client-latency' | 'node-latency' | 'node-times';

interface ChartScales {
  log: Partial<Record<LogChartKind, boolean>>;
  setLog(kind: LogChartKind, on: boolean): void;
}

export const useChartScales = create<ChartScales>((set) => ({
  log: {},
  setLog: (kind, on) => set((s) => ({ log: { ...s.log, [kind]: on } })),
}));
