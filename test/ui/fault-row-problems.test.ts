import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/model/faults';
import { describeRange, type NumberSpec } from '../../src/model/params';
import { faultOptionsFor, faultRowProblems, type FaultOption } from '../../src/ui/run/chaos';

const FAULT_FIELDS = FAULTS.crash.fields as unknown as { durationS: NumberSpec<number | null> };

const option = (key: string, target: { kind: string } | 'edge' = { kind: 'service' }): FaultOption => {
  const o = faultOptionsFor(target).find((x) => x.key === key);
  if (!o) throw new Error(`no ${key}`);
  return o;
};

describe("a fault row's fields, checked before injecting", () => {
  it('pass at their defaults, and with an empty duration (until the end)', () => {
    for (const o of faultOptionsFor({ kind: 'service' }))
      expect(faultRowProblems(o, o.param ? String(o.param.value) : '', '10'), o.key).toEqual([]);
    expect(faultRowProblems(option('slow'), '5', '')).toEqual([]);
    expect(faultRowProblems(option('kill'), '', '')).toEqual([]);
  });

  it("name the row's own bounds, not the fault schema's", () => {
    // The schema takes a capacity factor from 0.001, a slow-down factor from 0 up to 10000.
    expect(faultRowProblems(option('cpu'), '0.001', '10')).toEqual([
      { field: 'param', message: 'Capacity must be a number from 0.01 to 1; got 0.001.' },
    ]);
    expect(faultRowProblems(option('slow'), '0.5', '10')).toEqual([
      { field: 'param', message: 'Factor must be a number from 1 to 1000; got 0.5.' },
    ]);
    expect(faultRowProblems(option('slow'), '5000', '10')[0].message).toBe(
      'Factor must be a number from 1 to 1000; got 5000.',
    );
    expect(faultRowProblems(option('loss', 'edge'), '', '10')).toEqual([
      { field: 'param', message: 'Rate must be a number from 0 to 1.' },
    ]);
  });

  it('report every bad field, each with its own message', () => {
    expect(faultRowProblems(option('errors'), '1.5', '-5')).toEqual([
      { field: 'param', message: 'Rate must be a number from 0 to 1; got 1.5.' },
      {
        field: 'duration',
        message:
          'Duration (s) must be a number from 0 (exclusive) to 10000000, or empty (until the end); got -5.',
      },
    ]);
    // A duration of 0 would have been dropped, and the fault lasted to the end of the run.
    expect(faultRowProblems(option('kill'), '', '0').map((p) => p.field)).toEqual(['duration']);
    expect(faultRowProblems(option('kill'), '', 'abc').map((p) => p.field)).toEqual(['duration']);
    expect(faultRowProblems(option('kill'), '', '2e7').map((p) => p.field)).toEqual(['duration']);
  });

  it("word their bounds as the validator words a number field's (params.ts describeRange)", () => {
    const dur = FAULT_FIELDS.durationS;
    const asTyped = { ...dur, nullable: false, exclusiveMin: true };
    expect(faultRowProblems(option('kill'), '', '-1')[0].message).toContain(
      `must be ${describeRange(asTyped)},`,
    );
    // The row's own bounds for its figure, in the validator's words.
    const cpu = option('cpu').param!;
    expect(faultRowProblems(option('cpu'), '2', '')[0].message).toBe(
      `Capacity must be ${describeRange({ type: 'number', label: 'Capacity', help: '', default: cpu.value, min: cpu.min, max: cpu.max })}; got 2.`,
    );
  });

  it('check no duration where the fault has none (a cache flush happens at once)', () => {
    expect(faultRowProblems(option('flush', { kind: 'cache' }), '', '-1')).toEqual([]);
  });
});
