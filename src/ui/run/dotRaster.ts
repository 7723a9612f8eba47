/**
 * Software dot rendering for the traffic overlay: dots are written straight into an RGBA
 * pixel buffer that the overlay hands to the canvas with one putImageData per frame.
 *
 * Why not drawImage per dot: without GPU rasterization (headless Chromium, machines with
 * a blocklisted GPU) every drawImage is recorded and then rasterized one by one when the
 * canvas is committed, about 3 µs each on the main thread; 2,000 dots cost ~7 ms a frame.
 * Writing the pixels here costs a fraction of that and the same everywhere. Pure (no DOM):
 * unit-tested in node.
 */

/** An antialiased disc: per-pixel coverage (0..255) in a size × size square. */
export interface DotMask {
  size: number;
  alpha: Uint8Array;
}

const maskCache = new Map<number, DotMask>();

/** The disc the sprites used to draw: centre size/2, radius size/2 - 0.25, 4×4 supersampled. */
export function discMask(size: number): DotMask {
  let m = maskCache.get(size);
  if (m) return m;
  const alpha = new Uint8Array(size * size);
  const c = size / 2;
  const r2 = (size / 2 - 0.25) ** 2;
  const S = 4;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let hit = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const dx = x + (sx + 0.5) / S - c;
          const dy = y + (sy + 0.5) / S - c;
          if (dx * dx + dy * dy <= r2) hit++;
        }
      alpha[y * size + x] = Math.round((hit / (S * S)) * 255);
    }
  m = { size, alpha };
  if (maskCache.size > 64) maskCache.clear();
  maskCache.set(size, m);
  return m;
}

/** '#rrggbb' -> [r, g, b]. */
export function hexRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Little-endian RGBA packed as the Uint32 view of ImageData sees it. */
const pack = (r: number, g: number, b: number, a: number) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;

/**
 * A width × height RGBA buffer (ImageData layout) that remembers where it drew, so the
 * next frame clears only those squares instead of the whole buffer.
 */
export class DotRaster {
  readonly data: Uint8ClampedArray;
  private readonly px: Uint32Array;
  /** Where this frame's dots are (erased at the start of the next frame). */
  private readonly curX: Int32Array;
  private readonly curY: Int32Array;
  private readonly curSize: Uint8Array;
  private curN = 0;
  /** Dirty rectangle of this frame (cleared + drawn), as min/max pixel bounds. */
  private x0 = 0;
  private y0 = 0;
  private x1 = -1;
  private y1 = -1;

  constructor(
    readonly width: number,
    readonly height: number,
    capacity: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
    this.px = new Uint32Array(this.data.buffer);
    this.curX = new Int32Array(capacity);
    this.curY = new Int32Array(capacity);
    this.curSize = new Uint8Array(capacity);
  }

  private grow(x: number, y: number, size: number) {
    const w = this.width;
    const h = this.height;
    const ax = x < 0 ? 0 : x;
    const ay = y < 0 ? 0 : y;
    const bx = x + size - 1 >= w ? w - 1 : x + size - 1;
    const by = y + size - 1 >= h ? h - 1 : y + size - 1;
    if (bx < ax || by < ay) return;
    if (this.x1 < this.x0) {
      this.x0 = ax;
      this.y0 = ay;
      this.x1 = bx;
      this.y1 = by;
      return;
    }
    if (ax < this.x0) this.x0 = ax;
    if (ay < this.y0) this.y0 = ay;
    if (bx > this.x1) this.x1 = bx;
    if (by > this.y1) this.y1 = by;
  }

  /** Starts a frame: erases the previous frame's dots. */
  begin(): void {
    this.x0 = 0;
    this.y0 = 0;
    this.x1 = -1;
    this.y1 = -1;
    const w = this.width;
    const h = this.height;
    const px = this.px;
    for (let k = 0; k < this.curN; k++) {
      const x = this.curX[k];
      const y = this.curY[k];
      const s = this.curSize[k];
      this.grow(x, y, s);
      const ax = x < 0 ? 0 : x;
      const bx = x + s > w ? w : x + s;
      if (bx <= ax) continue;
      for (let yy = y < 0 ? 0 : y, ye = y + s > h ? h : y + s; yy < ye; yy++)
        px.fill(0, yy * w + ax, yy * w + bx);
    }
    this.curN = 0;
  }

  /**
   * Draws a dot with its top-left corner at pixel (x, y), colour rgb, blended over what is
   * there. Past the capacity given to the constructor nothing is drawn (it could not be erased).
   */
  dot(x: number, y: number, mask: DotMask, r: number, g: number, b: number): void {
    const s = mask.size;
    const w = this.width;
    const h = this.height;
    if (x >= w || y >= h || x + s <= 0 || y + s <= 0) return;
    if (this.curN >= this.curX.length) return;
    const k = this.curN++;
    this.curX[k] = x;
    this.curY[k] = y;
    this.curSize[k] = s;
    this.grow(x, y, s);
    const a = mask.alpha;
    const px = this.px;
    const d = this.data;
    const opaque = pack(r, g, b, 255);
    const my0 = y < 0 ? -y : 0;
    const my1 = y + s > h ? h - y : s;
    const mx0 = x < 0 ? -x : 0;
    const mx1 = x + s > w ? w - x : s;
    for (let my = my0; my < my1; my++) {
      const row = (y + my) * w + x;
      const mrow = my * s;
      for (let mx = mx0; mx < mx1; mx++) {
        const cov = a[mrow + mx];
        if (cov === 0) continue;
        const p = row + mx;
        if (cov === 255) {
          px[p] = opaque;
          continue;
        }
        const i = p << 2;
        const da = d[i + 3];
        if (da === 0) {
          px[p] = pack(r, g, b, cov);
          continue;
        }
        // Source over (straight alpha).
        const sa = cov / 255;
        const db = (da / 255) * (1 - sa);
        const oa = sa + db;
        d[i] = (r * sa + d[i] * db) / oa;
        d[i + 1] = (g * sa + d[i + 1] * db) / oa;
        d[i + 2] = (b * sa + d[i + 2] * db) / oa;
        d[i + 3] = oa * 255;
      }
    }
  }

  /** The rectangle that changed this frame (erased or drawn), or null. */
  dirty(): { x: number; y: number; w: number; h: number } | null {
    if (this.x1 < this.x0 || this.y1 < this.y0) return null;
    return { x: this.x0, y: this.y0, w: this.x1 - this.x0 + 1, h: this.y1 - this.y0 + 1 };
  }

  /** Dots drawn this frame. */
  get count(): number {
    return this.curN;
  }
}
