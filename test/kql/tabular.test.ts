/**
 * Tabular operators, as data: a query in, columns and rows out. `ordered: false` compares rows as a multiset
 * (Kusto leaves the order undefined after summarize, join, union, distinct).
 */
import { describe, expect, it } from 'vitest';
import { run, unordered } from './helpers.ts';

interface Case { name: string; query: string; columns?: string[]; types?: string[]; rows: unknown[][]; ordered?: boolean }

const cases: Record<string, Case[]> = {
  'let, materialize, toscalar, declare': [
    { name: 'scalar let', query: 'let x = 2; T | where n == x | project Caller', rows: [['bob']] },
    { name: 'tabular let used twice', query: 'let a = T | where Caller == "alice"; a | union a | count', rows: [[4]] },
    { name: 'materialize', query: 'let m = materialize(T | summarize c = count() by Caller); m | where c > 1 | project Caller', rows: [['alice']] },
    { name: 'toscalar', query: 'let mx = toscalar(T | summarize max(n)); T | where n == mx | project Op', rows: [['Key Backup']] },
    { name: 'toscalar of an empty table is null', query: 'print v = toscalar(T | where false | project n)', rows: [[null]] },
    { name: 'let function with a table parameter', query: 'let f = (t:(n:long), k:long) { t | where n > k | count }; f(T, 2)', rows: [[2]] },
    { name: 'table(name) inside a function', query: 'let f = (name:string) { table(name) | count }; f("U")', rows: [[4]] },
    { name: 'let function defaults, named and positional arguments', query: 'let f = (a:long, b:string = "b.default", c:long = 0, d:datetime = datetime(2026-01-02 03:04:05.1234567)) { strcat(a, "-", b, "-", c, "-", d) }; print x = f(c=7, a=12), y = f(12)', rows: [['12-b.default-7-2026-01-02T03:04:05.1234567Z', '12-b.default-0-2026-01-02T03:04:05.1234567Z']] },
    { name: 'declare query_parameters default', query: 'declare query_parameters(who:string = "carol"); T | where Caller == who | project Op', rows: [['SecurityDomainDownload']] },
  ],
  'where, extend, project family': [
    { name: 'extend replaces a column in place', query: 'T | take 1 | extend n = n + 10 | project-keep n, Caller', columns: ['Caller', 'n'], rows: [['alice', 11]] },
    { name: 'a later extend sees an earlier one', query: 'T | take 1 | extend a = n * 2 | extend b = a + 1 | project a, b', rows: [[2, 3]] },
    { name: 'project renames and computes', query: 'T | take 2 | project who = Caller, twice = n * 2', rows: [['alice', 2], ['bob', 4]] },
    { name: 'project-away with wildcard', query: 'T | take 1 | project-away d, r, T*, _*', columns: ['Caller', 'Op', 'n'], rows: [['alice', 'KeyDelete', 1]] },
    { name: 'project-rename', query: 'T | take 1 | project-rename Who = Caller | project Who', rows: [['alice']] },
    { name: 'project-by-names keeps and orders by name and wildcard', query: 'T | take 1 | project-by-names "n", "C*", "Op"', columns: ['n', 'Caller', 'Op'], rows: [[1, 'alice', 'KeyDelete']] },
    { name: 'project-reorder', query: 'T | take 1 | project Caller, n | project-reorder n', columns: ['n', 'Caller'], rows: [[1, 'alice']] },
    { name: 'unnamed extend gets Column1', query: 'T | take 1 | project n | extend n * 3', columns: ['n', 'Column1'], rows: [[1, 3]] },
    { name: 'unnamed call over a column takes its name in project', query: 'T | take 1 | project Op, round(r)', columns: ['Op', 'r'], rows: [['KeyDelete', 2]] },
    { name: 'unnamed call over a column replaces it in extend', query: 'T | take 1 | project Caller, r | extend round(r), strlen(Caller)', columns: ['Caller', 'r', 'strlen_Caller'], rows: [['alice', 2, 5]] },
    { name: 'a repeated derived name gets a suffix', query: 'T | take 1 | project r, round(r), strcat(Caller, "!")', columns: ['r', 'r1', 'Column1'], rows: [[1.5, 2, 'alice!']] },
    { name: 'where on a null real keeps nothing', query: 'T | where r > -100 | count', rows: [[4]] },
    { name: 'where false on an empty input', query: 'T | where false | where n > 1 | count', rows: [[0]] },
  ],
  summarize: [
    { name: 'count, min, max by key', query: 'T | summarize c = count(), lo = min(n), hi = max(n) by Caller', rows: [['alice', 2, 1, 3], ['bob', 1, 2, 2], ['carol', 1, null, null], ['', 1, 5, 5]], ordered: false },
    { name: 'generated names', query: 'T | summarize count(), sum(n), make_set(Caller)', columns: ['count_', 'sum_n', 'set_Caller'], rows: [[5, 11, ['alice', 'bob', 'carol', '']]] },
    { name: 'arg_max(x, *) expands to all columns', query: 'T | summarize arg_max(TimeGenerated, *) by Caller | where Caller == "alice" | project Caller, n, Op', rows: [['alice', 3, 'KeyDelete']] },
    { name: 'arg_min with explicit columns', query: 'T | summarize arg_min(n, Op) by Caller | where Caller == "alice"', columns: ['Caller', 'n', 'Op'], rows: [['alice', 1, 'KeyDelete']] },
    { name: 'expression over aggregates', query: 'T | summarize ratio = todouble(sum(n)) / count()', rows: [[2.2]] },
    { name: 'bin on datetime', query: 'T | summarize c = count() by bin(TimeGenerated, 1h)', rows: [['2026-11-20T10:00:00.0000000Z', 2], ['2026-11-20T11:00:00.0000000Z', 2], ['2026-11-20T12:00:00.0000000Z', 1]], ordered: false },
    { name: 'null keys form their own group', query: 'T | summarize c = count() by n | where isnull(n)', rows: [[null, 1]] },
    { name: 'two keys', query: 'T | summarize c = count() by Caller, Op | where c > 1', rows: [['alice', 'KeyDelete', 2]] },
    { name: 'countif and dcount', query: 'T | summarize ci = countif(n > 1), dc = dcount(Caller)', rows: [[3, 4]] },
  ],
  'sort, top, take, distinct, count': [
    { name: 'sort defaults to descending with nulls last', query: 'T | sort by n | project n', rows: [[5], [3], [2], [1], [null]] },
    { name: 'sort ascending puts nulls first', query: 'T | sort by n asc | project n', rows: [[null], [1], [2], [3], [5]] },
    { name: 'sort nulls last explicitly', query: 'T | order by n asc nulls last | project n', rows: [[1], [2], [3], [5], [null]] },
    { name: 'sort by two keys', query: 'T | sort by Caller asc, n desc | project Caller, n', rows: [['', 5], ['alice', 3], ['alice', 1], ['bob', 2], ['carol', null]] },
    { name: 'top', query: 'T | top 2 by r desc | project r', rows: [[2.5], [1.5]] },
    { name: 'take more than there are', query: 'T | take 100 | count', rows: [[5]] },
    { name: 'limit 0', query: 'T | limit 0 | count', rows: [[0]] },
    { name: 'distinct', query: 'T | distinct Caller, Op', rows: [['alice', 'KeyDelete'], ['bob', 'KeyCreate'], ['carol', 'SecurityDomainDownload'], ['', 'Key Backup']], ordered: false },
    { name: 'count of empty', query: 'T | where Caller == "x" | count', rows: [[0]] },
  ],
  'join and lookup': [
    { name: 'innerunique keeps one left row per key', query: 'T | join U on Caller | project Caller, Role', rows: [['alice', 'admin'], ['bob', 'reader'], ['bob', 'writer']], ordered: false },
    { name: 'inner keeps every left row', query: 'T | join kind=inner U on Caller | count', rows: [[4]] },
    { name: 'leftouter fills nulls', query: 'T | join kind=leftouter U on Caller | where isempty(Role) | project Caller', rows: [['carol'], ['']], ordered: false },
    { name: 'rightouter', query: 'T | join kind=rightouter U on Caller | where isempty(Caller) | project Caller1, Role', rows: [['dave', 'admin']] },
    { name: 'fullouter', query: 'T | join kind=fullouter U on Caller | count', rows: [[7]] },
    { name: 'leftsemi', query: 'T | join kind=leftsemi U on Caller | project Caller', rows: [['alice'], ['bob'], ['alice']], ordered: false },
    { name: 'leftanti', query: 'T | join kind=leftanti U on Caller | project Caller', rows: [['carol'], ['']], ordered: false },
    { name: 'rightsemi', query: 'T | join kind=rightsemi U on Caller | project Caller, Role', rows: [['alice', 'admin'], ['bob', 'reader'], ['bob', 'writer']], ordered: false },
    { name: 'rightanti', query: 'T | join kind=rightanti U on Caller', columns: ['Caller', 'Role'], rows: [['dave', 'admin']] },
    { name: '$left/$right keys', query: 'T | project A = Caller | join kind=inner (U | project B = Caller, Role) on $left.A == $right.B | count', rows: [[4]] },
    { name: 'join output names suffix clashes', query: 'T | project-away TenantId, Type, _* | join kind=inner U on Caller | take 1', columns: ['TimeGenerated', 'Caller', 'Op', 'n', 'r', 'd', 'Caller1', 'Role'], rows: [['2026-11-20T10:05:00.0000000Z', 'alice', 'KeyDelete', 1, 1.5, { ip: '10.0.0.1', tags: ['a', 'b'] }, 'alice', 'admin']] },
    { name: 'lookup does not repeat the key', query: 'T | lookup (U | summarize Roles = make_list(Role) by Caller) on Caller | project Caller, Roles', rows: [['alice', ['admin']], ['bob', ['reader', 'writer']], ['alice', ['admin']], ['carol', null], ['', null]] },
    { name: 'join against an empty side', query: 'T | join kind=inner (U | where false) on Caller | count', rows: [[0]] },
  ],
  union: [
    { name: 'union of tables with different columns', query: 'union T, U | summarize c = count() by isempty(Role)', rows: [[true, 5], [false, 4]], ordered: false },
    { name: 'a name with several types is split per type, each input into its own column',
      query: 'union withsource=S (print x = 1), (print x = toint(2)), (print x_long = 3), (print x = 4) | order by S asc',
      columns: ['S', 'x_long', 'x_int', 'x_long1'],
      rows: [['union_arg0', 1, null, null], ['union_arg1', null, 2, null], ['union_arg2', null, null, 3], ['union_arg3', 4, null, null]] },
    { name: 'withsource', query: 'union withsource=Src T, U | summarize count() by Src', rows: [['T', 5], ['U', 4]], ordered: false },
    { name: 'isfuzzy skips a missing table', query: 'union isfuzzy=true T, NoSuchTable | count', rows: [[5]] },
    { name: 'pipe union', query: 'T | project Caller | union (U | project Caller) | distinct Caller | count', rows: [[5]] },
  ],
  'mv-expand and mv-apply': [
    { name: 'array elements, empty arrays dropped, null kept', query: 'T | mv-expand t = d.tags | project Caller, t', rows: [['alice', 'a'], ['alice', 'b'], ['alice', null], ['carol', null], ['', 'c']] },
    { name: 'to typeof', query: 'print a = dynamic(["1", "2", "x"]) | mv-expand a to typeof(long)', types: ['long'], rows: [[1], [2], [null]] },
    { name: 'two columns zip', query: 'print a = dynamic([1, 2, 3]), b = dynamic(["x"]) | mv-expand a, b', rows: [[1, 'x'], [2, null], [3, null]] },
    { name: 'with_itemindex and limit', query: 'print a = dynamic([5, 6, 7]) | mv-expand with_itemindex=i a limit 2', columns: ['a', 'i'], rows: [[5, 0], [6, 1]] },
    { name: 'bag expansion', query: 'print b = dynamic({"k1": 1, "k2": "v"}) | mv-expand b', rows: [[{ k1: 1 }], [{ k2: 'v' }]] },
    { name: 'bag as array', query: 'print b = dynamic({"k1": 1}) | mv-expand kind=array b', rows: [[['k1', 1]]] },
    { name: 'mv-apply with a summarize subquery', query: 'print a = dynamic([3, 1, 2]) | mv-apply x = a to typeof(long) on (summarize m = max(x)) | project m', rows: [[3]] },
    { name: 'mv-apply with a filtering subquery', query: 'print k = "z", a = dynamic([3, 1, 2]) | mv-apply x = a to typeof(long) on (where x > 1) | project k, x', rows: [['z', 3], ['z', 2]] },
  ],
  parse: [
    { name: 'simple parse with types', query: 'print s = "user=bob;id=42;t=2026-01-01T00:00:00Z" | parse s with "user=" u ";id=" id:long ";t=" t:datetime | project u, id, t', rows: [['bob', 42, '2026-01-01T00:00:00.0000000Z']] },
    { name: 'simple parse failure nulls every column', query: 'print s = "nothing here" | parse s with "user=" u ";id=" id:long | project u, id', rows: [['', null]] },
    { name: 'star skips text', query: 'print s = "a-b-c" | parse s with * "-" tail | project tail', rows: [['b-c']] },
    { name: 'regex parse', query: 'print s = "abc 123 def" | parse kind=regex s with "[a-z]+ " num:long " " rest | project num, rest', rows: [[123, 'def']] },
    { name: 'parse-kv with delimiters', query: 'print s = "a=1; b = two words; c=\\"q; r\\"" | parse-kv s as (a:long, b:string, c:string, d:string) with (pair_delimiter=";", kv_delimiter="=") | project a, b, c, d', rows: [[1, 'two words', 'q; r', '']] },
    { name: 'parse-kv without options', query: 'print s = "x [INFO] Id:42, Who:bob" | parse-kv s as (Id:long, Who:string) | project Id, Who', rows: [[42, 'bob']] },
    { name: 'parse-where drops non-matching rows', query: 'T | parse-where Op with "Key" what | project what', rows: [['Delete'], ['Create'], ['Delete'], [' Backup']] },
  ],
  'make-series': [
    {
      name: 'count per hour with default 0',
      query: 'T | make-series c = count() default = 0 on TimeGenerated from datetime(2026-11-20 10:00) to datetime(2026-11-20 13:00) step 1h',
      rows: [[[2, 2, 1], ['2026-11-20T10:00:00.0000000Z', '2026-11-20T11:00:00.0000000Z', '2026-11-20T12:00:00.0000000Z']]],
    },
    {
      name: 'a constant series next to an aggregate: its value where a bin has rows, the default elsewhere',
      query: 'T | make-series c = count(), k = -1 default = -2 on TimeGenerated from datetime(2026-11-20 09:00) to datetime(2026-11-20 13:00) step 1h | project c, k',
      rows: [[[0, 2, 2, 1], [-2, -1, -1, -1]]],
    },
    {
      name: 'bin_auto takes its size and origin from set statements',
      query: 'set query_bin_auto_size = 1h; set query_bin_auto_at = datetime(2026-11-20 10:30); T | summarize c = count() by b = bin_auto(TimeGenerated) | order by b asc',
      rows: [['2026-11-20T09:30:00.0000000Z', 1], ['2026-11-20T10:30:00.0000000Z', 3], ['2026-11-20T11:30:00.0000000Z', 1]],
    },
    {
      name: 'by key',
      query: 'T | make-series s = sum(n) on TimeGenerated from datetime(2026-11-20 10:00) to datetime(2026-11-20 12:00) step 1h by Caller | where Caller == "alice" | project s',
      rows: [[[1, 3]]],
    },
    {
      name: 'without from/to: from the first bin with data to the last, no empty bin after it',
      query: 'T | make-series c = count() on TimeGenerated step 1h | project c, TimeGenerated',
      rows: [[[2, 2, 1], ['2026-11-20T10:00:00.0000000Z', '2026-11-20T11:00:00.0000000Z', '2026-11-20T12:00:00.0000000Z']]],
    },
    {
      name: 'without to, on a last value that is not on a bin boundary',
      query: 'datatable(t:long)[0, 10, 25] | make-series c = count() on t step 10',
      rows: [[[1, 1, 1], [0, 10, 20]]],
    },
    {
      name: 'in range(start, stop, step): stop included, bins aligned with bin()',
      query: 'T | make-series c = count() on TimeGenerated in range(datetime(2026-11-20 09:30), datetime(2026-11-20 12:00), 1h) | project c, TimeGenerated',
      rows: [[[0, 2, 2, 1], ['2026-11-20T09:00:00.0000000Z', '2026-11-20T10:00:00.0000000Z', '2026-11-20T11:00:00.0000000Z', '2026-11-20T12:00:00.0000000Z']]],
    },
  ],
  'datatable, range, print, getschema, evaluate': [
    { name: 'datatable', query: 'datatable(a:long, b:string)[1, "x", 2, "y"] | where a > 1', rows: [[2, 'y']] },
    { name: 'range of longs', query: 'range i from 1 to 10 step 4', rows: [[1], [5], [9]] },
    { name: 'range of datetimes', query: 'range t from datetime(2026-01-01) to datetime(2026-01-01 02:00) step 1h | count', rows: [[3]] },
    { name: 'print with names', query: 'print a = 1, b = "x"', columns: ['a', 'b'], rows: [[1, 'x']] },
    { name: 'print of a call with several results makes one column per result', query: 'let a1 = dynamic([1,3,2]); let a2 = dynamic(["a","c","b"]); print n = 1, array_sort_asc(a1, a2)', columns: ['n', 'a1_sorted', 'a2_sorted'], rows: [[1, [1, 2, 3], ['a', 'b', 'c']]] },
    { name: 'print (x, y) = a call with several results', query: 'print (x, y) = array_sort_desc(dynamic([1,3,2]), dynamic(["a","c","b"]))', columns: ['x', 'y'], rows: [[[3, 2, 1], ['c', 'b', 'a']]] },
    { name: 'sorting several arrays: an array of another length is null', query: 'print array_sort_asc(dynamic([2,1]), dynamic(["b","a","c"]))', columns: ['array0_sorted', 'array1_sorted'], rows: [[[1, 2], null]] },
    { name: 'getschema', query: 'U | getschema | project ColumnName, ColumnType', rows: [['Caller', 'string'], ['Role', 'string']] },
    { name: 'pivot with the default count()', query: 'T | project Caller, Op | where Caller in ("alice", "bob") | evaluate pivot(Op)', columns: ['Caller', 'KeyCreate', 'KeyDelete'], rows: [['alice', 0, 2], ['bob', 1, 0]], ordered: false },
    { name: 'pivot with an aggregation and group columns', query: 'T | evaluate pivot(Caller, max(n), Op) | where Op == "KeyDelete"', columns: ['Op', '', 'alice', 'bob', 'carol'], rows: [['KeyDelete', null, 3, null, null]] },
    { name: 'columns created by pivot can be referenced', query: 'T | evaluate pivot(Caller, count(), Op) | where alice > 0 | project Op, alice, bob', rows: [['KeyDelete', 2, 0]] },
    { name: 'columns created by bag_unpack can be referenced', query: 'print d = dynamic({"a": 1, "b": "x"}) | evaluate bag_unpack(d, "p_") | extend c = p_a + 1 | where p_b == "x" | project p_b, c', columns: ['p_b', 'c'], rows: [['x', 2]] },
    { name: 'bag_unpack', query: 'print d = dynamic({"a": 1, "b": "x"}) | evaluate bag_unpack(d)', columns: ['a', 'b'], rows: [[1, 'x']] },
    { name: 'bag_unpack columnsConflict=replace_source: the bag\'s value replaces the column', query: 'datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John", "Age": 20}), "David", dynamic({"Age": 40})] | evaluate bag_unpack(d, columnsConflict="replace_source")', columns: ['Name', 'Age'], rows: [['John', 20], ['', 40]] },
    { name: 'bag_unpack columnsConflict=keep_source: the column stays', query: 'datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John", "Age": 20}), "David", dynamic({"Age": 40})] | evaluate bag_unpack(d, columnsConflict="keep_source")', columns: ['Name', 'Age'], rows: [['James', 20], ['David', 40]] },
    { name: 'bag_unpack with a prefix has no conflict', query: 'datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John"})] | evaluate bag_unpack(d, "p_")', columns: ['Name', 'p_Name'], rows: [['James', 'John']] },
    { name: 'ipv4_lookup: prefixes match, every match a row, unmatched rows dropped', query: 'let L = datatable(net:string, tag:string)["10.0.0.0/8", "ten", "10.1.0.0/16", "ten-one", "192.168.1.1", "host"]; datatable(ip:string)["10.1.2.3", "192.168.1.1", "8.8.8.8", "bad"] | evaluate ipv4_lookup(L, ip, net)', columns: ['ip', 'net', 'tag'], rows: [['10.1.2.3', '10.0.0.0/8', 'ten'], ['10.1.2.3', '10.1.0.0/16', 'ten-one'], ['192.168.1.1', '192.168.1.1', 'host']], ordered: false },
    { name: 'ipv4_lookup with an extra key and return_unmatched', query: 'let L = datatable(net:string, site:string, tag:string)["10.0.0.0/8", "a", "ten-a", "10.0.0.0/8", "b", "ten-b"]; datatable(ip:string, site:string)["10.1.2.3", "b", "8.8.8.8", "a"] | evaluate ipv4_lookup(L, ip, net, site, return_unmatched = true)', columns: ['ip', 'site', 'net', 'tag'], rows: [['10.1.2.3', 'b', '10.0.0.0/8', 'ten-b'], ['8.8.8.8', 'a', '', '']], ordered: false },
    { name: 'ipv6_lookup', query: 'let L = datatable(net:string, tag:string)["2001:db8::/32", "doc"]; datatable(ip:string)["2001:db8:0:1::5", "2001:db9::1"] | evaluate ipv6_lookup(L, ip, net) | project ip, tag', rows: [['2001:db8:0:1::5', 'doc']] },
    { name: 'sequence_detect: every chain within the step and span limits, per dimension', query: 'datatable(t:datetime, e:string, s:string)[datetime(2007-05-08), "h", "CA", datetime(2007-05-08 16:02), "w", "CA", datetime(2007-05-10 11:30), "w", "CA", datetime(2007-05-20), "w", "CA", datetime(2007-07-23 12:00), "h", "SD", datetime(2007-07-27 09:00), "w", "SD", datetime(2007-07-23 13:00), "w", "TX"] | evaluate sequence_detect(t, 5d, 5d, heat=(e == "h"), wildfire=(e == "w"), s)', columns: ['s', 'heat_t', 'wildfire_t', 'Duration'], rows: [['CA', '2007-05-08T00:00:00.0000000Z', '2007-05-08T16:02:00.0000000Z', '16:02:00'], ['CA', '2007-05-08T00:00:00.0000000Z', '2007-05-10T11:30:00.0000000Z', '2.11:30:00'], ['SD', '2007-07-23T12:00:00.0000000Z', '2007-07-27T09:00:00.0000000Z', '3.21:00:00']], ordered: false },
    { name: 'sequence_detect: a step must come after the previous one and within the step window', query: 'datatable(m:long, e:string)[1, "a", 2, "b", 5, "c", 9, "c", 2, "c"] | extend t = datetime(2026-01-01) + m * 1m | evaluate sequence_detect(t, 3m, 10m, x=(e == "a"), y=(e == "b"), z=(e == "c")) | project z_t, Duration', rows: [['2026-01-01T00:05:00.0000000Z', '00:04:00']] },
    { name: 'parse kind=regex flags=U: columns take the shortest text', query: 'print t = "Event (resourceName=Pipeline, total=27, lock=1)" | parse kind=regex flags=Ui t with * "RESOURCENAME=" name "," * | project name', rows: [['Pipeline']] },
    { name: 'parse-kv greedy=true: a value runs on to the next key', query: "print str='name=John Doe phone=555 5555 city=New York' | parse-kv str as (name:string, phone:string, city:string) with (pair_delimiter=' ', kv_delimiter='=', greedy=true) | project-away str", rows: [['John Doe', '555 5555', 'New York']] },
    { name: 'sliding_window_counts: count and dcount over the lookback window ending with each bin, per dimension', query: "datatable(u:string, t:datetime, d:string)['a', datetime(2017-08-01), 'x', 'b', datetime(2017-08-01), 'x', 'a', datetime(2017-08-02), 'x', 'c', datetime(2017-08-04), 'x', 'a', datetime(2017-08-02), 'y'] | evaluate sliding_window_counts(u, t, datetime(2017-08-01), datetime(2017-08-04), 2d, 1d, d) | where d == 'x' | project t, Count, Dcount", rows: [['2017-08-01T00:00:00.0000000Z', 2, 2], ['2017-08-02T00:00:00.0000000Z', 3, 2], ['2017-08-03T00:00:00.0000000Z', 1, 1], ['2017-08-04T00:00:00.0000000Z', 1, 1]] },
    { name: 'rolling_percentile: nearest-rank percentile over the bins of the window ending with each bin, per dimension', query: "range i from 0 to 11 step 1 | project t = datetime(2018-01-01) + 6h * i, v = i + 1, d = iff(i % 2 == 0, 'even', 'odd') | evaluate rolling_percentile(v, 50, t, 1d, 2, d)", columns: ['t', 'd', 'rolling_2_percentile_v_50'], rows: [['2018-01-01T00:00:00.0000000Z', 'even', 1], ['2018-01-02T00:00:00.0000000Z', 'even', 3], ['2018-01-03T00:00:00.0000000Z', 'even', 7], ['2018-01-01T00:00:00.0000000Z', 'odd', 2], ['2018-01-02T00:00:00.0000000Z', 'odd', 4], ['2018-01-03T00:00:00.0000000Z', 'odd', 8]], ordered: false },
    { name: 'rolling_percentile: an empty bin inside the range still has a window; null values are left out', query: "datatable(t:long, v:long)[0, 10, 1, 20, 5, 30, 6, long(null)] | evaluate rolling_percentile(v, 100, t, 2, 2)", rows: [[0, 20], [2, 20], [4, 30]], ordered: false },
    { name: 'active_users_count: ids seen on enough distinct periods of the lookback window ending with each appearance', query: "datatable(User:string, Timestamp:datetime)['B', datetime(2018-06-29), 'B', datetime(2018-06-30), 'A', datetime(2018-07-02), 'B', datetime(2018-07-04), 'B', datetime(2018-07-08), 'A', datetime(2018-07-10), 'A', datetime(2018-07-14), 'A', datetime(2018-07-17), 'A', datetime(2018-07-20), 'B', datetime(2018-07-24)] | evaluate active_users_count(User, Timestamp, datetime(2018-07-01), datetime(2018-07-31), 8d, 1d, 3, 7d)", columns: ['Timestamp', 'dcount'], rows: [['2018-07-01T00:00:00.0000000Z', 1], ['2018-07-15T00:00:00.0000000Z', 1]], ordered: false },
    { name: 'active_users_count: two appearances on one period count once; per dimension', query: "datatable(u:string, t:datetime, d:string)['a', datetime(2020-01-01 01:00), 'x', 'a', datetime(2020-01-01 02:00), 'x', 'a', datetime(2020-01-02), 'x', 'b', datetime(2020-01-01), 'y', 'b', datetime(2020-01-02), 'y'] | evaluate active_users_count(u, t, datetime(2020-01-01), datetime(2020-01-05), 3d, 1d, 2, 1d, d)", rows: [['2020-01-02T00:00:00.0000000Z', 'x', 1], ['2020-01-02T00:00:00.0000000Z', 'y', 1]], ordered: false },
    { name: 'activity_counts_metrics: count, dcount, new and aggregated distinct ids per window', query: "datatable(UserId:string, Timestamp:datetime)['A', datetime(2017-08-01), 'D', datetime(2017-08-01), 'J', datetime(2017-08-01), 'B', datetime(2017-08-01), 'C', datetime(2017-08-02), 'T', datetime(2017-08-02), 'J', datetime(2017-08-02), 'H', datetime(2017-08-03), 'T', datetime(2017-08-03), 'T', datetime(2017-08-03), 'J', datetime(2017-08-03), 'B', datetime(2017-08-03), 'S', datetime(2017-08-03), 'S', datetime(2017-08-04), 'Z', datetime(2017-08-09)] | evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1d)", columns: ['Timestamp', 'count', 'dcount', 'new_dcount', 'aggregated_dcount'], rows: [['2017-08-01T00:00:00.0000000Z', 4, 4, 4, 4], ['2017-08-02T00:00:00.0000000Z', 3, 3, 2, 6], ['2017-08-03T00:00:00.0000000Z', 6, 5, 2, 8], ['2017-08-04T00:00:00.0000000Z', 1, 1, 0, 8]], ordered: false },
    { name: 'activity_counts_metrics per dimension: each dimension has its own history', query: "datatable(u:string, t:datetime, d:string)['a', datetime(2020-01-01), 'x', 'a', datetime(2020-01-02), 'y', 'a', datetime(2020-01-03), 'x'] | evaluate activity_counts_metrics(u, t, datetime(2020-01-01), datetime(2020-01-03), 1d, d)", rows: [['2020-01-01T00:00:00.0000000Z', 'x', 1, 1, 1, 1], ['2020-01-03T00:00:00.0000000Z', 'x', 1, 1, 0, 1], ['2020-01-02T00:00:00.0000000Z', 'y', 1, 1, 1, 1]], ordered: false },
    { name: 'activity_engagement: distinct ids of each inner window, of the outer window ending with it, and their ratio', query: 'datatable(u:long, t:datetime)[1, datetime(2020-01-01), 2, datetime(2020-01-01 05:00), 1, datetime(2020-01-02), 3, datetime(2020-01-03), 4, datetime(2020-01-04), 1, datetime(2020-01-04), 9, datetime(2020-01-09), long(null), datetime(2020-01-04)] | evaluate activity_engagement(u, t, datetime(2020-01-01), datetime(2020-01-05), 1d, 2d)', columns: ['t', 'dcount_activities_inner', 'dcount_activities_outer', 'activity_ratio'], rows: [['2020-01-01T00:00:00.0000000Z', 2, 2, 1], ['2020-01-02T00:00:00.0000000Z', 1, 2, 0.5], ['2020-01-03T00:00:00.0000000Z', 1, 2, 0.5], ['2020-01-04T00:00:00.0000000Z', 2, 3, 2 / 3], ['2020-01-05T00:00:00.0000000Z', 0, 2, 0]] },
    { name: 'activity_engagement per dimension; no ids in the outer window gives NaN', query: "datatable(u:long, t:datetime, d:string)[1, datetime(2020-01-01), 'x', 2, datetime(2020-01-03), 'y'] | evaluate activity_engagement(u, t, datetime(2020-01-01), datetime(2020-01-03), 1d, 1d, d) | where d == 'x' | project t, dcount_activities_inner, activity_ratio", rows: [['2020-01-01T00:00:00.0000000Z', 1, 1], ['2020-01-02T00:00:00.0000000Z', 0, NaN], ['2020-01-03T00:00:00.0000000Z', 0, NaN]] },
    { name: 'activity_metrics: distinct and new ids against the previous window, retention and churn (NaN against an empty window), every window', query: "datatable(u:long, t:datetime)[1, datetime(2020-01-01), 2, datetime(2020-01-01), 1, datetime(2020-01-02), 3, datetime(2020-01-02), 3, datetime(2020-01-03), 4, datetime(2020-01-05), 5, datetime(2020-01-06), long(null), datetime(2020-01-02)] | evaluate activity_metrics(u, t, datetime(2020-01-01), datetime(2020-01-05), 1d)", columns: ['t', 'dcount_values', 'dcount_newvalues', 'retention_rate', 'churn_rate'], rows: [['2020-01-01T00:00:00.0000000Z', 2, 2, NaN, NaN], ['2020-01-02T00:00:00.0000000Z', 2, 1, 0.5, 0.5], ['2020-01-03T00:00:00.0000000Z', 1, 0, 0.5, 0.5], ['2020-01-04T00:00:00.0000000Z', 0, 0, 0, 1], ['2020-01-05T00:00:00.0000000Z', 1, 1, NaN, NaN]] },
    { name: 'activity_metrics per dimension', query: "datatable(u:long, t:datetime, d:string)[1, datetime(2020-01-01), 'x', 1, datetime(2020-01-02), 'x', 1, datetime(2020-01-02), 'y'] | evaluate activity_metrics(u, t, datetime(2020-01-01), datetime(2020-01-02), 1d, d) | where d == 'x' | project t, dcount_values, dcount_newvalues, retention_rate", rows: [['2020-01-01T00:00:00.0000000Z', 1, 1, NaN], ['2020-01-02T00:00:00.0000000Z', 1, 0, 1]] },
    { name: 'new_activity_metrics: the reference example (cohorts of 11/1 and 11/2 against every later day)', query: "let Users = datatable(Timestamp:datetime, s:dynamic)[datetime(2019-11-01), dynamic([0,2,3,4]), datetime(2019-11-02), dynamic([0,1,3,4,5]), datetime(2019-11-03), dynamic([0,2,4,5]), datetime(2019-11-04), dynamic([0,1,2,3]), datetime(2019-11-05), dynamic([0,1,2,3,4])] | mv-expand user = s to typeof(long) | project Timestamp = Timestamp + 1h, user; Users | evaluate new_activity_metrics(user, Timestamp, datetime(2019-11-01), datetime(2019-11-07) - 1tick, 1d) | where from_Timestamp < datetime(2019-11-03)", columns: ['from_Timestamp', 'to_Timestamp', 'dcount_new_values', 'dcount_retained_values', 'dcount_churn_values', 'retention_rate', 'churn_rate'], rows: [['2019-11-01T00:00:00.0000000Z', '2019-11-01T00:00:00.0000000Z', 4, 4, 0, 1, 0], ['2019-11-01T00:00:00.0000000Z', '2019-11-02T00:00:00.0000000Z', 2, 3, 1, 0.75, 0.25], ['2019-11-01T00:00:00.0000000Z', '2019-11-03T00:00:00.0000000Z', 1, 3, 1, 0.75, 0.25], ['2019-11-01T00:00:00.0000000Z', '2019-11-04T00:00:00.0000000Z', 1, 3, 1, 0.75, 0.25], ['2019-11-01T00:00:00.0000000Z', '2019-11-05T00:00:00.0000000Z', 1, 4, 0, 1, 0], ['2019-11-01T00:00:00.0000000Z', '2019-11-06T00:00:00.0000000Z', 0, 0, 4, 0, 1], ['2019-11-02T00:00:00.0000000Z', '2019-11-02T00:00:00.0000000Z', 2, 2, 0, 1, 0], ['2019-11-02T00:00:00.0000000Z', '2019-11-03T00:00:00.0000000Z', 0, 1, 1, 0.5, 0.5], ['2019-11-02T00:00:00.0000000Z', '2019-11-04T00:00:00.0000000Z', 0, 1, 1, 0.5, 0.5], ['2019-11-02T00:00:00.0000000Z', '2019-11-05T00:00:00.0000000Z', 0, 1, 1, 0.5, 0.5], ['2019-11-02T00:00:00.0000000Z', '2019-11-06T00:00:00.0000000Z', 0, 0, 2, 0, 1]] },
    { name: 'new_activity_metrics: one cohort; an empty cohort has NaN rates', query: "let Users = datatable(Timestamp:datetime, s:dynamic)[datetime(2019-11-01), dynamic([0,2,3,4]), datetime(2019-11-02), dynamic([0,1,3,4,5]), datetime(2019-11-03), dynamic([0,2,4,5]), datetime(2019-11-04), dynamic([0,1,2,3]), datetime(2019-11-05), dynamic([0,1,2,3,4])] | mv-expand user = s to typeof(long) | project Timestamp = Timestamp + 1h, user; Users | evaluate new_activity_metrics(user, Timestamp, datetime(2019-11-01), datetime(2019-11-04), 1d, datetime(2019-11-03 05:00)) | project from_Timestamp, to_Timestamp, dcount_new_values, dcount_retained_values, retention_rate", rows: [['2019-11-03T00:00:00.0000000Z', '2019-11-03T00:00:00.0000000Z', 0, 0, NaN], ['2019-11-03T00:00:00.0000000Z', '2019-11-04T00:00:00.0000000Z', 0, 0, NaN]] },
    { name: 'new_activity_metrics per dimension: each tuple has its own cohorts', query: "datatable(u:long, t:datetime, d:string)[1, datetime(2020-01-01), 'x', 1, datetime(2020-01-02), 'y', 2, datetime(2020-01-02), 'x'] | evaluate new_activity_metrics(u, t, datetime(2020-01-01), datetime(2020-01-02), 1d, d) | project from_t, to_t, d, dcount_new_values, dcount_retained_values, dcount_churn_values", rows: [['2020-01-01T00:00:00.0000000Z', '2020-01-01T00:00:00.0000000Z', 'x', 1, 1, 0], ['2020-01-01T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z', 'x', 1, 0, 1], ['2020-01-02T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z', 'x', 1, 1, 0], ['2020-01-01T00:00:00.0000000Z', '2020-01-01T00:00:00.0000000Z', 'y', 0, 0, 0], ['2020-01-01T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z', 'y', 1, 0, 0], ['2020-01-02T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z', 'y', 1, 1, 0]], ordered: false },
    { name: 'rows_near: the rows within NumRows of a true condition, in order', query: 'datatable(t:long, State:string)[1, "ok", 2, "ok", 3, "ok", 4, "ok", 5, "Error", 6, "ok", 7, "ok", 8, "ok"] | sort by t asc | evaluate rows_near(State == "Error", 2) | project t', rows: [[3], [4], [5], [6], [7]] },
    { name: 'rows_near: RowsAfter overrides the rows after; overlapping windows keep each row once; a null condition is false', query: 'datatable(x:long, c:bool)[1, false, 2, true, 3, bool(null), 4, true, 5, false, 6, false, 7, false] | evaluate rows_near(c, 1, 0) | project x', rows: [[1], [2], [3], [4]] },
    { name: 'rows_near: 0 rows keeps only the matching rows; no match, no rows', query: 'range x from 1 to 5 step 1 | evaluate rows_near(x % 2 == 0, 0) | summarize make_list(x), count()', rows: [[[2, 4], 2]] },
    { name: 'rows_near over an empty input', query: 'datatable(x:long)[] | evaluate rows_near(x == 1, 3)', columns: ['x'], rows: [] },
    { name: 'narrow: one row per cell, Row from 0, Value as tostring writes it (null as "")', query: 'datatable(a:long, b:string, c:datetime, d:dynamic, e:bool)[1, "x", datetime(2020-01-01), dynamic({"k":[1]}), true, long(null), "", datetime(null), dynamic(null), false] | evaluate narrow()', columns: ['Row', 'Column', 'Value'], types: ['long', 'string', 'string'], rows: [[0, 'a', '1'], [0, 'b', 'x'], [0, 'c', '2020-01-01T00:00:00.0000000Z'], [0, 'd', '{"k":[1]}'], [0, 'e', 'true'], [1, 'a', ''], [1, 'b', ''], [1, 'c', ''], [1, 'd', ''], [1, 'e', 'false']] },
    { name: 'narrow of an empty table has no rows', query: 'datatable(a:long)[] | evaluate narrow()', columns: ['Row', 'Column', 'Value'], rows: [] },
    { name: 'dcount_intersect: |S1|, |S1 ∩ S2|, |S1 ∩ S2 ∩ S3| of hll sketches (the reference example)', query: 'range x from 1 to 100 step 1 | summarize e = hll(iif(x % 2 == 0, x, 0)), m3 = hll(iif(x % 3 == 0, x, 0)), m5 = hll(iif(x % 5 == 0, x, 0)) | evaluate dcount_intersect(e, m3, m5) | project s0 - 1, s1 - 1, s2 - 1', rows: [[50, 16, 3]] },
    { name: 'dcount_intersect per row, keeping the input columns; a null sketch is the empty set', query: 'datatable(k:string, v:long, w:long)["a", 1, 1, "a", 2, 2, "a", 3, 9, "b", 1, long(null)] | summarize h1 = hll(v), h2 = hll(w) by k | evaluate dcount_intersect(h1, h2) | project k, s0, s1', rows: [['a', 3, 2], ['b', 1, 0]], ordered: false },
    { name: 'top-nested: the top N values per level by the aggregation, nested in the level above', query: "datatable(s:string, src:string, v:long)['a','x',1,'a','y',5,'b','x',2,'c','z',10,'c','x',1,'c','x',3] | top-nested 2 of s by total=sum(v), top-nested 1 of src by sum(v)", columns: ['s', 'total', 'src', 'aggregated_src'], rows: [['c', 14, 'z', 10], ['a', 6, 'y', 5]], ordered: false },
    { name: 'top-nested asc picks the bottom values; without N every value; an aggregation expression', query: "datatable(s:string, v:long)['a',1,'b',2,'b',2,'c',7] | top-nested 2 of s by m = sum(v) * 10 + count() asc", rows: [['a', 11], ['b', 42]], ordered: false },
    { name: 'top-nested with others: one more row per level with the aggregation of the rest, deeper levels null', query: "datatable(s:string, src:string, v:long)['a','x',1,'a','y',5,'b','x',2,'c','z',10,'c','x',1] | top-nested 2 of s with others='rest' by total=sum(v), top-nested 1 of src with others='other' by sum(v)", rows: [['c', 11, 'z', 10], ['c', 11, 'other', 1], ['a', 6, 'y', 5], ['a', 6, 'other', 1], ['rest', 2, '', null]], ordered: false },
    { name: 'top-nested of a column by max(1) keeps every value (to carry other columns)', query: 'datatable(id:string, t:datetime, o:string)["B", datetime(2015-01-01), "1", "B", datetime(2016-01-01), "2", "B", datetime(2017-01-20), "3", "D", datetime(2017-01-20), "4", "D", datetime(2017-01-18), "5"] | top-nested of id by I0 = max(1), top-nested 2 of t by I1 = max(t), top-nested of o by I2 = max(1) | project-away I0, I1, I2', rows: [['B', '2017-01-20T00:00:00.0000000Z', '3'], ['B', '2016-01-01T00:00:00.0000000Z', '2'], ['D', '2017-01-20T00:00:00.0000000Z', '4'], ['D', '2017-01-18T00:00:00.0000000Z', '5']], ordered: false },
    { name: 'partition by key (subquery): the subquery once per key value, results appended', query: 'datatable(k:string, v:long)["a",1,"a",3,"b",2,"a",2,"b",5,"",7] | partition hint.strategy=native by k (top 1 by v desc)', rows: [['a', 3], ['b', 5], ['', 7]], ordered: false },
    { name: 'partition by Column { query }: the query has its own source and reads the key, once per key value', query: "let L = datatable(x:long)[1, 2, 3]; datatable(k:long)[1, 3, 1] | partition hint.strategy=native by k { L | where x > k | extend k2 = toscalar(k) * 10 }", rows: [[2, 10], [3, 10]], ordered: false },
    { name: 'partition by a string Column { query }: the key as a scalar, parsed per partition', query: 'datatable(p:string)[\'{"n":"a"}\', \'{"n":"b"}\'] | partition by p { print n = tostring(parse_json(toscalar(p)).n) }', rows: [['a'], ['b']], ordered: false },
    { name: 'partition with a summarize subquery', query: 'T | partition by Caller (summarize c = count(), s = sum(n) by Caller)', rows: [['alice', 2, 4], ['bob', 1, 2], ['carol', 1, null], ['', 1, 5]], ordered: false },
    { name: 'serialize with row_number and prev', query: 'T | serialize | extend rn = row_number(), p = prev(Caller) | project rn, p | take 3', rows: [[1, ''], [2, 'alice'], [3, 'bob']] },
    { name: 'pack_all and bag_pack_columns', query: 'T | take 1 | project Caller, n | extend p = pack_all(), q = bag_pack_columns(n)', rows: [['alice', 1, { Caller: 'alice', n: 1 }, { n: 1 }]] },
    { name: 'column_names_of', query: 'print c = column_names_of(U)', rows: [[['Caller', 'Role']]] },
    { name: 'invoke', query: 'let f = (t:(*)) { t | count }; T | invoke f()', rows: [[5]] },
  ],
  'evaluate schema_merge': [
    { name: 'a column appended by a later schema is appended', query: 'let s1 = datatable(Uri:string, HttpStatus:int)[] | getschema; let s2 = datatable(Uri:string, HttpStatus:int, Referrer:string)[] | getschema; union s1, s2 | evaluate schema_merge()',
      columns: ['ColumnName', 'ColumnOrdinal', 'DataType', 'ColumnType'], types: ['string', 'int', 'string', 'string'],
      rows: [['Uri', 0, 'System.String', 'string'], ['HttpStatus', 1, 'System.Int32', 'int'], ['Referrer', 2, 'System.String', 'string']] },
    { name: 'PreserveOrder (the default): a column at another ordinal is out of order, ordinal -1', query: 'let s1 = datatable(Uri:string, HttpStatus:int)[] | getschema; let s2 = datatable(Uri:string, Referrer:string, HttpStatus:int)[] | getschema; union s1, s2 | evaluate schema_merge()',
      rows: [['Uri', 0, 'System.String', 'string'], ['Referrer', 1, 'System.String', 'string'], ['HttpStatus', -1, 'ERROR(unknown CSL type:ERROR(columns are out of order))', 'ERROR(columns are out of order)']] },
    { name: 'PreserveOrder=false: a new column is inserted at its ordinal', query: 'let s1 = datatable(Uri:string, HttpStatus:int)[] | getschema; let s2 = datatable(Uri:string, Referrer:string, HttpStatus:int)[] | getschema; union s1, s2 | evaluate schema_merge(PreserveOrder = false)',
      rows: [['Uri', 0, 'System.String', 'string'], ['Referrer', 1, 'System.String', 'string'], ['HttpStatus', 2, 'System.Int32', 'int']] },
    { name: 'numeric types reduce to the wider; others cannot be reduced', query: 'let s1 = datatable(a:int, b:string)[] | getschema; let s2 = datatable(a:long, b:long)[] | getschema; union s1, s2 | evaluate schema_merge(false)',
      rows: [['a', 0, 'System.Int64', 'long'], ['b', -1, 'ERROR(unknown CSL type:ERROR(types string and long cannot be reduced))', 'ERROR(types string and long cannot be reduced)']] },
    { name: 'an empty input merges to no columns', query: 'datatable(a:int)[] | getschema | where ColumnName == "x" | evaluate schema_merge()', rows: [] },
  ],
};

describe('tabular operators', () => {
  for (const [group, list] of Object.entries(cases)) {
    describe(group, () => {
      for (const c of list) {
        it(c.name, () => {
          const result = run(c.query);
          if (c.columns) expect(result.columns.map((x) => x.name)).toEqual(c.columns);
          if (c.types) expect(result.columns.map((x) => x.type)).toEqual(c.types);
          if (c.ordered === false) expect(unordered(result.rows)).toEqual(unordered(c.rows));
          else expect(result.rows).toEqual(c.rows);
        });
      }
    });
  }
});

describe('activity plugins on bad arguments', () => {
  it('give a KQL error naming the plugin', () => {
    expect(() => run('datatable(t:long, v:long)[0, 1] | evaluate rolling_percentile(v, 50, t, 0, 2)')).toThrow(/rolling_percentile needs a positive bin size/);
    expect(() => run('datatable(t:long, v:long)[0, 1] | evaluate rolling_percentile(v, 150, t, 1, 2)')).toThrow(/percentile between 0 and 100/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate activity_counts_metrics(u, t, datetime(2020-01-01), datetime(2020-01-02), 0d)')).toThrow(/activity_counts_metrics needs/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate active_users_count(u, t, datetime(2020-01-01), datetime(2020-01-02), 1d, 0d, 1, 1d)')).toThrow(/active_users_count needs/);
    expect(() => run('range x from 1 to 3 step 1 | evaluate rows_near(x == 2, -1)')).toThrow(/rows_near needs a whole number of rows/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate activity_metrics(u, t, datetime(2020-01-02), datetime(2020-01-01), 1d)')).toThrow(/activity_metrics needs a start, an end not before it/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate new_activity_metrics(u, t, datetime(2020-01-01), datetime(2020-01-02), 0d)')).toThrow(/new_activity_metrics needs/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate activity_engagement(u, t, datetime(2020-01-01), datetime(2020-01-02), 1d, 0d)')).toThrow(/positive outer activity window/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate activity_engagement(u, t, 1d, 7d)')).toThrow(/activity_engagement without a start and end/);
    expect(() => run('datatable(u:string, t:datetime)["a", datetime(2020-01-01)] | evaluate new_activity_metrics(u, t, datetime(2020-01-01), datetime(2020-01-02), 1d, datetime(2020-01-01), (print u="a"))')).toThrow(/lookback table/);
  });
});

describe('evaluate schema_merge', () => {
  it('takes getschema output, and a bool PreserveOrder', () => {
    expect(() => run('print x = 1 | evaluate schema_merge()')).toThrow(/schema_merge: the input has no ColumnName column/);
    expect(() => run('datatable(a:int)[] | getschema | evaluate schema_merge("yes")')).toThrow(/PreserveOrder is a bool constant/);
  });
});

describe('bag_unpack column conflicts', () => {
  it('by default a property that names an input column fails the query and says what to pass', () => {
    expect(() => run('datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John"})] | evaluate bag_unpack(d)'))
      .toThrow(/property 'Name' would make a second column 'Name'; pass columnsConflict='replace_source' or 'keep_source'/);
  });
  it('an unknown conflict kind is an error naming the kinds', () => {
    expect(() => run('datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John"})] | evaluate bag_unpack(d, columnsConflict="merge")'))
      .toThrow(/columnsConflict must be 'error', 'replace_source' or 'keep_source'/);
  });
});

describe('aggregates with several output columns', () => {
  it('percentiles and percentilesw spread their results over one column per percent', () => {
    const r = run('datatable(ReqCount:long, LatencyBucket:long)[8, 10, 6, 20, 3, 30, 1, 40] | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9), percentiles(LatencyBucket, 10, 90) by g = 1');
    expect(r.columns.map((c) => c.name)).toEqual(['g', 'percentile_LatencyBucket_50', 'percentile_LatencyBucket_75', 'percentile_LatencyBucket_99_9', 'percentile_LatencyBucket_10', 'percentile_LatencyBucket_90']);
    expect(r.rows).toEqual([[1, 20, 20, 40, 10, 40]]);
  });
});
