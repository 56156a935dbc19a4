export { Templar } from './templar.js';
export { lazyVars } from './lazy-vars.js';
export {
  UndefinedVariableError,
  TemplateSyntaxError,
  TemplateRenderError,
  TemplateRecursionError,
} from './errors.js';
export type { RenderContext, Vars } from './types.js';
