/**
 * YAML parser errors in plain words: where the mistake is, what it means and its likely cause, for every YAML file
 * the project reads (rules, functions, rule tests, workbooks, config). The parser's own text is kept at the end so
 * it can still be searched for. Error codes are those of the `yaml` package (`YAMLError.code`).
 */
import type { LineCounter, YAMLError } from 'yaml';

export interface ExplainedYamlError {
  /** Stable finding code: yaml-syntax, yaml-duplicate-key, yaml-tab-indent, yaml-multiple-documents. */
  code: string;
  line: number;
  column: number;
  message: string;
}

export function yamlErrorCode(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY': return 'yaml-duplicate-key';
    case 'TAB_AS_INDENT': return 'yaml-tab-indent';
    case 'MULTIPLE_DOCS': return 'yaml-multiple-documents';
    default: return 'yaml-syntax';
  }
}

/** The parser's message without its own position suffix and code frame. */
function rawMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

function lineAt(lines: string[], n: number): string {
  return lines[n - 1] ?? '';
}

const indentOf = (s: string) => /^ */.exec(s)![0].length;

/**
 * The block scalar (`key: |` or `key: >-`) that a line seems to belong to but is indented less than: the nearest
 * block header above it whose content lines are indented more deeply than this line.
 */
function outdentedBlockScalar(lines: string[], line: number): { header: number; key: string; indent: number } | undefined {
  const here = lineAt(lines, line);
  if (!here.trim()) return undefined;
  const indent = indentOf(here);
  for (let n = line - 1; n >= 1; n--) {
    const text = lineAt(lines, n);
    if (!text.trim()) continue;
    const header = /^(\s*)(?:-\s+)?([\w$.-]+):\s*[|>][+-]?\d?\s*(#.*)?$/.exec(text);
    if (header) {
      const content = lines.slice(n, line - 1).find((l) => l.trim());
      const blockIndent = content ? indentOf(content) : indentOf(text) + 2;
      const looksLikeKey = /^\s*(-\s+)?[\w$."'-]+\s*:(\s|$)/.test(here);
      return blockIndent > indent && (indent > header[1].length || !looksLikeKey) ? { header: n, key: header[2], indent: blockIndent } : undefined;
    }
    // Stop at the first line at or left of this indentation that is not inside a block scalar.
    if (indentOf(text) <= indent && /^\s*(-\s+)?[\w$."'-]+\s*:(\s|$)/.test(text)) return undefined;
  }
  return undefined;
}

/** "Nested mappings are not allowed in compact mappings": a value with ": " in it, or a key indented under a value. */
function nestedMappingCause(lines: string[], line: number): string {
  const here = lineAt(lines, line);
  const value = /^\s*(?:-\s+)?[^\s:#][^:#]*:\s+(.*)$/.exec(here)?.[1] ?? '';
  if (/:\s/.test(value) && !/^["'[{|>]/.test(value)) {
    return `the value on this line contains ": ", which YAML reads as another key; put the whole value in quotes (key: 'text: more text') or use a | block`;
  }
  for (let n = line + 1; n <= lines.length; n++) {
    const next = lineAt(lines, n);
    if (!next.trim() || /^\s*#/.test(next)) continue;
    if (indentOf(next) > indentOf(here) && /^\s*[\w$.-]+\s*:(\s|$)/.test(next)) {
      return `line ${n} ("${next.trim()}") is indented under this line's key, whose value is already written here, so YAML reads it as part of the value; line its key up with the keys above it (column ${indentOf(here) + 1})`;
    }
    break;
  }
  return 'a key inside a value written on the same line; put the value in quotes, or put the key on its own line';
}

/** A `- item` line whose dash is not in the column of the items just above it. */
function misalignedListItem(lines: string[], line: number): string | undefined {
  const here = lineAt(lines, line);
  if (!/^\s*-(\s|$)/.test(here)) return undefined;
  for (let n = line - 1; n >= 1; n--) {
    const text = lineAt(lines, n);
    if (!text.trim() || /^\s*#/.test(text)) continue;
    if (/^\s*-(\s|$)/.test(text) && indentOf(text) !== indentOf(here)) {
      return `; likely cause: this list item's "-" is in column ${indentOf(here) + 1} but the item above it (line ${n}) has it in column ${indentOf(text) + 1}; line up the "-" of one list in the same column`;
    }
    if (!/^\s*-(\s|$)/.test(text) && indentOf(text) <= indentOf(here)) return undefined;
  }
  return undefined;
}

/** The plain explanation and likely cause of one parser error at `line` (1-based) of `text`. */
function explain(code: string, raw: string, lines: string[], line: number, offsetText: string): string {
  const here = lineAt(lines, line).trim();
  const block = outdentedBlockScalar(lines, line);
  const blockCause = block
    ? `; likely cause: this line is indented less than the "${block.key}: |" block started on line ${block.header}, so YAML ends the block here — indent it to at least ${block.indent} spaces as the block's other lines`
    : undefined;
  const listCause = misalignedListItem(lines, line);
  switch (code) {
    case 'TAB_AS_INDENT': return 'tab used for indentation; indent YAML with spaces';
    case 'MULTIPLE_DOCS': return 'more than one YAML document (---) in the file; the file holds one document';
    case 'DUPLICATE_KEY': {
      const key = /^[\w$.-]+/.exec(offsetText)?.[0];
      return `duplicate key${key ? ` "${key}"` : ''}; remove or rename one of them`;
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      if (/Nested mappings/.test(raw)) return `${nestedMappingCause(lines, line)} (YAML parser: ${raw})`;
      const noColon = here && !/:(\s|$)/.test(here) && !here.startsWith('-') && !here.startsWith('#');
      const cause = blockCause ?? listCause
        ?? (noColon ? `; likely cause: "${here.length > 40 ? `${here.slice(0, 40)}...` : here}" has no ":" after its key (write "key: value")`
          : '; likely cause: a missing ":" after a key, or a line indented differently from the lines of the same mapping or list');
      return `YAML cannot tell where a key ends here: a key and its ":" must be on one line${cause} (YAML parser: ${raw})`;
    }
    case 'BAD_INDENT':
      return `the indentation does not match the lines around it${blockCause ?? listCause ?? '; line up the keys of one mapping (and the "-" of one list) in the same column'} (YAML parser: ${raw})`;
    case 'MISSING_CHAR':
      return `a bracket or quote is not closed${/^[[{]/.test(offsetText) ? `: this "${offsetText[0]}" has no matching "${offsetText[0] === '[' ? ']' : '}'}"` : ''}; close it (a [list] or {mapping} written on one line ends on that line) or write the items as a block (YAML parser: ${raw})`;
    case 'BLOCK_IN_FLOW':
      return `a block (a "- item" or "key: value" line) is inside [...] or {...}; close the brackets first or write the whole value as a block (YAML parser: ${raw})`;
    case 'BAD_SCALAR_START':
      return `a plain value cannot start with this character (${JSON.stringify(offsetText[0] ?? '')}); put the value in quotes (YAML parser: ${raw})`;
    case 'BAD_DQ_ESCAPE':
      return `a backslash escape in a "double-quoted" value is not valid YAML; use 'single quotes' or a | block for text with backslashes, such as KQL regular expressions (YAML parser: ${raw})`;
    case 'UNEXPECTED_TOKEN':
      return `YAML did not expect this character here${blockCause ?? '; look for a stray character, a missing ":" or "-", or a value that needs quotes'} (YAML parser: ${raw})`;
    case 'NON_STRING_KEY':
      return `a key is a list or mapping; keys are plain names followed by ":" (YAML parser: ${raw})`;
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return `an alias (*name) is not defined or is used wrongly; define the anchor (&name) before it, or write the value out (YAML parser: ${raw})`;
    default:
      return blockCause ? `${raw}${blockCause}` : raw;
  }
}

/**
 * The offset of the last `[` or `{` before `end` that is still open there, outside quotes and comments (a rough
 * scan of the flow syntax, enough to place the message), or undefined.
 */
function unclosedOpener(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = ch;
    else if (ch === '[' || ch === '{') open.push(i);
    else if ((ch === ']' || ch === '}') && open.length) open.pop();
  }
  return open.at(-1);
}

/** A parser error of `text` in plain words, at its line and column. */
export function explainYamlError(error: YAMLError, text: string, lineCounter: LineCounter): ExplainedYamlError {
  let offset = error.pos?.[0] ?? 0;
  // An unclosed bracket is found by the parser where the file or the collection ends; point at the opener.
  const unclosed = error.code === 'MISSING_CHAR' || /end with an? [\]}]/.test(error.message);
  if (unclosed) offset = unclosedOpener(text, offset) ?? offset;
  const lp = lineCounter.linePos(offset);
  const lines = text.split(/\r?\n/);
  return {
    code: yamlErrorCode(error.code),
    line: lp.line,
    column: lp.col,
    message: explain(unclosed ? 'MISSING_CHAR' : error.code, rawMessage(error.message), lines, lp.line, text.slice(offset)),
  };
}
