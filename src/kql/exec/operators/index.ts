/**
 * The less common operators, one file each, behind one entry point: `execute` (../execute.ts) runs the core
 * operators itself and hands every other plan node to `executeExtra`.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import type { ExprCompiler, PlanExecutor } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { executeJoin } from './join.ts';
import { executeMvExpand } from './mv-expand.ts';
import { executeMvApply } from './mv-apply.ts';
import { executeParse } from './parse.ts';
import { executeParseKv } from './parse-kv.ts';
import { executeMakeSeries } from './make-series.ts';
import { executePivot } from './pivot.ts';
import { executeBagUnpack } from './bag-unpack.ts';
import { executeGetSchema } from './getschema.ts';
import { executeSchemaMerge } from './schema-merge.ts';
import { executeExternalData } from './externaldata.ts';
import { executeScan } from './scan.ts';
import { executeIpLookup } from './ip-lookup.ts';
import { executeGeoLookup } from './geo-lookup.ts';
import { executeSequenceDetect } from './sequence-detect.ts';
import { executeSlidingWindowCounts } from './sliding-window-counts.ts';
import { executePartition } from './partition.ts';
import { executeRollingPercentile } from './rolling-percentile.ts';
import { executeTopNested } from './top-nested.ts';
import { executeActiveUsersCount } from './active-users-count.ts';
import { executeActivityCountsMetrics } from './activity-counts-metrics.ts';
import { executeRowsNear } from './rows-near.ts';
import { executeActivityMetrics } from './activity-metrics.ts';
import { executeActivityEngagement } from './activity-engagement.ts';
import { executeNewActivityMetrics } from './new-activity-metrics.ts';
import { executeNarrow } from './narrow.ts';
import { executeDcountIntersect } from './dcount-intersect.ts';

export { expandRuntimeColumns } from './runtime-columns.ts';

export function executeExtra(plan: Plan, rc: RunContext, exec: PlanExecutor, compile: ExprCompiler): Table {
  switch (plan.op) {
    case 'join':
      return executeJoin(plan, rc, exec, compile);
    case 'mvexpand':
      return executeMvExpand(plan, exec(plan.input, rc), rc);
    case 'mvapply':
      return executeMvApply(plan, rc, exec);
    case 'parse':
      return executeParse(plan, exec(plan.input, rc), compile);
    case 'makeseries':
      return executeMakeSeries(plan, exec(plan.input, rc), rc, compile);
    case 'pivot':
      return executePivot(plan, exec(plan.input, rc), rc, compile);
    case 'parsekv':
      return executeParseKv(plan, exec(plan.input, rc), compile);
    case 'bagunpack':
      return executeBagUnpack(plan, exec(plan.input, rc));
    case 'getschema':
      return executeGetSchema(plan, exec(plan.input, rc));
    case 'schemamerge':
      return executeSchemaMerge(plan, exec(plan.input, rc));
    case 'externaldata':
      return executeExternalData(plan, rc);
    case 'scan':
      return executeScan(plan, exec(plan.input, rc), rc, compile);
    case 'partition':
      return executePartition(plan, rc, exec, compile);
    case 'topnested':
      return executeTopNested(plan, rc, exec, compile);
    case 'slidingcounts':
      return executeSlidingWindowCounts(plan, exec(plan.input, rc), compile);
    case 'rollingpercentile':
      return executeRollingPercentile(plan, exec(plan.input, rc), compile);
    case 'activeusers':
      return executeActiveUsersCount(plan, exec(plan.input, rc), compile);
    case 'activitycounts':
      return executeActivityCountsMetrics(plan, exec(plan.input, rc), compile);
    case 'activityengagement':
      return executeActivityEngagement(plan, exec(plan.input, rc), compile);
    case 'activitymetrics':
      return executeActivityMetrics(plan, exec(plan.input, rc), compile);
    case 'newactivitymetrics':
      return executeNewActivityMetrics(plan, exec(plan.input, rc), compile);
    case 'rowsnear':
      return executeRowsNear(plan, exec(plan.input, rc), compile);
    case 'narrow':
      return executeNarrow(plan, exec(plan.input, rc));
    case 'dcountintersect':
      return executeDcountIntersect(plan, exec(plan.input, rc), compile);
    case 'seqdetect':
      return executeSequenceDetect(plan, exec(plan.input, rc), compile);
    case 'iplookup':
      return executeIpLookup(plan, exec(plan.input, rc), exec(plan.lookup, rc));
    case 'geolookup':
      return executeGeoLookup(plan, exec(plan.input, rc), exec(plan.lookup, rc), compile);
    default:
      throw new KqlError('KQL_UNSUPPORTED', `operator ${plan.op} is not supported by the local engine`);
  }
}
