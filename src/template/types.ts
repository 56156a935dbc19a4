/** Variables as templates see them: a plain object whose values may be lazily templated. */
export type Vars = Record<string, unknown>;

export interface RenderContext {
  /** Where the string came from, for error messages (task file:line). */
  source?: { file: string; line?: number | undefined; col?: number | undefined } | undefined;
  /** The task name, for "undefined variable X in task Y" messages. */
  task?: string | undefined;
}
