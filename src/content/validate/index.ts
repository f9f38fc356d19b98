/**
 * Validation of loaded content: structure (JSON schema), the Azure-Sentinel CI's cross-field rules, unique ids,
 * workspace-function checks and, optionally, id/version checks against a git base.
 */
import { validateAgainstSchema } from './json-schema.ts';
import { checkRule, checkUniqueIds } from './rule-checks.ts';
import { checkAgainstBase } from './git-base.ts';
import { checkChangelog } from './changelog.ts';
import type { AnalyticRule, Problem, WorkspaceFunction } from '../types.ts';

export { checkAgainstBase, readAtRef, BaseRefError } from './git-base.ts';
export { placeholders, MAX_PLACEHOLDERS } from './rule-checks.ts';
export { ENTITY_TYPES } from './entities.ts';
export { TACTICS, tacticsOfTechnique } from './attack.ts';
export { didYouMean } from './did-you-mean.ts';

export interface ValidateOptions {
  /** Git ref to compare against (ids unchanged, version bumped when the query changed). */
  base?: string;
  /** Working directory for git (the content root). */
  cwd?: string;
}

export function validateRule(rule: AnalyticRule): Problem[] {
  return [...validateAgainstSchema('rule', rule.raw, rule.source), ...checkRule(rule)];
}

export function validateFunction(fn: WorkspaceFunction): Problem[] {
  return validateAgainstSchema('function', fn.raw, fn.source);
}

export function validateContent(content: { rules: AnalyticRule[]; functions: WorkspaceFunction[] }, options: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [];
  for (const rule of content.rules) problems.push(...validateRule(rule), ...checkChangelog(rule));
  problems.push(...checkUniqueIds(content.rules));
  for (const fn of content.functions) problems.push(...validateFunction(fn));
  const aliases = new Map<string, WorkspaceFunction>();
  for (const fn of content.functions) {
    if (!fn.alias) continue;
    const prior = aliases.get(fn.alias.toLowerCase());
    if (prior) {
      const at = fn.source.locate(fn.raw.FunctionAlias !== undefined ? 'FunctionAlias' : 'FunctionName').value;
      problems.push({ file: fn.source.file, line: at.line, column: at.column, code: 'function-duplicate-name', severity: 'error', message: `function ${fn.alias} is also defined in ${prior.source.file}` });
    } else aliases.set(fn.alias.toLowerCase(), fn);
  }
  if (options.base) problems.push(...checkAgainstBase(content.rules, options.cwd ?? process.cwd(), options.base));
  return problems;
}
