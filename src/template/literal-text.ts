import { parsePythonLiteral } from '../util/python-literal.js';

/**
 * Ansible 2.14 without jinja2_native (ansible_eval_concat, used by every Templar.template call):
 * a rendered result whose text starts with `{` or `[`, or is `True`/`False`, is read back with
 * ast.literal_eval (`true`, `false` and `null` allowed, as Json2Python does), and becomes that
 * list, dict or boolean; text literal_eval rejects (`[general]`, `{foo}`) stays text. Numbers
 * and other text are never converted. Template files (the template module) are not read back.
 */
export function renderedTextAsData(value: unknown, template?: string): unknown {
  if (template !== undefined && STRING_FILTER_LAST.test(template)) return value;
  if (typeof value !== 'string') return value;
  if (!(value.startsWith('{') || value.startsWith('[') || value === 'True' || value === 'False')) return value;
  const parsed = parsePythonLiteral(value, { jsonNames: true });
  return parsed.ok ? parsed.value : value;
}

/**
 * Ansible's STRING_TYPE_FILTERS: a template that is one `{{ … }}` ending in one of these keeps
 * their text (their result is NativeJinjaText, which ansible_eval_concat returns as it is).
 */
const STRING_FILTER_LAST = /^\s*{{(?:(?!}}|{{).)*\|\s*(?:string|to_json|to_nice_json|to_yaml|to_nice_yaml|ppretty|json)\s*(?:\([^|]*\))?\s*}}\s*$/s;
