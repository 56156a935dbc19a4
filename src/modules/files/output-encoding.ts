/**
 * The template module's output_encoding: Python's codec names mapped to what Node's Buffer writes.
 * A character the encoding cannot hold fails the task as Python's strict encoder does; an
 * encoding Buffer has no codec for is refused by name.
 */
import { ModuleError } from '../../errors.js';

/** Python's spellings (lower case, '-' and ' ' read as '_') of the codecs Buffer has. */
interface Codec {
  node: BufferEncoding;
  limit: number;
}
const codec = (node: BufferEncoding, limit: number) => (name: string): [string, Codec] => [name, { node, limit }];
const CODECS: ReadonlyMap<string, Codec> = new Map<string, Codec>([
  ...['utf_8', 'utf8', 'u8', 'utf', 'cp65001'].map(codec('utf8', 0x10ffff)),
  ...['latin_1', 'latin1', 'latin', 'l1', 'iso_8859_1', 'iso8859_1', '8859', 'cp819'].map(codec('latin1', 0xff)),
  ...['ascii', 'us_ascii', '646'].map(codec('ascii', 0x7f)),
  ...['utf_16_le', 'utf_16le', 'utf16le'].map(codec('utf16le', 0x10ffff)),
]);

export const OUTPUT_ENCODINGS = 'utf-8, latin-1 (iso-8859-1), ascii, utf-16-le';

export function encodeOutput(text: string, encoding: string): Buffer {
  const found = CODECS.get(encoding.trim().toLowerCase().replace(/[-\s]/g, '_'));
  if (!found) throw new ModuleError(`output_encoding '${encoding}' is not supported by play (it writes ${OUTPUT_ENCODINGS})`, { output_encoding: encoding });
  let position = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > found.limit) {
      throw new ModuleError(`'${encoding}' codec can't encode character '\\u${code.toString(16).padStart(4, '0')}' in position ${position}: ordinal not in range(${found.limit + 1})`);
    }
    position++;
  }
  return Buffer.from(text, found.node);
}
