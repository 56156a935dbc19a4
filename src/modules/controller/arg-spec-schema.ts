import { z } from 'zod';

/**
 * What a role argument spec (meta/argument_specs.yml) may say of an option: every key Ansible
 * 2.14's ArgumentSpecValidator reads, plus the keys that only document (description,
 * version_added). Any other key is refused by name: Ansible would ignore a misspelt `requird`.
 */
export interface OptionSpec {
  type?: string | undefined;
  required?: boolean | undefined;
  default?: unknown;
  choices?: unknown[] | undefined;
  elements?: string | undefined;
  options?: ArgSpec | null | undefined;
  aliases?: string[] | undefined;
  deprecated_aliases?: DeprecatedAlias[] | undefined;
  apply_defaults?: boolean | undefined;
  no_log?: boolean | undefined;
  fallback?: unknown[] | undefined;
  removed_in_version?: unknown;
  removed_at_date?: unknown;
  removed_from_collection?: unknown;
  mutually_exclusive?: Groups | undefined;
  required_together?: Groups | undefined;
  required_one_of?: Groups | undefined;
  required_if?: unknown[][] | undefined;
  required_by?: Record<string, string | string[]> | undefined;
  description?: unknown;
  version_added?: unknown;
}

export type ArgSpec = Record<string, OptionSpec>;
/** Lists of option names (a bare name counts as a group of one, as Ansible's count_terms reads it). */
export type Groups = (string | string[])[];

export interface DeprecatedAlias {
  name: string;
  version?: unknown;
  date?: unknown;
  collection_name?: unknown;
}

/** The checks across options, at the entry point (the validator's arguments) or on a dict option. */
export interface SpecConstraints {
  mutually_exclusive?: Groups | undefined;
  required_together?: Groups | undefined;
  required_one_of?: Groups | undefined;
  required_if?: unknown[][] | undefined;
  required_by?: Record<string, string | string[]> | undefined;
}

const groups = z.array(z.union([z.string(), z.array(z.string())]));

export const constraintShape = {
  mutually_exclusive: groups.optional(),
  required_together: groups.optional(),
  required_one_of: groups.optional(),
  // [name, value, [names]] or [name, value, [names], true]: the length is checked with the rule
  required_if: z.array(z.array(z.unknown()).min(3).max(4)).optional(),
  required_by: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
};

export const optionSpecSchema: z.ZodType<OptionSpec> = z.lazy(() =>
  z.strictObject({
    type: z.string().optional(),
    required: z.boolean().optional(),
    default: z.unknown().optional(),
    choices: z.array(z.unknown()).optional(),
    elements: z.string().optional(),
    options: z.record(z.string(), optionSpecSchema).nullable().optional(),
    aliases: z.array(z.string()).optional(),
    deprecated_aliases: z.array(z.strictObject({ name: z.string(), version: z.unknown().optional(), date: z.unknown().optional(), collection_name: z.unknown().optional() })).optional(),
    apply_defaults: z.boolean().optional(),
    no_log: z.boolean().optional(),
    fallback: z.array(z.unknown()).optional(),
    removed_in_version: z.unknown().optional(),
    removed_at_date: z.unknown().optional(),
    removed_from_collection: z.unknown().optional(),
    ...constraintShape,
    description: z.unknown().optional(),
    version_added: z.unknown().optional(),
  }),
);

export const argSpecSchema = z.record(z.string(), optionSpecSchema);
