/**
 * One colour per series, the same in every chart and every dataset: a series named by a known value set (alert
 * severity, result, network origin, HTTP status) has its fixed colour, as the Sentinel workbooks colour severities;
 * any other series takes a colour from its name, so "KeyManagement" is the same blue whatever else is charted.
 * Colours are Azure Workbooks' named colours (chartSettings.seriesLabelSettings) with the hex the preview draws.
 */
export interface SeriesColor { workbook: string; hex: string }

const C = {
  red: { workbook: 'redBright', hex: '#d13438' },
  orange: { workbook: 'orange', hex: '#ff8c00' },
  yellow: { workbook: 'yellow', hex: '#c19c00' },
  green: { workbook: 'green', hex: '#107c10' },
  blue: { workbook: 'blue', hex: '#0078d4' },
  purple: { workbook: 'purple', hex: '#8764b8' },
  gray: { workbook: 'gray', hex: '#767676' },
  magenta: { workbook: 'magenta', hex: '#e3008c' },
  turquoise: { workbook: 'turquoise', hex: '#00b294' },
  blueDark: { workbook: 'blueDark', hex: '#004e8c' },
  greenDark: { workbook: 'greenDark', hex: '#498205' },
  pink: { workbook: 'pink', hex: '#c239b3' },
} as const satisfies Record<string, SeriesColor>;

/** Known value sets, by the series column that carries them. */
const KNOWN: Record<string, Record<string, SeriesColor>> = {
  severity: { High: C.red, Medium: C.orange, Low: C.yellow, Informational: C.gray },
  result: { Success: C.green, Failure: C.red },
  network: { 'Public internet': C.red, 'Private address': C.green, 'Private (virtual network)': C.blue, Unknown: C.gray },
  status: { '401': C.orange, '403': C.red, '404': C.gray, '429': C.purple, '500': C.magenta, '503': C.pink },
  // The ManagedHsmAudit parser's operation categories and identity types.
  category: {
    KeyManagement: C.blue, Cryptographic: C.turquoise, RoleManagement: C.purple, SecurityDomain: C.red,
    BackupRestore: C.greenDark, KeyBackupRestore: C.green, Authentication: C.gray, Settings: C.orange,
    ExternalKeyManagement: C.pink, Other: C.blueDark,
  },
  identity: { User: C.blue, ServicePrincipal: C.turquoise, ManagedIdentity: C.purple, Unknown: C.gray },
};

const SERIES_COLUMNS: Record<string, keyof typeof KNOWN> = {
  AlertSeverity: 'severity', Severity: 'severity', Result: 'result', Network: 'network', Status: 'status', HttpStatusCode: 'status',
  OperationCategory: 'category', IdentityType: 'identity',
};

/** Colours for series not in a known set, in the order a name's hash picks them. */
const PALETTE: readonly SeriesColor[] = [C.blue, C.magenta, C.turquoise, C.orange, C.purple, C.greenDark, C.blueDark, C.pink, C.yellow, C.gray];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The known colours of a series column's values (for a compiled chart's seriesLabelSettings), if it has any. */
export function knownSeriesColors(seriesColumn: string | undefined): [string, SeriesColor][] {
  const set = seriesColumn ? SERIES_COLUMNS[seriesColumn] : undefined;
  return set ? Object.entries(KNOWN[set]!) : [];
}

/**
 * Colours for the series of one chart: known values their fixed colour, others by hash of the name, moved to the
 * next free palette colour only when two series of the same chart would share one (the one whose name sorts first
 * keeps it, so the outcome does not depend on row order).
 */
export function seriesColors(seriesColumn: string | undefined, names: string[]): Map<string, SeriesColor> {
  const known = new Map(knownSeriesColors(seriesColumn));
  const out = new Map<string, SeriesColor>();
  const used = new Set<string>();
  for (const n of names) {
    const k = known.get(n);
    if (k) { out.set(n, k); used.add(k.hex); }
  }
  for (const n of [...names].sort()) {
    if (out.has(n)) continue;
    const start = hash(n) % PALETTE.length;
    let pick = PALETTE[start]!;
    for (let i = 0; i < PALETTE.length; i++) {
      const c = PALETTE[(start + i) % PALETTE.length]!;
      if (!used.has(c.hex)) { pick = c; break; }
    }
    out.set(n, pick);
    used.add(pick.hex);
  }
  return out;
}
