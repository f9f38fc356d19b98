/** Durations: upstream YAML short forms (`5m`, `1h`, `1d`) and ISO 8601 (`PT5M`, `P1D`). */

const SHORT = /^(\d+)\s*([smhd])$/i;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Seconds in a duration, or undefined if it is not one. */
export function durationSeconds(text: string): number | undefined {
  const t = text.trim();
  const s = SHORT.exec(t);
  if (s) return Number(s[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[s[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
  const i = ISO.exec(t);
  if (i && t.length > 1 && !/T$/i.test(t)) {
    return Number(i[1] ?? 0) * 86400 + Number(i[2] ?? 0) * 3600 + Number(i[3] ?? 0) * 60 + Number(i[4] ?? 0);
  }
  return undefined;
}

/** Canonical ISO 8601: whole days as `P<n>D`, else `PT<h>H<m>M<s>S` with zero parts left out. */
export function toIso(text: string): string {
  const seconds = durationSeconds(text);
  if (seconds === undefined) throw new Error(`not a duration: '${text}' (use 5m, 1h, 1d or ISO 8601 such as PT1H)`);
  return isoFromSeconds(seconds);
}

export function isoFromSeconds(seconds: number): string {
  if (seconds === 0) return 'PT0S';
  if (seconds % 86400 === 0) return `P${seconds / 86400}D`;
  const d = Math.floor(seconds / 86400);
  let rest = seconds - d * 86400;
  const h = Math.floor(rest / 3600); rest -= h * 3600;
  const m = Math.floor(rest / 60); rest -= m * 60;
  return `${d ? `P${d}D` : 'P'}T${h ? `${h}H` : ''}${m ? `${m}M` : ''}${rest ? `${rest}S` : ''}`;
}
