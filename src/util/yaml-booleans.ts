import type { Tags } from 'yaml';

const BOOL_TAG = 'tag:yaml.org,2002:bool';
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * YAML 1.1 lists y/Y/n/N as booleans but PyYAML, and so Ansible, keeps them as strings
 * (`answer: y` is the string "y"); narrow the boolean tags to what PyYAML resolves.
 */
export function pyyamlBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== BOOL_TAG || !('test' in tag) || !tag.test) return tag;
    return { ...tag, test: tag.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE };
  });
}
