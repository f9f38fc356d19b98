/**
 * SARIF 2.1.0 for GitHub code scanning: one run, one result per finding, rule metadata for every code that
 * occurs; a finding that `--fix` fixes carries its `fixes`. URIs are relative to the repository root
 * (`%SRCROOT%`), as code scanning expects.
 */
import type { Problem } from '../../content/index.ts';
import { CODE_DESCRIPTIONS } from '../codes.ts';
import type { LintResult } from '../lint-content.ts';
import type { ProblemFix } from '../lint-query.ts';

const LEVEL: Record<Problem['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions { toolVersion?: string; informationUri?: string }

function ruleHelp(code: string): string {
  if (CODE_DESCRIPTIONS[code]) return CODE_DESCRIPTIONS[code];
  if (/^KS\d+$/.test(code)) return `Kusto (Kusto.Language) diagnostic ${code}.`;
  return code;
}

/** SARIF's fix object: one replacement in the finding's own file. */
function sarifFix(file: string, fix: ProblemFix) {
  return {
    description: { text: `Replace '${fix.original}' with '${fix.text}'` },
    artifactChanges: [{
      artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
      replacements: [{
        deletedRegion: { startLine: fix.line, startColumn: fix.column, endLine: fix.endLine, endColumn: fix.endColumn },
        insertedContent: { text: fix.text },
      }],
    }],
  };
}

export function formatSarif(result: LintResult, options: SarifOptions = {}): string {
  const codes = [...new Set(result.problems.map((p) => p.code))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const levelOf = new Map<string, Problem['severity']>();
  for (const p of result.problems) if (!levelOf.has(p.code)) levelOf.set(p.code, p.severity);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'content-lint',
          ...(options.toolVersion ? { version: options.toolVersion } : {}),
          ...(options.informationUri ? { informationUri: options.informationUri } : {}),
          rules: codes.map((code) => ({
            id: code,
            shortDescription: { text: ruleHelp(code) },
            defaultConfiguration: { level: LEVEL[levelOf.get(code)!] },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: result.problems.map((p) => ({
        ruleId: p.code,
        ruleIndex: index.get(p.code)!,
        level: LEVEL[p.severity],
        message: { text: p.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: encodeURI(p.file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: p.line, startColumn: p.column,
              ...(p.endLine !== undefined ? { endLine: p.endLine, endColumn: p.endColumn } : {}),
            },
          },
        }],
        ...(p.fix ? { fixes: [sarifFix(p.file, p.fix)] } : {}),
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
