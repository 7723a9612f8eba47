/**
 * Migrations of older design files to the current schema. Each entry upgrades a file
 * from version N to N+1; files are migrated step by step on load. Version 1 is the first
 * published version, so the table is empty today; a file from a newer Spillway is refused.
 */
import type { Problem } from './params';

export const CURRENT_SCHEMA_VERSION = 1 as const;

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Record<number, Migration> = {};

export function migrate(input: unknown): { ok: true; value: unknown } | { ok: false; errors: Problem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ path: '(file)', message: 'must be a JSON object with schemaVersion, nodes and edges' }],
    };
  }
  let doc = input as Record<string, unknown>;
  const v = doc.schemaVersion;
  if (v === undefined)
    return {
      ok: false,
      errors: [
        {
          path: 'schemaVersion',
          message: `is required (this version of Spillway writes ${CURRENT_SCHEMA_VERSION})`,
        },
      ],
    };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return {
      ok: false,
      errors: [{ path: 'schemaVersion', message: `must be a positive integer, got ${JSON.stringify(v)}` }],
    };
  }
  if (v > CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      errors: [
        {
          path: 'schemaVersion',
          message: `is ${v}, made by a newer Spillway; this version reads files up to schemaVersion ${CURRENT_SCHEMA_VERSION}`,
        },
      ],
    };
  }
  for (let from = v; from < CURRENT_SCHEMA_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step)
      return { ok: false, errors: [{ path: 'schemaVersion', message: `no migration from version ${from}` }] };
    doc = { ...step(doc), schemaVersion: from + 1 };
  }
  return { ok: true, value: doc };
}
