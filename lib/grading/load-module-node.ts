import vm from 'node:vm';
import type { LearnerModule } from './contract';
import { LEARNER_FILE } from './probe-runner';
import { ALLOWED_LEARNER_IMPORTS } from './learner-imports';

/**
 * Evaluates transpiled learner code in this process. `vm` is hygiene (a named file for stack
 * traces, a require limited to tfjs), not a security boundary: on the server this only ever runs
 * inside the jailed child process.
 */
export function loadLearnerModuleInNode(js: string, tf: unknown): LearnerModule {
  const wrapper = `(function (exports, require, module) {${js}\n})`;
  const script = new vm.Script(wrapper, { filename: LEARNER_FILE });
  const fn = script.runInThisContext() as (
    exports: LearnerModule,
    require: (name: string) => unknown,
    module: { exports: LearnerModule },
  ) => void;
  const module = { exports: {} as LearnerModule };
  const requireShim = (name: string): unknown => {
    if ((ALLOWED_LEARNER_IMPORTS as ReadonlyArray<string>).includes(name)) return tf;
    throw new Error(`Only ${ALLOWED_LEARNER_IMPORTS.join(', ')} can be imported here, not "${name}".`);
  };
  fn(module.exports, requireShim, module);
  return module.exports;
}
