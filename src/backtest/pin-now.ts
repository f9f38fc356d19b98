/**
 * A workspace query's now() is the service's clock. A backtest run at t must see now() = t, as Sentinel's run at
 * t did: Log Analytics takes no query_now option, so `now()`, `now(offset)` and `ago(span)` are rewritten to a
 * `let __backtest_now = datetime(t);` declared first. Only identifier tokens followed by `(` are touched (never
 * strings, comments or columns of those names). The rest of the text is the same for every run of a rule, which
 * keeps the service's (and the imitations') compiled-query caches warm.
 */
import { lexicalTokens } from '../replay/shared-functions.ts';

export function kqlDatetime(d: Date): string {
  return `datetime(${d.toISOString()})`;
}

export const NOW_NAME = '__backtest_now';

export function pinNow(query: string, now: Date): string {
  const body = pinNowTo(query, NOW_NAME);
  return body === query ? query : `let ${NOW_NAME} = ${kqlDatetime(now)};\n${body}`;
}

/** The text with now()/ago() expressed through the name `at` (a datetime let). */
export function pinNowTo(query: string, at: string): string {
  if (!/\b(now|ago)\s*\(/.test(query)) return query;
  const toks = lexicalTokens(query);
  const edits: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'IdentifierToken' || (t.text !== 'now' && t.text !== 'ago') || toks[i + 1]?.text !== '(') continue;
    if (toks[i - 1]?.text === '.') continue;
    let depth = 0;
    let j = i + 1;
    for (; j < toks.length; j++) {
      if (toks[j]!.text === '(' || toks[j]!.text === '[' || toks[j]!.text === '{') depth++;
      else if (toks[j]!.text === ')' || toks[j]!.text === ']' || toks[j]!.text === '}') depth--;
      if (depth === 0) break;
    }
    if (j >= toks.length) continue;
    const arg = pinNowTo(query.slice(toks[i + 1]!.end, toks[j]!.start).trim(), at);
    const text = !arg ? at : t.text === 'now' ? `(${at} + (${arg}))` : `(${at} - (${arg}))`;
    edits.push({ start: t.start, end: toks[j]!.end, text });
    i = j;
  }
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += query.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + query.slice(pos);
}
