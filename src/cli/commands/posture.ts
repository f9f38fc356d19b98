/**
 * `content posture --subscription ID... | --management-group ID...`: every Managed HSM against the state checks of
 * the baseline map, as text, JSON, SARIF or Markdown. Exit 1 when a check fails (or, with --require, one of the named
 * checks or practices), 0 otherwise; unknown verdicts fail only with --fail-on-unknown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  DEFAULT_THRESHOLDS, PostureError, formatPostureMarkdown, outOfBaselineAlertTemplate, formatPostureText, postureFailed, runPosture, toPostureSarif, unknownRequirements,
} from '../../posture/index.ts';
import { stateChecks } from '../../coverage/practices.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { connection } from './deploy.ts';

interface PostureCliOptions {
  subscription?: string[];
  managementGroup?: string[];
  format: string;
  output?: string;
  require?: string[];
  failOnUnknown?: boolean;
  verbose?: boolean;
  concurrency: string;
  armEndpoint?: string;
  logsEndpoint?: string;
  graphEndpoint?: string;
  softDeleteDays: string;
  retentionDays: string;
  backupMaxAge: string;
  auditSilence: string;
  alertTemplate?: string;
}

const FORMATS = ['text', 'json', 'sarif', 'markdown'];
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of at least 1 (got ${value})`);
  return n;
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('posture')
    .description('check every Managed HSM in the given subscriptions or management groups against the baseline state checks')
    .option('--subscription <id>', 'subscription to inventory (repeat, or comma-separate)', collect)
    .option('--management-group <id>', 'management group to inventory (repeat, or comma-separate)', collect)
    .option('--format <format>', FORMATS.join(', ').replace(/, ([^,]*)$/, ' or $1'), 'text')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--require <ids>', 'fail only on these checks or practices (repeat, or comma-separate)', collect)
    .option('--fail-on-unknown', 'also fail when a required check could not be evaluated')
    .option('--verbose', 'also list the checks that passed (text format)')
    .option('--concurrency <n>', 'HSMs read at once', '4')
    .option('--soft-delete-days <n>', 'minimum soft-delete retention', String(DEFAULT_THRESHOLDS.softDeleteRetentionDays))
    .option('--retention-days <n>', 'minimum audit log retention', String(DEFAULT_THRESHOLDS.logRetentionDays))
    .option('--backup-max-age <days>', 'oldest acceptable last full backup', String(DEFAULT_THRESHOLDS.backupMaxAgeDays))
    .option('--audit-silence <hours>', 'longest acceptable time without audit events', String(DEFAULT_THRESHOLDS.auditSilenceHours))
    .option('--alert-template <file>', 'write the "HSM out of baseline" Azure Monitor log search alert (ARM template) and exit')
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint, for sovereign clouds')
    .option('--logs-endpoint <url>', 'Log Analytics query endpoint, for sovereign clouds')
    .option('--graph-endpoint <url>', 'Microsoft Graph endpoint, for sovereign clouds')
    .action(async (opts: PostureCliOptions) => {
      if (!FORMATS.includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${opts.format})`);
      const thresholds = {
        softDeleteRetentionDays: positive('--soft-delete-days', opts.softDeleteDays),
        logRetentionDays: positive('--retention-days', opts.retentionDays),
        backupMaxAgeDays: positive('--backup-max-age', opts.backupMaxAge),
        auditSilenceHours: positive('--audit-silence', opts.auditSilence),
      };
      if (opts.alertTemplate) {
        const file = resolve(io.cwd, opts.alertTemplate);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${JSON.stringify(outOfBaselineAlertTemplate(thresholds), null, 2)}\n`);
        io.stdout(`wrote ${opts.alertTemplate}: the "Managed HSM out of baseline" log search alert; grant its identity (output principalId) Reader on the subscriptions and Log Analytics Reader on the workspace\n`);
        setExit(EXIT_OK);
        return;
      }
      if (!opts.subscription?.length && !opts.managementGroup?.length) {
        throw new UsageError('give --subscription <id> (one or more) or --management-group <id>');
      }
      const checks = stateChecks();
      const unknownIds = unknownRequirements({ checks }, opts.require ?? []);
      if (unknownIds.length) throw new UsageError(`--require: unknown check or practice ${unknownIds.map((u) => `"${u}"`).join(', ')} (checks: ${checks.map((c) => c.id).join(', ')})`);
      let report;
      try {
        report = await runPosture({
          credential: await connection.credential(),
          subscriptions: opts.subscription,
          managementGroups: opts.managementGroup,
          armEndpoint: opts.armEndpoint ?? connection.endpoints?.arm,
          logsEndpoint: opts.logsEndpoint ?? connection.endpoints?.logs,
          graphEndpoint: opts.graphEndpoint ?? connection.endpoints?.graph,
          tlsOptions: connection.tlsOptions,
          retry: connection.retry,
          timeoutMs: connection.timeoutMs,
          thresholds,
          concurrency: positive('--concurrency', opts.concurrency),
          signal: io.signal,
          onThrottle: (ms, why) => io.stderr(`posture: Resource Graph ${why}; waiting ${Math.round(ms / 100) / 10} s\n`),
        });
      } catch (e) {
        if (e instanceof PostureError) {
          io.stderr(`content posture: ${e.message} (${e.code})\n`);
          if (e.code === 'POSTURE_SCOPE') throw new UsageError(e.message);
          setExit(EXIT_USAGE);
          return;
        }
        const err = e as Error & { code?: string };
        if (err.code === 'AUTH_FAILED') {
          io.stderr(`content posture: ${err.message}\n`);
          setExit(EXIT_USAGE);
          return;
        }
        throw e;
      }
      let text: string;
      if (opts.format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
      else if (opts.format === 'sarif') text = `${JSON.stringify(toPostureSarif(report), null, 2)}\n`;
      else if (opts.format === 'markdown') text = formatPostureMarkdown(report);
      else text = formatPostureText(report, { verbose: opts.verbose });
      if (opts.output) {
        const file = resolve(io.cwd, opts.output);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        if (opts.format !== 'text') io.stdout(formatPostureText(report, { verbose: false }).split('\n').slice(-2).join('\n'));
      } else {
        io.stdout(text);
      }
      setExit(postureFailed(report, { require: opts.require, failOnUnknown: opts.failOnUnknown }) ? EXIT_FINDINGS : EXIT_OK);
    });
}
