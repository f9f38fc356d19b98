/**
 * Live rule queries: each rule's query against a real workspace over its queryPeriod (NRT rules: the last hour),
 * with the result count and whether the rule's trigger would fire. For `content test --live`.
 */
import { LogsQueryResultStatus } from '@azure/monitor-query-logs';
import type { TokenCredential } from '@azure/core-auth';
import { applyParameters } from '../config.ts';
import { toIso } from '../durations.ts';
import { createLogsClient, queryErrorMessage } from './logs.ts';

/** The fields of a rule a live run needs (content AnalyticRule and DeployRule both fit). */
export interface LiveRule {
  id: string;
  name: string;
  kind: 'Scheduled' | 'NRT';
  query: string;
  queryPeriod?: string;
  triggerOperator?: string;
  triggerThreshold?: number;
}

export interface LiveRuleQueryOptions {
  /** Workspace GUID (customerId), not the ARM resource id. */
  workspaceId: string;
  credential: TokenCredential;
  rules: LiveRule[];
  /** Log Analytics endpoint without /v1 (default https://api.loganalytics.io). */
  endpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  /** Values for `let <name> = ...;` declarations, as in the environment config. */
  parameters?: Record<string, unknown>;
  /** Server-side timeout per query (default 120 s). */
  serverTimeoutInSeconds?: number;
  maxRetries?: number;
  signal?: AbortSignal;
}

export interface LiveRuleResult {
  id: string;
  name: string;
  /** ISO 8601 duration the query ran over, ending now. */
  timespan: string;
  /** Rows returned (undefined when the query failed). */
  count?: number;
  /** Whether the rule's trigger (operator/threshold on the row count) holds; NRT: any row. */
  wouldAlert?: boolean;
  error?: string;
  durationMs: number;
}

const NRT_WINDOW = 'PT1H';

export function wouldTrigger(rule: LiveRule, count: number): boolean {
  if (rule.kind === 'NRT') return count > 0;
  const t = rule.triggerThreshold ?? 0;
  switch ((rule.triggerOperator ?? 'gt').toLowerCase()) {
    case 'gt': case 'greaterthan': return count > t;
    case 'lt': case 'lessthan': return count < t;
    case 'eq': case 'equal': return count === t;
    case 'ne': case 'notequal': return count !== t;
    default: return count > t;
  }
}

export async function runLiveRuleQueries(o: LiveRuleQueryOptions): Promise<LiveRuleResult[]> {
  const client = createLogsClient({ credential: o.credential, endpoint: o.endpoint, tlsOptions: o.tlsOptions, maxRetries: o.maxRetries });
  const out: LiveRuleResult[] = [];
  for (const rule of o.rules) {
    const started = Date.now();
    let timespan = NRT_WINDOW;
    try {
      if (rule.kind !== 'NRT') timespan = toIso(rule.queryPeriod ?? 'PT1H');
      const query = applyParameters(rule.query, o.parameters ?? {});
      const res = await client.queryWorkspace(o.workspaceId, query, { duration: timespan }, { serverTimeoutInSeconds: o.serverTimeoutInSeconds ?? 120, abortSignal: o.signal });
      if (res.status !== LogsQueryResultStatus.Success) {
        out.push({ id: rule.id, name: rule.name, timespan, error: `partial failure: ${res.partialError.message}`, durationMs: Date.now() - started });
        continue;
      }
      const count = res.tables[0]?.rows.length ?? 0;
      out.push({ id: rule.id, name: rule.name, timespan, count, wouldAlert: wouldTrigger(rule, count), durationMs: Date.now() - started });
    } catch (e) {
      if (o.signal?.aborted) throw e;
      out.push({ id: rule.id, name: rule.name, timespan, error: queryErrorMessage(e), durationMs: Date.now() - started });
    }
  }
  return out;
}
