/**
 * zlib_compress_to_base64_string / zlib_decompress_from_base64_string and gzip_compress_to_base64_string /
 * gzip_decompress_from_base64_string: UTF-8 text through zlib or gzip and base64. Invalid input decompresses to "".
 * Kusto writes the text uncompressed, in stored deflate blocks, as the reference's examples show (a zlib header of
 * 78 01; a gzip header with no time, no extra flags and an unknown OS): the same bytes here.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

function decompress(inflate: (b: Buffer) => Buffer) {
  return (site: { argTypes: string[] }) => (v: unknown) => {
    const text = formatValue(v, (site.argTypes[0] ?? 'unknown') as never).trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text === '') return '';
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(inflate(Buffer.from(text, 'base64')));
    } catch {
      return '';
    }
  };
}

const STORED = { level: 0 };

defineScalar((F) => F.ZlibCompressString, (site) => (v: unknown) =>
  deflateSync(Buffer.from(formatValue(v, site.argTypes[0] ?? 'unknown'), 'utf8'), STORED).toString('base64'));
defineScalar((F) => F.GzipCompressString, (site) => (v: unknown) => {
  const out = gzipSync(Buffer.from(formatValue(v, site.argTypes[0] ?? 'unknown'), 'utf8'), STORED);
  out[8] = 0; // XFL: none
  out[9] = 0xff; // OS: unknown
  return out.toString('base64');
});
defineScalar((F) => F.ZlibDecompressString, decompress(inflateSync));
defineScalar((F) => F.GzipDecompressString, decompress(gunzipSync));
