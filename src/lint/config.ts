/**
 * Lint configuration: `.contentlintrc.yaml` in the content root (or a file given with --lint-config).
 *
 *   rules:                      # any finding code: off | info | warn | error
 *     kql-prefer-has: error
 *     KS508: off
 *     rule-version-missing: off
 *   schemas: [extra-schemas]    # more table-schema directories, relative to the config file
 *
 * A bad config file is reported as problems at its line and column; it never stops the lint.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { didYouMean, displayPath, readYamlSource, type Problem } from '../content/index.ts';
import { KNOWN_CODES } from './codes.ts';
import type { RuleSetting } from './checks/index.ts';

export const CONFIG_FILE = '.contentlintrc.yaml';

export interface LintConfig {
  settings: Map<string, RuleSetting>;
  schemaDirs: string[];
  file?: string;
}

const SETTINGS: Record<string, RuleSetting> = {
  off: 'off', 0: 'off', info: 'info', warn: 'warn', warning: 'warn', 1: 'warn', error: 'error', 2: 'error',
};

export function loadLintConfig(root: string, explicit?: string): { config: LintConfig; problems: Problem[] } {
  const config: LintConfig = { settings: new Map(), schemaDirs: [] };
  const problems: Problem[] = [];
  const path = explicit ? resolve(root, explicit) : resolve(root, CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit) problems.push({ file: explicit, line: 1, column: 1, code: 'config-invalid', severity: 'error', message: `lint config not found: ${explicit}` });
    return { config, problems };
  }
  const file = displayPath(root, path);
  config.file = file;
  const src = readYamlSource(readFileSync(path), file, path);
  problems.push(...src.problems.filter((p) => p.code !== 'file-empty'));
  const data = src.data;
  if (data === undefined || data === null) return { config, problems };
  const at = (p: string) => src.source.locate(p);
  const emit = (p: string, message: string, severity: Problem['severity'] = 'error', onKey = false) => {
    const loc = at(p);
    const pos = onKey ? (loc.key ?? loc.value) : loc.value;
    problems.push({ file, line: pos.line, column: pos.column, code: 'config-invalid', severity, message });
  };
  if (typeof data !== 'object' || Array.isArray(data)) {
    emit('', 'the lint config must be a mapping with "rules" and/or "schemas"');
    return { config, problems };
  }
  for (const key of Object.keys(data)) {
    if (key !== 'rules' && key !== 'schemas') {
      const hint = didYouMean(key, ['rules', 'schemas']);
      emit(key, `unknown field "${key}"${hint ? `; did you mean "${hint}"?` : ''}`, 'warning', true);
    }
  }
  const rules = (data as Record<string, unknown>).rules;
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) emit('rules', '"rules" must map finding codes to off, info, warn or error');
    else {
      for (const [code, value] of Object.entries(rules)) {
        const setting = SETTINGS[String(value).toLowerCase()];
        if (!setting) {
          emit(`rules.${code}`, `"${String(value)}" is not a setting; use off, info, warn or error`);
          continue;
        }
        if (!KNOWN_CODES.has(code) && !/^KS\d{3}$/.test(code)) {
          const hint = didYouMean(code, [...KNOWN_CODES]);
          emit(`rules.${code}`, `unknown finding code "${code}"${hint ? `; did you mean "${hint}"?` : ''}`, 'warning', true);
        }
        config.settings.set(code, setting);
      }
    }
  }
  const schemas = (data as Record<string, unknown>).schemas;
  if (schemas !== undefined && schemas !== null) {
    if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== 'string')) emit('schemas', '"schemas" must be a list of directories');
    else config.schemaDirs = schemas.map((s) => resolve(dirname(path), s as string));
  }
  return { config, problems };
}
