// Builds the V8 start-up snapshot used by fast start (see fast-start.js): Kusto.Language loaded and warmed up, so a
// `content` process starts with the parser ready instead of spending about 1.3 s loading it.
//
// Runs under `node --snapshot-blob FILE --build-snapshot kusto-snapshot.cjs`, where only built-in modules can be
// required: the parser's two files are read and evaluated as CommonJS would (a function with module/exports).
// The parser's directory comes in CONTENT_KUSTO_DIR. At start the snapshot requires the script named by argv[1]
// (the bundle's start.cjs) and hands it the remaining arguments.
'use strict';
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const v8 = require('node:v8');

const dir = process.env.CONTENT_KUSTO_DIR;
if (!dir) throw new Error('CONTENT_KUSTO_DIR is not set');

function evaluate(file) {
  const path = join(dir, file);
  const module = { exports: {} };
  // eslint-disable-next-line no-new-func
  new Function('module', 'exports', 'require', '__filename', '__dirname', readFileSync(path, 'utf8'))(module, module.exports, require, path, dir);
  return module.exports;
}

globalThis.Bridge = evaluate('bridge.min.js');
evaluate('Kusto.Language.Bridge.min.js');
const K = globalThis.Kusto.Language;

// Warm-up: the binder builds its built-in tables lazily, per kind of construct. Binding queries that use what rules
// use (a database table, summarize, bin, joins, parse, mv-expand, dynamic access, the analyzers) does that work here.
const S = K.Symbols;
const table = new S.TableSymbol.$ctor4('Events', [
  new S.ColumnSymbol('TimeGenerated', S.ScalarTypes.DateTime), new S.ColumnSymbol('Name', S.ScalarTypes.String),
  new S.ColumnSymbol('Count', S.ScalarTypes.Long), new S.ColumnSymbol('Props', S.ScalarTypes.Dynamic),
]);
const fn = new S.FunctionSymbol.$ctor16('Parsed', '()', '{ Events | extend Caller = tostring(Props.caller) }', null);
const globals = K.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.ctor('workspace', [table, fn]));
const queries = [
  `let window = 1h; Events | where TimeGenerated > ago(window) and Name has "Key" and Name in~ ("a", "b") and Count >= 5
   | extend Caller = tostring(Props.caller), Parts = split(Name, "/"), Ip = iff(isempty(Name), "", tolower(Name))
   | summarize Total = count(), Names = make_set(Name, 10), First = min(TimeGenerated), Last = max(TimeGenerated),
       Distinct = dcount(Caller) by Caller, bin(TimeGenerated, 5m)
   | where Total > 3 | project-away Distinct | order by Total desc | take 10`,
  `Parsed | join kind=inner (Events | summarize arg_max(TimeGenerated, *) by Name) on Name
   | mv-expand Item = Props.items | parse Name with "prefix/" Rest "/" Tail | extend n = toint(Item), d = todatetime(Rest)
   | union (Events | where Name startswith "x" or Name matches regex "^y") | lookup kind=leftouter (Events) on Name
   | make-series c = count() default = 0 on TimeGenerated from ago(7d) to now() step 1h by Name
   | extend (flag, score, baseline) = series_decompose_anomalies(c)`,
  `print s = strcat("a", tostring(1)), t = format_datetime(now(), "yyyy-MM-dd"), j = parse_json('{"a":1}'), c = case(1 > 2, "x", "y")`,
];
for (const q of queries) {
  const code = K.KustoCode.ParseAndAnalyze(q, globals);
  code.GetDiagnostics();
  new K.Editor.KustoCodeService.ctor(code).GetAnalyzerDiagnostics(true, new K.Utils.CancellationToken());
}

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // node:module is required here, at run time: the snapshot builder does not support it at build time.
  const start = resolve(process.argv[1]);
  require('node:module').createRequire(start)(start)(process.argv.slice(2));
});
