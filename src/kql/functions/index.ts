/**
 * Registers every built-in: importing this module fills the registry (registry.ts) for the engine.
 * One folder per family; each folder's index.ts imports its built-ins, one small file per function or tight family.
 *
 * Results with several output columns: a scalar function whose binder result is a tuple (series_stats,
 * series_fit_line, series_decompose_anomalies, ...) and an aggregate with several output columns (arg_max/arg_min,
 * take_any with several arguments, percentiles with several percents) return an array holding one value per
 * output column, in the binder's column order.
 */
import './aggregates/index.ts';
import './conversion/index.ts';
import './datetime/index.ts';
import './dynamic/index.ts';
import './geo/index.ts';
import './hash/index.ts';
import './ip/index.ts';
import './logic/index.ts';
import './math/index.ts';
import './operators/index.ts';
import './series/index.ts';
import './string/index.ts';
import './window/index.ts';
