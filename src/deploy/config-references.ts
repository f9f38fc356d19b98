/**
 * A config names rules (by id or name) and query parameters; a typo there silently changes nothing (a rule stays
 * enabled, an override or an allow-list is ignored, `rules.only` selects fewer rules). Every such name is checked
 * against the content, in `defaults` and in every environment, and reported at its line and column.
 */
import { didYouMean } from '../content/index.ts';
import type { ContentConfig, RawEnv } from './config.ts';
import { DeployError } from './errors.ts';
import type { DeployContent } from './model.ts';

/** `let <Name> = ...;` statements at the start of a line: the parameters `applyParameters` can set. */
export function declaredParameters(content: DeployContent): Set<string> {
  const out = new Set<string>();
  for (const q of [...content.rules.map((r) => r.query), ...content.functions.map((f) => f.query)]) {
    for (const m of q.matchAll(/(?:^|\n)\s*let\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*[^;]*;/g)) out.add(m[1]!);
  }
  return out;
}

export function checkConfigReferences(config: ContentConfig, content: DeployContent): DeployError[] {
  if (!config.raw) return [];
  const errors: DeployError[] = [];
  const ids = new Set(content.rules.map((r) => r.id.toLowerCase()));
  const names = new Set(content.rules.map((r) => r.name.toLowerCase()));
  const candidates = content.rules.flatMap((r) => [r.name, r.id]);
  const params = declaredParameters(content);
  const report = (path: (string | number)[], key: boolean, message: string) => {
    const at = config.positionOf?.(path, key);
    const dotted = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1);
    errors.push(new DeployError('CONFIG_INVALID', `${dotted}: ${message}`, { file: config.file, ...(at ?? {}) }));
  };
  const rule = (path: (string | number)[], key: boolean, value: string) => {
    const v = value.toLowerCase();
    if (ids.has(v) || names.has(v)) return;
    const near = didYouMean(value, candidates);
    report(path, key, `no rule has the id or name '${value}'${near ? ` (did you mean '${near}'?)` : ''}`);
  };
  const sections: [(string | number)[], RawEnv | undefined][] = [
    [['defaults'], config.raw.defaults],
    ...Object.entries(config.raw.environments).map(([n, e]) => [['environments', n], e] as [(string | number)[], RawEnv | undefined]),
  ];
  for (const [base, env] of sections) {
    if (!env) continue;
    for (const list of ['disabled', 'only'] as const) (env.rules?.[list] ?? []).forEach((v, i) => rule([...base, 'rules', list, i], false, v));
    for (const k of Object.keys(env.rules?.overrides ?? {})) rule([...base, 'rules', 'overrides', k], true, k);
    (env.monitor?.rules ?? []).forEach((v, i) => rule([...base, 'monitor', 'rules', i], false, v));
    for (const k of Object.keys(env.parameters ?? {})) {
      if (params.has(k)) continue;
      const near = didYouMean(k, [...params]);
      report([...base, 'parameters', k], true, `no rule or function query declares 'let ${k} = ...;'${near ? ` (did you mean '${near}'?)` : ''}`);
    }
  }
  return errors;
}
