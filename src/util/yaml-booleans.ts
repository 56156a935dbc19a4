import type { Tags } from 'yaml';

const BOOL_TAG = 'tag:yaml.org,2002:bool';
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const YAML11_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const PYYAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/;

/**
 * Which bare words a YAML file turns into booleans, as PyYAML's YAML 1.1 resolver does. This is
 * deliberately not Ansible's boolean rule (util/ansible-boolean.ts): that one reads a keyword or
 * argument as a boolean after loading, and accepts "t", "y" or "1" that YAML leaves as strings.
 *
 * YAML 1.1 lists y/Y/n/N as booleans but PyYAML, and so Ansible, keeps them as strings
 * (`answer: y` is the string "y"); narrow the boolean tags to what PyYAML resolves.
 */
export function pyyamlBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || !tag.test) return tag;
    // the same for floats: a lone "." is the string ".", not NaN (PyYAML needs a digit)
    if (tag.tag === FLOAT_TAG && String(tag.test) === String(YAML11_FLOAT)) return { ...tag, test: PYYAML_FLOAT };
    if (tag.tag !== BOOL_TAG) return tag;
    return { ...tag, test: tag.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE };
  });
}
