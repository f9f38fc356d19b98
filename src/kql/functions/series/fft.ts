/**
 * series_fft(real[, imaginary]) and series_ifft(real[, imaginary]): the discrete Fourier transform of a complex
 * series and its inverse (the inverse divides by the length, so ifft(fft(x)) is x). Two output columns, the real
 * and the imaginary parts. Nulls count as 0; an input that is not an array gives nulls.
 */
import { defineScalar } from '../registry.ts';
import { toSeries } from './series.ts';

export function dft(re: number[], im: number[], inverse: boolean): [number[], number[]] {
  const n = re.length;
  const outRe = new Array<number>(n).fill(0);
  const outIm = new Array<number>(n).fill(0);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(a);
      const s = Math.sin(a);
      sr += re[t]! * c - im[t]! * s;
      si += re[t]! * s + im[t]! * c;
    }
    outRe[k] = inverse ? sr / n : sr;
    outIm[k] = inverse ? si / n : si;
  }
  return [outRe, outIm];
}

function transform(inverse: boolean) {
  return () => (r: unknown, i?: unknown) => {
    const re = toSeries(r);
    if (!re) return [null, null];
    const imIn = i === undefined || i === null ? null : toSeries(i);
    if (i !== undefined && i !== null && (!imIn || imIn.length !== re.length)) return [null, null];
    return dft(re.map((x) => x ?? 0), imIn ? imIn.map((x) => x ?? 0) : re.map(() => 0), inverse);
  };
}

defineScalar((F) => F.SeriesFft, transform(false));
defineScalar((F) => F.SeriesIfft, transform(true));
