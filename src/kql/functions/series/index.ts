/**
 * Series functions. Functions whose binder result is a tuple (series_stats, series_fit_line, series_decompose,
 * series_decompose_anomalies, series_periods_detect) return an array with one value per tuple column.
 */
import './stats.ts';
import './fit-line.ts';
import './decompose.ts';
import './decompose-forecast.ts';
import './fill.ts';
import './elementwise.ts';
import './fft.ts';
import './fit-poly.ts';
import './fit-2lines.ts';
import './seasonal.ts';
