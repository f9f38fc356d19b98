/**
 * Aggregates. Convention shared with the engine: an aggregate with several output columns (arg_max, arg_min,
 * take_any with several arguments) returns an array holding one value per output column.
 */
import './count.ts';
import './sum.ts';
import './avg.ts';
import './min-max.ts';
import './dcount.ts';
import './make-set.ts';
import './make-list.ts';
import './make-bag.ts';
import './arg-max.ts';
import './take-any.ts';
import './stats.ts';
import './percentile.ts';
import './binary-all.ts';
import './hll.ts';
import './tdigest.ts';
import './buildschema.ts';
