import { describe, expect, it } from 'vitest';
import { placeBeside, type ScreenBox } from '../../src/ui/run/FaultMenu';

const box = (left: number, top: number, width: number, height: number): ScreenBox => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});
const size = { width: 330, height: 250 };
const view = { width: 1440, height: 900 };
const meets = (a: ScreenBox, p: { left: number; top: number }) =>
  p.left < a.right && a.left < p.left + size.width && p.top < a.bottom && a.top < p.top + size.height;

describe('the fault menu beside its node', () => {
  const api = box(600, 300, 140, 60);

  it('goes right of it where nothing is there, as before', () => {
    expect(placeBeside(api, size, view, 'x', [box(100, 300, 140, 60)])).toEqual({ left: 748, top: 300 });
  });

  it('leaves a neighbour in view: left of the node when the next node is on its right', () => {
    const db = box(840, 300, 140, 60);
    const at = placeBeside(api, size, view, 'x', [db])!;
    expect(at).toEqual({ left: 600 - 8 - 330, top: 300 });
    expect(meets(db, at)).toBe(false);
  });

  it('goes below when both sides hold a neighbour, and covers the least where every side does', () => {
    const row = [box(840, 300, 140, 60), box(300, 300, 140, 60)];
    expect(placeBeside(api, size, view, 'x', row)).toEqual({ left: 600, top: 368 });
    // Something on every side: the side where the least of it is under the menu (a corner above).
    const around = [...row, box(600, 420, 300, 200), box(580, 40, 30, 30)];
    const at = placeBeside(api, size, view, 'x', around)!;
    expect(at).toEqual({ left: 600, top: 300 - 8 - 250 });
  });
});
