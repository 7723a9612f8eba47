/** The traffic overlay's software dot rendering: disc masks, blending, erasing, dirty rectangles. */
import { describe, expect, it } from 'vitest';
import { discMask, DotRaster, hexRgb } from '../../src/ui/run/dotRaster';

const pixel = (r: DotRaster, x: number, y: number) => {
  const i = (y * r.width + x) * 4;
  return [...r.data.subarray(i, i + 4)];
};

describe('dot raster', () => {
  it('makes round, antialiased discs', () => {
    const m = discMask(8);
    expect(m.alpha.length).toBe(64);
    expect(m.alpha[3 * 8 + 3]).toBe(255); // centre: full coverage
    expect(m.alpha[0]).toBe(0); // corner: outside the disc
    const edge = m.alpha[3]; // top edge, middle: partly covered
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(255);
    // Symmetric.
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) expect(m.alpha[y * 8 + x]).toBe(m.alpha[y * 8 + (7 - x)]);
    expect(discMask(8)).toBe(m); // cached
  });

  it('parses colours', () => {
    expect(hexRgb('#3b5bdb')).toEqual([0x3b, 0x5b, 0xdb]);
  });

  it('draws dots, blends overlaps, and erases them on the next frame', () => {
    const r = new DotRaster(20, 10, 10);
    const m = discMask(6);
    r.begin();
    expect(r.dirty()).toBeNull();
    r.dot(2, 2, m, 255, 0, 0);
    expect(pixel(r, 5, 5)).toEqual([255, 0, 0, 255]);
    expect(pixel(r, 2, 2)[3]).toBe(0); // the mask's corner is empty
    expect(r.dirty()).toEqual({ x: 2, y: 2, w: 6, h: 6 });
    // An overlapping blue dot: its opaque middle replaces, its soft edge blends.
    r.dot(6, 2, m, 0, 0, 255);
    expect(pixel(r, 8, 5)).toEqual([0, 0, 255, 255]);
    const [red, , blue, a] = pixel(r, 6, 3);
    expect(a).toBeGreaterThan(200);
    expect(red).toBeGreaterThan(0);
    expect(blue).toBeGreaterThan(0);
    expect(r.dirty()).toEqual({ x: 2, y: 2, w: 10, h: 6 });
    expect(r.count).toBe(2);

    // Next frame: one dot elsewhere; the old ones are gone and the dirty rectangle covers both.
    r.begin();
    r.dot(14, 0, m, 0, 255, 0);
    expect(pixel(r, 5, 5)).toEqual([0, 0, 0, 0]);
    expect(pixel(r, 8, 5)).toEqual([0, 0, 0, 0]);
    expect(pixel(r, 17, 3)).toEqual([0, 255, 0, 255]);
    expect(r.dirty()).toEqual({ x: 2, y: 0, w: 18, h: 8 });
    // Nothing drawn afterwards: only the erased area is dirty, and the buffer is empty.
    r.begin();
    expect(r.dirty()).toEqual({ x: 14, y: 0, w: 6, h: 6 });
    expect(r.data.every((v) => v === 0)).toBe(true);
  });

  it('clips dots at the edges and ignores ones off the canvas', () => {
    const r = new DotRaster(10, 10, 10);
    const m = discMask(6);
    r.begin();
    r.dot(-3, -3, m, 9, 9, 9);
    r.dot(7, 7, m, 9, 9, 9);
    r.dot(50, 50, m, 9, 9, 9);
    r.dot(-20, 2, m, 9, 9, 9);
    expect(r.count).toBe(2);
    expect(pixel(r, 0, 0)).toEqual([9, 9, 9, 255]);
    expect(pixel(r, 9, 9)).toEqual([9, 9, 9, 255]);
    expect(r.dirty()).toEqual({ x: 0, y: 0, w: 10, h: 10 });
    r.begin();
    expect(r.data.every((v) => v === 0)).toBe(true);
  });

  it('draws no more dots than it can erase', () => {
    const r = new DotRaster(40, 4, 2);
    const m = discMask(3);
    r.begin();
    for (let i = 0; i < 5; i++) r.dot(i * 8, 0, m, 1, 2, 3);
    expect(r.count).toBe(2);
    expect(pixel(r, 17, 1)[3]).toBe(0);
    r.begin();
    expect(r.data.every((v) => v === 0)).toBe(true);
  });
});
