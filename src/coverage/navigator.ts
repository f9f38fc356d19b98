/**
 * ATT&CK Navigator layer (layer format 4.5) of the pack's techniques: one entry per technique with the number of
 * rules as its score and the rule names as its comment, so the layer opens in the Navigator as a coverage heat map.
 */
import type { CoveredRule } from './model.ts';

export interface NavigatorTechnique {
  techniqueID: string;
  score: number;
  color: string;
  comment: string;
  enabled: boolean;
  metadata: { name: string; value: string }[];
  showSubtechniques: boolean;
}

export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  filters: { platforms: string[] };
  sorting: number;
  layout: { layout: string; aggregateFunction: string; showID: boolean; showName: boolean; showAggregateScores: boolean; countUnscored: boolean };
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: { name: string; value: string }[];
  links: { label: string; url: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
}

const COLORS = ['#d6eaf8', '#5dade2', '#1b4f72'];

export function toNavigatorLayer(rules: CoveredRule[], options: { name?: string; description?: string } = {}): NavigatorLayer {
  const byTechnique = new Map<string, CoveredRule[]>();
  for (const r of rules) for (const t of r.techniques) byTechnique.set(t, [...(byTechnique.get(t) ?? []), r]);
  const techniques = [...byTechnique.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, rs]): NavigatorTechnique => ({
    techniqueID: id,
    score: rs.length,
    color: '',
    comment: rs.map((r) => r.name).join('; '),
    enabled: true,
    metadata: rs.map((r) => ({ name: r.severity, value: r.name })),
    showSubtechniques: false,
  }));
  const max = Math.max(1, ...techniques.map((t) => t.score));
  return {
    name: options.name ?? 'Managed HSM detections',
    versions: { attack: '16', navigator: '5.1.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: options.description ?? `Techniques covered by ${rules.length} Microsoft Sentinel analytic rules for Azure Key Vault Managed HSM; score = number of rules.`,
    filters: { platforms: ['IaaS', 'SaaS', 'Azure AD', 'Identity Provider'] },
    sorting: 3,
    layout: { layout: 'side', aggregateFunction: 'max', showID: true, showName: true, showAggregateScores: false, countUnscored: false },
    hideDisabled: false,
    techniques,
    gradient: { colors: COLORS, minValue: 0, maxValue: max },
    legendItems: [{ label: 'covered by one rule', color: COLORS[0]! }, { label: `covered by ${max} rules`, color: COLORS[2]! }],
    metadata: [{ name: 'rules', value: String(rules.length) }],
    links: [],
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
  };
}
