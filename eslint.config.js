// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Layer boundaries. Dependencies point one way: cli → executor → playbook / inventory / vars /
 * template → modules → facts → connection, with errors, util, protocol and secrets at the bottom.
 * lab, spa303 (the phone emulator), bench, loadtest, history (the run database) and serve (the
 * dashboard) sit on top; the engine never imports them. history only listens to events: it never
 * imports the CLI or the dashboard.
 *
 * The rules match import specifiers lexically ("../../lab/…"), for static imports, re-exports
 * and dynamic import(). From a nested folder "../lab/" would name a sibling that does not
 * exist, so matching any number of "../" only ever errs on the strict side.
 */
const ENGINE = ['playbook', 'inventory', 'vars', 'template', 'executor', 'modules', 'facts', 'connection', 'secrets', 'vault', 'reporter', 'util', 'project', 'protocol'];
const ON_TOP = ['lab', 'spa303', 'bench', 'loadtest', 'cli', 'history', 'serve'];
const ABOVE_MODULES = ['executor', 'playbook', 'inventory', 'vars', 'template', 'reporter', 'project'];

/** Extra forbidden folders per engine folder: the layer order below the executor. */
const LOWER_LAYERS = {
  template: ['connection', 'facts', 'modules', 'executor', 'playbook', 'inventory', 'vars', 'reporter', 'project'],
  modules: ABOVE_MODULES,
  facts: ['modules', ...ABOVE_MODULES],
  connection: ['facts', 'modules', ...ABOVE_MODULES],
  util: ENGINE.filter((d) => d !== 'util'),
  protocol: ENGINE.filter((d) => d !== 'protocol'),
};

/** A specifier that reaches `src/<name>` (a folder, or a file `<name>.js`) through "../". */
const reaching = (/** @type {string[]} */ names) => `^(\\.\\./)+(${names.join('|')})(/|\\.js$)`;

/** no-restricted-imports and its dynamic-import twin for one set of forbidden folders. */
function forbid(/** @type {string[]} */ files, /** @type {string[]} */ names, /** @type {string} */ why) {
  const message = `${why} (see eslint.config.js: layer boundaries)`;
  const regex = reaching(names);
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message }],
    },
  };
}

const engineBlocks = [
  ...ENGINE.map((dir) => {
    const lower = /** @type {Record<string, string[]>} */ (LOWER_LAYERS)[dir] ?? [];
    const why = lower.length
      ? `src/${dir} may not import ${[...ON_TOP, ...lower].join(', ')}: the engine never depends on the tools on top of it, and a layer never on one above it`
      : `the engine (src/${dir}) never imports ${ON_TOP.join(', ')}: they sit on top of it`;
    return forbid([`src/${dir}/**/*.ts`], [...ON_TOP, ...lower], why);
  }),
  forbid(['src/errors.ts'], [...ON_TOP, ...ENGINE], 'src/errors.ts is the bottom layer: it imports nothing of the project'),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  ...engineBlocks,
  forbid(['src/loadtest/**/*.ts'], ['cli'], 'the load test reads the project through src/project, not the command line'),
  forbid(['src/history/**/*.ts'], ['cli', 'serve', 'lab', 'spa303', 'bench', 'loadtest'], 'the run history only records and reads events: it never imports the CLI or the dashboard'),
);
