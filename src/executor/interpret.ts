import type { Plan } from '../modules/types.js';
import type { Masker } from '../secrets/mask.js';
import { applyChange, type ApplyEnv } from './apply.js';
import type { HostWorld } from './host-world.js';
import { writeRendered, type RenderTarget } from './render-plan.js';

/**
 * The three interpreters of a plan, one place each:
 * - check: the HostWorld simulation. Nothing is sent; each change's effects become the truth for
 *   the rest of the run, so later tasks plan against what earlier ones would have done.
 * - render: check, then every file the plan leaves on the host is written whole and unmasked
 *   under DIR/<host>/ (render-plan.ts).
 * - apply: each change is carried out over the connection (or by the controller, for named
 *   controller steps), and the world forgets what it may have changed.
 */
export type Interpreter = { kind: 'check' } | { kind: 'render'; target: RenderTarget; masker: Masker } | { kind: 'apply'; env: ApplyEnv };

/** Carries out (or simulates) a plan; returns the fields the changes add to the task's result. */
export async function interpretPlan(plan: Plan, world: HostWorld, how: Interpreter): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (how.kind !== 'apply') {
    for (const change of plan.changes) world.applyEffects(change.effects, true);
    if (how.kind === 'render') await writeRendered(plan, how.target, how.masker);
    return out;
  }
  for (const change of plan.changes) {
    try {
      Object.assign(out, await applyChange(change, how.env));
    } finally {
      world.applyEffects(change.effects, false);
    }
  }
  return out;
}
