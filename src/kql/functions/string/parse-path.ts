/**
 * parse_path(path): {Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension,
 * AlternateDataStreamName} for Windows, UNC, URI (`file://`) and POSIX paths.
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

export function parsePath(input: string): Record<string, string> {
  let p = input.trim();
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//.exec(p);
  if (sm) {
    scheme = sm[1]!;
    p = p.slice(sm[0].length);
  }
  let root = '';
  const rm = /^([A-Za-z]:)/.exec(p);
  if (rm) root = rm[1]!;
  // An alternate data stream follows a colon after the drive letter.
  let stream = '';
  const colon = p.indexOf(':', root.length);
  if (colon >= 0) {
    stream = p.slice(colon + 1);
    p = p.slice(0, colon);
  }
  const sep = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  const filename = sep >= 0 ? p.slice(sep + 1) : p;
  const dirPath = sep >= 0 ? p.slice(0, sep) : '';
  const dsep = Math.max(dirPath.lastIndexOf('\\'), dirPath.lastIndexOf('/'));
  const dirName = dsep >= 0 ? dirPath.slice(dsep + 1) : dirPath === root ? '' : dirPath;
  const dot = filename.lastIndexOf('.');
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: dirPath,
    DirectoryName: dirName,
    Filename: filename,
    Extension: dot >= 0 ? filename.slice(dot + 1) : '',
    AlternateDataStreamName: stream,
  };
}

defineScalar((F) => F.ParsePath, (site) => (s: unknown) => parsePath(formatValue(s, site.argTypes[0] ?? 'unknown')));
