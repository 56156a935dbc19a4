/**
 * Python's datetime.datetime and datetime.timedelta, as far as templates use them: what the
 * `to_datetime` filter returns, subtraction and addition, their attributes, and str() as Python
 * prints them (`2016-01-01 00:00:00`, `1 day, 0:00:00`). Naive datetimes only, as to_datetime
 * makes them. Fields are own data properties so `.days` and `.year` read like dict keys.
 */
import { JinjaError } from './errors.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_S = 86_400;

/** Python's time.strftime for the directives playbooks use. */
export function strftime(format: string, d: Date, utc: boolean): string {
  const get = {
    Y: utc ? d.getUTCFullYear() : d.getFullYear(),
    m: (utc ? d.getUTCMonth() : d.getMonth()) + 1,
    d: utc ? d.getUTCDate() : d.getDate(),
    H: utc ? d.getUTCHours() : d.getHours(),
    M: utc ? d.getUTCMinutes() : d.getMinutes(),
    S: utc ? d.getUTCSeconds() : d.getSeconds(),
    w: utc ? d.getUTCDay() : d.getDay(),
  };
  const start = utc ? Date.UTC(get.Y, 0, 1) : new Date(get.Y, 0, 1).getTime();
  const yday = Math.floor((d.getTime() - start) / 86_400_000) + 1;
  const offset = utc ? 0 : -d.getTimezoneOffset();
  return format.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y': return String(get.Y);
      case 'y': return pad(get.Y % 100);
      case 'm': return pad(get.m);
      case 'd': return pad(get.d);
      case 'e': return String(get.d).padStart(2, ' ');
      case 'H': return pad(get.H);
      case 'I': return pad(get.H % 12 || 12);
      case 'M': return pad(get.M);
      case 'S': return pad(get.S);
      case 'p': return get.H < 12 ? 'AM' : 'PM';
      case 'j': return pad(yday, 3);
      case 'a': return (DAYS[get.w] as string).slice(0, 3);
      case 'A': return DAYS[get.w] as string;
      case 'b': return (MONTHS_FULL[get.m - 1] as string).slice(0, 3);
      case 'B': return MONTHS_FULL[get.m - 1] as string;
      case 'w': return String(get.w);
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'z': return `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
      case 'F': return `${get.Y}-${pad(get.m)}-${pad(get.d)}`;
      case 'T': return `${pad(get.H)}:${pad(get.M)}:${pad(get.S)}`;
      case '%': return '%';
      default: throw new JinjaError(`strftime: the directive ${all} is not supported by play`);
    }
  });
}

export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  /** Normalised as Python does: 0 <= seconds < 86400, 0 <= microseconds < 1e6, days carry the sign. */
  constructor(days: number, seconds: number, microseconds = 0) {
    let us = microseconds;
    let s = seconds + Math.floor(us / 1e6);
    us -= Math.floor(us / 1e6) * 1e6;
    let d = days + Math.floor(s / DAY_S);
    s -= Math.floor(s / DAY_S) * DAY_S;
    if (!Number.isFinite(d)) throw new JinjaError('timedelta out of range');
    d = d === 0 ? 0 : d; // no -0
    this.days = d;
    this.seconds = s;
    this.microseconds = us;
  }

  total_seconds(): number {
    return this.days * DAY_S + this.seconds + this.microseconds / 1e6;
  }

  toString(): string {
    const hh = Math.floor(this.seconds / 3600);
    const mm = Math.floor((this.seconds % 3600) / 60);
    const ss = this.seconds % 60;
    let s = `${hh}:${pad(mm)}:${pad(ss)}`;
    if (this.days) s = `${this.days} day${Math.abs(this.days) !== 1 ? 's' : ''}, ${s}`;
    if (this.microseconds) s += `.${pad(this.microseconds, 6)}`;
    return s;
  }

  /** For <, > and sorting. */
  valueOf(): number {
    return this.total_seconds();
  }
}

export class PyDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {}

  /** Whole seconds since 1970-01-01 as if the time were UTC (exact for every year 1..9999). */
  epochSeconds(): number {
    const d = new Date(0);
    d.setUTCFullYear(this.year, this.month - 1, this.day);
    d.setUTCHours(this.hour, this.minute, this.second, 0);
    return d.getTime() / 1000;
  }

  static fromEpochSeconds(seconds: number, microsecond: number): PyDateTime {
    const d = new Date(seconds * 1000);
    return new PyDateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), microsecond);
  }

  /** As a Date whose UTC fields are this datetime's (for strftime with utc). */
  asUtcDate(): Date {
    return new Date(this.epochSeconds() * 1000 + Math.floor(this.microsecond / 1000));
  }

  isoformat(sep = 'T'): string {
    const frac = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}`;
  }

  weekday(): number {
    return (this.asUtcDate().getUTCDay() + 6) % 7;
  }

  toString(): string {
    return this.isoformat(' ');
  }

  valueOf(): number {
    return this.epochSeconds() + this.microsecond / 1e6;
  }
}

/** datetime - datetime, datetime - timedelta, timedelta - timedelta; undefined when neither side is one. */
export function dateSub(a: unknown, b: unknown): PyDateTime | PyTimedelta | undefined {
  if (a instanceof PyDateTime && b instanceof PyDateTime) {
    return new PyTimedelta(0, a.epochSeconds() - b.epochSeconds(), a.microsecond - b.microsecond);
  }
  if (b instanceof PyTimedelta) {
    const neg = new PyTimedelta(-b.days, -b.seconds, -b.microseconds);
    return dateAdd(a, neg);
  }
  return undefined;
}

/** datetime + timedelta (either order), timedelta + timedelta; undefined when neither side is one. */
export function dateAdd(a: unknown, b: unknown): PyDateTime | PyTimedelta | undefined {
  if (a instanceof PyTimedelta && b instanceof PyDateTime) return dateAdd(b, a);
  if (a instanceof PyDateTime && b instanceof PyTimedelta) {
    const t = new PyTimedelta(0, a.epochSeconds() + b.days * DAY_S + b.seconds, a.microsecond + b.microseconds);
    return PyDateTime.fromEpochSeconds(t.days * DAY_S + t.seconds, t.microseconds);
  }
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return new PyTimedelta(a.days + b.days, a.seconds + b.seconds, a.microseconds + b.microseconds);
  return undefined;
}

export function isDateValue(v: unknown): v is PyDateTime | PyTimedelta {
  return v instanceof PyDateTime || v instanceof PyTimedelta;
}

/** The Python methods of a datetime or timedelta, for `d.strftime(…)`, `delta.total_seconds()`. */
export function dateMethod(self: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (self instanceof PyTimedelta && name === 'total_seconds') return () => self.total_seconds();
  if (!(self instanceof PyDateTime)) return undefined;
  switch (name) {
    case 'strftime':
      return (fmt: unknown) => strftime(String(fmt), self.asUtcDate(), true);
    case 'isoformat':
      return (sep: unknown) => self.isoformat(sep === undefined ? 'T' : String(sep));
    case 'weekday':
      return () => self.weekday();
    default:
      return undefined;
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Python's datetime.strptime for the directives playbooks use; Python's message when the text does not match. */
export function strptime(text: string, format: string): PyDateTime {
  const f = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, us: 0, pm: undefined as boolean | undefined, I: undefined as number | undefined };
  const fail = (): never => {
    throw new JinjaError(`time data '${text}' does not match format '${format}'`);
  };
  let pos = 0;
  const num = (min: number, max: number): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(text.slice(pos));
    if (!m) fail();
    pos += (m as RegExpExecArray)[0].length;
    return Number((m as RegExpExecArray)[0]);
  };
  const word = (names: readonly string[]): number => {
    const rest = text.slice(pos).toLowerCase();
    const i = names.findIndex((n) => rest.startsWith(n));
    if (i < 0) fail();
    pos += (names[i] as string).length;
    return i;
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      if (/\s/.test(c)) {
        while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
      } else if (text[pos] === c) pos++;
      else fail();
      continue;
    }
    const dir = format[++i];
    switch (dir) {
      case 'Y': f.Y = num(4, 4); break;
      case 'y': { const y = num(2, 2); f.Y = y < 69 ? 2000 + y : 1900 + y; break; }
      case 'm': f.m = num(1, 2); break;
      case 'd': f.d = num(1, 2); break;
      case 'H': f.H = num(1, 2); break;
      case 'I': f.I = num(1, 2); break;
      case 'M': f.M = num(1, 2); break;
      case 'S': f.S = num(1, 2); break;
      case 'f': { const start = pos; const v = num(1, 6); f.us = v * 10 ** (6 - (pos - start)); break; }
      case 'p': f.pm = word(['am', 'pm']) === 1; break;
      case 'b': f.m = word(MONTHS) + 1; break;
      case 'B': f.m = word(MONTH_NAMES) + 1; break;
      case '%': if (text[pos] === '%') pos++; else fail(); break;
      default: throw new JinjaError(`to_datetime: the directive %${dir ?? ''} is not supported by play`);
    }
  }
  if (pos !== text.length) throw new JinjaError(`unconverted data remains: ${text.slice(pos)}`);
  if (f.I !== undefined) f.H = (f.I % 12) + (f.pm ? 12 : 0);
  const dt = new PyDateTime(f.Y, f.m, f.d, f.H, f.M, f.S, f.us);
  const check = PyDateTime.fromEpochSeconds(dt.epochSeconds(), f.us);
  if (f.m < 1 || f.m > 12 || f.d < 1 || f.d > 31 || f.H > 23 || f.M > 59 || f.S > 61) fail();
  if (check.day !== f.d || check.month !== f.m) throw new JinjaError('day is out of range for month');
  return dt;
}
