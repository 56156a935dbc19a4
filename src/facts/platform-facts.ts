import type { GatherOutput } from './gather-output.js';
import { sectionPairs } from './gather-output.js';

/** Ansible's date_time: every value a string, iso8601 in UTC, the rest in the host's zone. */
export function dateTimeFacts(kv: Record<string, string>, tz: readonly string[] | undefined): Record<string, string> | undefined {
  const f = kv.date?.split('|');
  if (!f || f.length < 12) return undefined;
  const [year, month, day, hour, minute, second, zone, offset, weekday, weekdayNumber, weeknumber, epoch] = f as [string, string, string, string, string, string, string, string, string, string, string, string];
  // %N is GNU date's; elsewhere it prints "N" or nothing
  const micro = /^\d{9}$/.test(f[12] ?? '') ? (f[12] as string).slice(0, 6) : '000000';
  const utc = new Date(Number(epoch) * 1000).toISOString().slice(0, 19);
  return {
    date: `${year}-${month}-${day}`,
    day,
    epoch,
    epoch_int: epoch,
    hour,
    iso8601: `${utc}Z`,
    iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`,
    iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
    iso8601_micro: `${utc}.${micro}Z`,
    minute,
    month,
    second,
    time: `${hour}:${minute}:${second}`,
    tz: zone,
    tz_dst: dstName(tz, zone),
    tz_offset: offset,
    weekday,
    weekday_number: weekdayNumber,
    weeknumber,
    year,
  };
}

/** Python's time.tzname[1]: of January's and July's zone names, the one with the larger offset. */
function dstName(lines: readonly string[] | undefined, zone: string): string {
  const halves = (lines ?? []).map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 2) as [string, string][];
  if (halves.length !== 2) return zone;
  const [jan, jul] = halves as [[string, string], [string, string]];
  return Number(jul[1]) > Number(jan[1]) ? jul[0] : jan[0];
}

/** `env` output: NAME=value lines; a line without `=` continues the value before it. */
export function envFacts(lines: readonly string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines ?? []) {
    const eq = line.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(line.slice(0, eq))) {
      last = line.slice(0, eq);
      env[last] = line.slice(eq + 1);
    } else if (last !== undefined) env[last] += `\n${line}`;
  }
  return env;
}

/** The user facts: ids from `id`, the rest from the passwd entry. */
export function userFacts(out: GatherOutput): Record<string, unknown> {
  const { kv } = out;
  const entry = (out.sections.get('passwd') ?? []).find((l) => l.includes(':'))?.split(':') ?? [];
  const uid = Number(kv.user_uid ?? -1);
  const gid = kv.user_gid === undefined ? Number(entry[3] ?? -1) : Number(kv.user_gid);
  return {
    user_id: kv.user_id ?? '',
    user_uid: uid,
    user_gid: gid,
    user_gecos: entry[4] ?? '',
    user_dir: entry[5] ?? '',
    user_shell: entry[6] ?? '',
    real_user_id: uid,
    effective_user_id: uid,
    real_group_id: gid,
    effective_group_id: gid,
  };
}

/** Ansible's lsb: from `lsb_release -a`, else /etc/lsb-release; {} when neither is there. */
export function lsbFacts(out: GatherOutput): Record<string, string> {
  const lsb: Record<string, string> = {};
  const fromTool = out.sections.get('lsb_release');
  if (fromTool) {
    const p = sectionPairs(fromTool, /:\s*/);
    const map: Record<string, string> = { 'Distributor ID': 'id', Release: 'release', Description: 'description', Codename: 'codename' };
    for (const [k, name] of Object.entries(map)) if (p[k] !== undefined) lsb[name] = p[k];
  } else {
    const p = sectionPairs(out.sections.get('lsb_file'));
    const map: Record<string, string> = { DISTRIB_ID: 'id', DISTRIB_RELEASE: 'release', DISTRIB_DESCRIPTION: 'description', DISTRIB_CODENAME: 'codename' };
    for (const [k, name] of Object.entries(map)) if (p[k] !== undefined) lsb[name] = p[k].replace(/^"(.*)"$/, '$1');
  }
  if (lsb.release) lsb.major_release = lsb.release.split('.')[0] as string;
  return lsb;
}

/** Ansible's selinux: {status: disabled}, or the mode, the configured mode, type and policy version. */
export function selinuxFacts(out: GatherOutput): Record<string, unknown> {
  const enforce = out.kv.selinux_enforce;
  if (enforce === undefined) return { status: 'disabled' };
  const cfg = sectionPairs(out.sections.get('selinux_config'));
  return {
    status: 'enabled',
    mode: enforce === '1' ? 'enforcing' : 'permissive',
    config_mode: cfg.SELINUX ?? 'unknown',
    type: cfg.SELINUXTYPE ?? 'unknown',
    policyvers: out.kv.selinux_policyvers === undefined ? 'unknown' : Number(out.kv.selinux_policyvers),
  };
}

export function uptimeSeconds(kv: Record<string, string>): number | undefined {
  const s = kv.uptime?.split(/\s+/)[0];
  return s === undefined || s === '' ? undefined : Math.floor(Number(s));
}
