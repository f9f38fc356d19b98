/**
 * Durations as written in rule files: `5m`, `1h`, `14d` (the upstream template format), .NET TimeSpan text
 * (`01:00:00`, `1.00:00:00`) and ISO 8601 (`PT5H`, `P1D`, as ARM uses).
 */
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  let m = /^(\d+)\s*([smhd])$/i.exec(t);
  if (m) return Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
  m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (m) {
    const [, d, h, min, s, frac] = m;
    if (Number(min) > 59 || (s && Number(s) > 59) || Number(h) > 23) return undefined;
    return Number(d ?? 0) * 86_400_000 + Number(h) * 3_600_000 + Number(min) * 60_000 + Number(s ?? 0) * 1000
      + (frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  }
  m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (m && t.length > 1 && !/T$/i.test(t)) {
    const [, d, h, min, s] = m;
    return Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(min ?? 0) * 60_000 + Math.round(Number(s ?? 0) * 1000);
  }
  return undefined;
}

/** `90m` → `1h30m`-style text for messages. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (rest >= size) { parts.push(`${Math.floor(rest / size)}${unit}`); rest %= size; }
  }
  return parts.length ? parts.join('') : `${ms}ms`;
}
