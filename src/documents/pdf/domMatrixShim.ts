// pdf.js's display layer builds a DOMMatrix when its module loads (for canvas drawing).
// Node has none, and the sandbox guest has no canvas package to borrow one from, so this
// 2-D affine stand-in is installed first. Text extraction never draws; the methods are
// here so that a stray use computes the right thing instead of throwing.

class AffineMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
  constructor(init?: ArrayLike<number>) {
    if (init && init.length >= 6) {
      const m = init.length === 16 ? [init[0], init[1], init[4], init[5], init[12], init[13]] : Array.from(init).slice(0, 6);
      [this.a, this.b, this.c, this.d, this.e, this.f] = m;
    }
  }
  get is2D(): boolean {
    return true;
  }
  get isIdentity(): boolean {
    return this.a === 1 && this.b === 0 && this.c === 0 && this.d === 1 && this.e === 0 && this.f === 0;
  }
  private set(m: number[]): this {
    [this.a, this.b, this.c, this.d, this.e, this.f] = m;
    return this;
  }
  private static product(x: AffineMatrix, y: AffineMatrix): number[] {
    return [x.a * y.a + x.c * y.b, x.b * y.a + x.d * y.b, x.a * y.c + x.c * y.d, x.b * y.c + x.d * y.d, x.a * y.e + x.c * y.f + x.e, x.b * y.e + x.d * y.f + x.f];
  }
  multiplySelf(o: AffineMatrix): this {
    return this.set(AffineMatrix.product(this, o));
  }
  preMultiplySelf(o: AffineMatrix): this {
    return this.set(AffineMatrix.product(o, this));
  }
  multiply(o: AffineMatrix): AffineMatrix {
    return new AffineMatrix(AffineMatrix.product(this, o));
  }
  translate(x = 0, y = 0): AffineMatrix {
    return this.multiply(new AffineMatrix([1, 0, 0, 1, x, y]));
  }
  scale(sx = 1, sy = sx): AffineMatrix {
    return this.multiply(new AffineMatrix([sx, 0, 0, sy, 0, 0]));
  }
  invertSelf(): this {
    const det = this.a * this.d - this.b * this.c;
    if (!det) return this.set([NaN, NaN, NaN, NaN, NaN, NaN]);
    return this.set([this.d / det, -this.b / det, -this.c / det, this.a / det, (this.c * this.f - this.d * this.e) / det, (this.b * this.e - this.a * this.f) / det]);
  }
  inverse(): AffineMatrix {
    return new AffineMatrix([this.a, this.b, this.c, this.d, this.e, this.f]).invertSelf();
  }
  transformPoint(p: { x?: number; y?: number } = {}): { x: number; y: number; z: number; w: number } {
    const x = p.x ?? 0;
    const y = p.y ?? 0;
    return { x: this.a * x + this.c * y + this.e, y: this.b * x + this.d * y + this.f, z: 0, w: 1 };
  }
}

/** Installs the stand-in when the host has no DOMMatrix of its own. */
export function installDomMatrix(): void {
  const g = globalThis as { DOMMatrix?: unknown };
  g.DOMMatrix ??= AffineMatrix;
}
