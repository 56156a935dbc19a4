/**
 * Arguments play recognises but does not act on are refused by name, never ignored: a schema
 * built here lets only the value that changes nothing through (the default), and says why
 * otherwise. The schema-walk test (test/modules/no-silent-args.test.ts) finds them by this mark
 * and proves each one refuses.
 */
import { z } from 'zod';
import { parseBoolean } from '../util/ansible-boolean.js';

/** Schemas made here, with the value that must be refused (for the test) and the reason. */
export const REFUSED_ARGS = new WeakMap<z.ZodType, { sample: unknown; reason: string }>();

/** Any value is refused. */
export function refusedArg(reason: string, sample: unknown = 'x'): z.ZodType<undefined> {
  const schema = z.any().refine((v) => v === undefined, { message: reason }).optional() as unknown as z.ZodType<undefined>;
  REFUSED_ARGS.set(schema, { sample, reason });
  return schema;
}

/** A boolean of which only `allowed` (what play always does) is accepted. */
export function onlyBoolean(allowed: boolean, reason: string): z.ZodType<boolean | undefined> {
  const schema = z
    .any()
    .refine((v) => v === undefined || parseBoolean(v) === allowed, { message: reason })
    .transform((v) => (v === undefined ? undefined : allowed))
    .optional() as unknown as z.ZodType<boolean | undefined>;
  REFUSED_ARGS.set(schema, { sample: !allowed, reason });
  return schema;
}

/** A string of which only `allowed` (case-insensitive; one or several spellings) is accepted. */
export function onlyString(allowed: string | readonly string[], reason: string, sample: string): z.ZodType<string | undefined> {
  const ok = (Array.isArray(allowed) ? allowed : [allowed]).map((s: string) => s.toLowerCase());
  const schema = z
    .any()
    .refine((v) => v === undefined || ok.includes(String(v).toLowerCase()), { message: reason })
    .optional() as unknown as z.ZodType<string | undefined>;
  REFUSED_ARGS.set(schema, { sample, reason });
  return schema;
}
