export { Templar } from './templar.js';
export { lazyVars, lazyVarCounts, PerView } from './lazy-vars.js';
export { layeredVars, layeredVarCounts } from './layered-vars.js';
export {
  UndefinedVariableError,
  TemplateSyntaxError,
  TemplateRenderError,
  TemplateRecursionError,
} from './errors.js';
export type { RenderContext, Vars } from './types.js';
