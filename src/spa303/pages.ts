import { xmlEscape } from '../protocol/spa303/flat-profile.js';
import { EXTENSIONS } from './params.js';

/** The emulator's small HTML pages. The status page never shows a password. */

export function messagePage(title: string, text: string): string {
  return `<html><head><title>${xmlEscape(title)}</title></head><body><h1>${xmlEscape(title)}</h1><p>${xmlEscape(text)}</p></body></html>\n`;
}

export function statusPage(values: Readonly<Record<string, string>>): string {
  const rows: [string, string][] = [
    ['Product Name', 'SPA303'],
    ['Software Version', '7.5.5'],
    ['Station Name', values.Station_Name ?? ''],
  ];
  for (const n of EXTENSIONS) {
    const enabled = values[`Line_Enable_${n}_`] === 'Yes';
    const user = values[`User_ID_${n}_`] ?? '';
    const proxy = values[`Proxy_${n}_`] ?? '';
    rows.push([`Ext ${n}`, enabled ? (user && proxy ? `${user}@${proxy}` : 'not configured') : 'disabled']);
  }
  const body = rows.map(([k, v]) => `<tr><td>${xmlEscape(k)}:</td><td>${xmlEscape(v)}</td></tr>`).join('\n');
  return `<html><head><title>SPA303 Phone Information</title></head><body>\n<h1>Phone Information</h1>\n<table>\n${body}\n</table>\n</body></html>\n`;
}
