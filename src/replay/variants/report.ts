/** Variant results for people and pipelines: the catalogue, and per rule which variants pass, break or are declined. */
import { VARIANTS } from './catalogue/index.ts';
import type { VariantResult, VariantStatus } from './model.ts';

export interface RuleVariantSummary {
  /** Per variant id: the worst status over the rule's cases (break > error > declined > pass), with the reason or message. */
  variants: Record<string, { status: VariantStatus; cases: number; reason?: string; coveredBy?: string; message?: string }>;
  passed: number;
  broken: number;
  declined: number;
}

const RANK: Record<VariantStatus, number> = { pass: 0, declined: 1, error: 2, break: 3 };

/** The worse of two verdicts over a rule's cases (break > error > declined > pass). */
export function worseStatus(a: VariantStatus, b: VariantStatus): VariantStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/** One rule's variant results over its cases. */
export function variantSummary(cases: { variants?: VariantResult[] }[]): RuleVariantSummary {
  const variants: RuleVariantSummary['variants'] = {};
  for (const c of cases) {
    for (const v of c.variants ?? []) {
      const cur = variants[v.variant];
      if (!cur) {
        variants[v.variant] = { status: v.status, cases: 1, reason: v.reason, coveredBy: v.coveredBy, message: v.message };
        continue;
      }
      cur.cases++;
      if (worseStatus(cur.status, v.status) !== cur.status) Object.assign(cur, { status: v.status, reason: v.reason, coveredBy: v.coveredBy, message: v.message });
    }
  }
  const all = Object.values(variants);
  return {
    variants,
    passed: all.filter((v) => v.status === 'pass').length,
    broken: all.filter((v) => v.status === 'break' || v.status === 'error').length,
    declined: all.filter((v) => v.status === 'declined').length,
  };
}

/** `content test --list-variants`. */
export function formatVariantCatalogue(): string {
  const out: string[] = ['Variants: each positive case must still alert and each negative case stay quiet under every variant that applies to its data.', ''];
  for (const kind of ['shape', 'attack'] as const) {
    out.push(kind === 'shape' ? 'Shape variants (the same events, written the way Azure also writes them; positive and negative cases):' : 'Attack variants (the same attack done another way; positive cases):');
    for (const v of VARIANTS.filter((x) => x.kind === kind)) {
      out.push(`  ${v.id}`, `      ${v.title}`, `      models: ${v.models}`, `      keeps: ${v.keeps}`, `      source: ${v.source}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
