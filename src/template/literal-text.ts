import { parsePythonLiteral } from '../util/python-literal.js';

/**
 * Ansible 2.14 without jinja2_native (ansible_eval_concat, used by every Templar.template call):
 * a rendered result whose text starts with `{` or `[`, or is `True`/`False`, is read back with
 * ast.literal_eval (`true`, `false` and `null` allowed, as Json2Python does), and becomes that
 * list, dict or boolean; text literal_eval rejects (`[general]`, `{foo}`) stays text. Numbers
 * and other text are never converted. Template files (the template module) are not read back,
 * nor is output that is one value marked by a string filter (native-text.ts: the caller knows).
 */
export function renderedTextAsData(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (!(value.startsWith('{') || value.startsWith('[') || value === 'True' || value === 'False')) return value;
  const parsed = parsePythonLiteral(value, { jsonNames: true });
  return parsed.ok ? parsed.value : value;
}
