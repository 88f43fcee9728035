import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';
import { rethrowMissingWasmKernel } from '@/lib/grading/wasm-kernels';
import { mulberry32 } from '@/lib/datasets/prng';
import { MASK_ID, SEQ_LEN, SPECIAL_IDS, VOCAB_SIZE, makeSentences } from '@/lib/datasets/synthetic-language';
import { corpusFor, maskStats, type CorpusSpec, type MaskOpts } from './corpus';

// Probes run next to learner code (browser worker or jailed server child), so they only ever
// see inputs. Every expected value lives in the judges.

type LearnerFn = (...args: unknown[]) => unknown;
type Grid = number[][];
type Cells = Array<Array<number | null>>;
type MaskOut = { input: Cells; targets: Cells; weights: Cells };

function learnerFunction(learner: LearnerModule, name: string): LearnerFn {
  const fn = learner[name];
  if (typeof fn !== 'function') {
    const found = fn === undefined ? 'nothing' : `a ${typeof fn}`;
    throw new ProbeError(`Export a function named ${name} (found ${found} under that name).`);
  }
  return fn as LearnerFn;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Rows may be plain arrays or typed arrays; anything else breaks the contract. */
function readGrid(value: unknown, field: string, like: Grid): Cells {
  const rows = value as ArrayLike<unknown> | undefined;
  if (!Array.isArray(rows) || rows.length !== like.length) {
    throw new ProbeError(
      `maskTokens must return { input, targets, weights }, each an array with one row per sentence ` +
        `(${like.length}); \`${field}\` is ${Array.isArray(rows) ? `an array of ${rows.length}` : 'not an array'}.`,
    );
  }
  return rows.map((row, i) => {
    const ok = Array.isArray(row) || ArrayBuffer.isView(row);
    const len = ok ? (row as ArrayLike<number>).length : -1;
    if (!ok || len !== like[i]!.length) {
      throw new ProbeError(
        `maskTokens: row ${i} of \`${field}\` should have ${like[i]!.length} entries, like the input row ` +
          `(it ${ok ? `has ${len}` : 'is not an array'}).`,
      );
    }
    // null stands for anything that is not a finite number, so the report survives JSON.
    return Array.from(row as ArrayLike<unknown>, (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  });
}

/** Training needs plain numbers; a missing or non-numeric entry breaks the contract. */
function toGrid(cells: Cells, field: string): Grid {
  return cells.map((row, i) =>
    row.map((v, j) => {
      if (v === null) throw new ProbeError(`maskTokens: ${field}[${i}][${j}] is not a finite number.`);
      return v;
    }),
  );
}

/** Calls the learner's maskTokens on a copy and reports whether it changed the caller's array. */
function callMask(fn: LearnerFn, tokens: Grid, opts: MaskOpts, rng: () => number): { out: MaskOut; mutated: boolean } {
  const copy = tokens.map((row) => [...row]);
  const out = fn(copy, { ...opts, specialIds: [...opts.specialIds] }, rng);
  if (out instanceof Promise) throw new ProbeError('maskTokens returned a Promise. Make it a plain (not async) function.');
  if (typeof out !== 'object' || out === null) {
    throw new ProbeError(`maskTokens should return { input, targets, weights }, but it returned ${String(out)}.`);
  }
  const o = out as Record<string, unknown>;
  const result = {
    input: readGrid(o.input, 'input', tokens),
    targets: readGrid(o.targets, 'targets', tokens),
    weights: readGrid(o.weights, 'weights', tokens),
  };
  const mutated = copy.some((row, i) => row.length !== tokens[i]!.length || row.some((v, j) => v !== tokens[i]![j]));
  return { out: result, mutated };
}

/** A seeded rng that also counts how often the learner drew from it. */
function countingRng(seed: number): { rng: () => number; calls: () => number } {
  const base = mulberry32(seed);
  let n = 0;
  return {
    rng: () => {
      n += 1;
      return base();
    },
    calls: () => n,
  };
}

/** A missing-kernel error is the platform's bug, not the learner's; anything else is rethrown as is. */
function explainMissingKernel(error: unknown): never {
  rethrowMissingWasmKernel(error);
  throw error;
}

type TensorResult = { value: number | null; shape: number[]; leaked: number; grad?: (number | null)[] };

const finite = (v: number) => (Number.isFinite(v) ? v : null);

async function callLoss(ctx: ProbeContext, fn: LearnerFn, c: Record<string, Json>, withGrad: boolean): Promise<TensorResult> {
  const { tf } = ctx;
  const logits = tf.tensor3d(c.logits as number[][][]);
  const targets = tf.tensor2d(c.targets as Grid, undefined, 'int32');
  const weights = tf.tensor2d(c.weights as Grid);
  try {
    const before = tf.memory().numTensors;
    const out = fn(logits, targets, weights);
    if (out instanceof Promise) throw new ProbeError('maskedLMLoss returned a Promise. Make it a plain function.');
    if (!(out instanceof tf.Tensor)) {
      throw new ProbeError(`maskedLMLoss should return a tf.Scalar (a tensor), but it returned ${typeof out}.`);
    }
    const leaked = tf.memory().numTensors - before - 1;
    const shape = [...out.shape];
    const value = finite(Number((await out.data())[0]));
    out.dispose();
    if (!withGrad) return { value, shape, leaked };
    // The gradient is what training uses: a loss read back with dataSync() has none.
    let g: TF.Tensor;
    try {
      g = tf.grad((x: TF.Tensor) => fn(x, targets, weights) as TF.Scalar)(logits);
    } catch (error) {
      explainMissingKernel(error);
    }
    const grad = Array.from(await g.data(), (v) => finite(Number(v)));
    g.dispose();
    return { value, shape, leaked, grad };
  } finally {
    tf.dispose([logits, targets, weights]);
  }
}

export const probes: Probes = {
  /** Small cases: the whole output comes back. */
  maskCases: (learner, input) => {
    const fn = learnerFunction(learner, 'maskTokens');
    const cases = (input as { cases: Array<{ tokens: Grid; opts: MaskOpts; seed: number }> }).cases;
    return {
      results: cases.map((c) => {
        const { rng, calls } = countingRng(c.seed);
        const { out, mutated } = callMask(fn, c.tokens, c.opts, rng);
        return { ...out, mutated, rngCalls: calls() };
      }),
    } as unknown as Json;
  },

  /** Large corpora: only counts come back (about 200k positions each). */
  maskStats: (learner, input) => {
    const fn = learnerFunction(learner, 'maskTokens');
    const runs = (input as { runs: Array<{ corpus: CorpusSpec; opts: MaskOpts; seed: number }> }).runs;
    return {
      results: runs.map((r) => {
        const tokens = corpusFor(r.corpus);
        const { rng, calls } = countingRng(r.seed);
        const started = now();
        const { out, mutated } = callMask(fn, tokens, r.opts, rng);
        const ms = now() - started;
        return { ...maskStats(tokens, out, r.opts), mutated, rngCalls: calls(), ms };
      }),
    } as unknown as Json;
  },

  /** The same corpus masked with seeds a, a, b: reports how many positions differ. */
  maskRepeat: (learner, input) => {
    const fn = learnerFunction(learner, 'maskTokens');
    const spec = input as { corpus: CorpusSpec; opts: MaskOpts; seeds: number[] };
    const tokens = corpusFor(spec.corpus);
    const outs = spec.seeds.map((s) => callMask(fn, tokens, spec.opts, mulberry32(s)).out);
    const differ = (a: MaskOut, b: MaskOut) => {
      let d = 0;
      a.input.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v !== b.input[i]![j] || a.weights[i]![j] !== b.weights[i]![j]) d += 1;
        }),
      );
      return d;
    };
    const positions = tokens.reduce((s, row) => s + row.length, 0);
    return { positions, sameSeedDiffer: differ(outs[0]!, outs[1]!), otherSeedDiffer: differ(outs[0]!, outs[2]!) };
  },

  loss: async (learner, input, ctx) => {
    const fn = learnerFunction(learner, 'maskedLMLoss');
    const cases = (input as { cases: Array<Record<string, Json>>; grad?: boolean }).cases;
    const results: TensorResult[] = [];
    for (const c of cases) results.push(await callLoss(ctx, fn, c, Boolean((input as { grad?: boolean }).grad)));
    return { results } as unknown as Json;
  },

  /**
   * Trains a tiny masked language model on the colour-shape language with the learner's masking
   * and loss, streams the loss, then fills the [MASK]s of held-out sentences.
   */
  train: async (learner, input, ctx) => {
    const { tf } = ctx;
    const mask = learnerFunction(learner, 'maskTokens');
    const lossFn = learnerFunction(learner, 'maskedLMLoss');
    const spec = input as {
      trainSize: number;
      trainSeed: number;
      steps: number;
      batch: number;
      lr: number;
      seed: number;
      evalInput: Grid;
    };
    const opts: MaskOpts = { vocabSize: VOCAB_SIZE, maskId: MASK_ID, specialIds: [...SPECIAL_IDS], pMask: 0.15 };
    const train = makeSentences(spec.trainSize, spec.trainSeed);
    const rand = mulberry32(spec.seed);
    const E = 16;
    const H = 64;
    const glorot = (s: number) => tf.initializers.glorotUniform({ seed: s });
    // Inside tidy, so the initial values are freed once the variables hold their own copies.
    const vars = tf.tidy(() => [
      tf.variable(tf.randomNormal([VOCAB_SIZE, E], 0, 0.3, 'float32', spec.seed)),
      tf.variable(glorot(spec.seed + 1).apply([SEQ_LEN * E, H]) as TF.Tensor2D),
      tf.variable(tf.zeros([H])),
      tf.variable(glorot(spec.seed + 2).apply([H, SEQ_LEN * VOCAB_SIZE]) as TF.Tensor2D),
      tf.variable(tf.zeros([SEQ_LEN * VOCAB_SIZE])),
    ] as const);
    const [emb, w1, b1, w2, b2] = vars;
    // Embedding as one-hot x matrix (tf.gather of the rows would do the same).
    const forward = (ids: TF.Tensor2D) => {
      const n = ids.shape[0];
      const e = tf.oneHot(ids.reshape([-1]), VOCAB_SIZE).matMul(emb).reshape([n, SEQ_LEN * E]);
      const h = tf.relu(e.matMul(w1).add(b1));
      return h.matMul(w2).add(b2).reshape([n, SEQ_LEN, VOCAB_SIZE]) as TF.Tensor3D;
    };
    const optimizer = tf.train.adam(spec.lr);
    const losses: Array<number | null> = [];
    const checkLoss = (l: unknown): TF.Scalar => {
      if (!(l instanceof tf.Tensor) || l.rank !== 0) {
        throw new ProbeError('maskedLMLoss must return a scalar tensor (rank 0) so that it can be minimised.');
      }
      return l as TF.Scalar;
    };
    try {
      // One forward pass outside the optimizer first: tfjs does not free the tensors of a
      // gradient computation that throws, so a broken loss should fail here instead.
      tf.tidy(() => {
        const m = callMask(mask, train.slice(0, 4), opts, mulberry32(spec.seed)).out;
        const ids = tf.tensor2d(toGrid(m.input, 'input'), undefined, 'int32');
        const tg = tf.tensor2d(toGrid(m.targets, 'targets'), undefined, 'int32');
        checkLoss(lossFn(forward(ids), tg, tf.tensor2d(toGrid(m.weights, 'weights'))));
      });
      for (let step = 0; step < spec.steps; step++) {
        const batch = Array.from({ length: spec.batch }, () => train[Math.floor(rand() * train.length)]!);
        const m = callMask(mask, batch, opts, rand).out;
        const inp = tf.tensor2d(toGrid(m.input, 'input'), undefined, 'int32');
        const tg = tf.tensor2d(toGrid(m.targets, 'targets'), undefined, 'int32');
        const w = tf.tensor2d(toGrid(m.weights, 'weights'));
        try {
          let cost: TF.Scalar | null = null;
          try {
            cost = optimizer.minimize(() => checkLoss(lossFn(forward(inp), tg, w)), true);
          } catch (error) {
            explainMissingKernel(error);
          }
          // Reading a value back waits for the backend, so only every fifth step is read.
          if (step % 5 === 0 || step === spec.steps - 1) {
            const value = cost ? Number((await cost.data())[0]) : NaN;
            losses.push(finite(value));
            if (Number.isFinite(value)) ctx.metric('masked-LM loss', step, value);
          }
          cost?.dispose();
        } finally {
          tf.dispose([inp, tg, w]);
        }
      }
      const pred = tf.tidy(() => forward(tf.tensor2d(spec.evalInput, undefined, 'int32')).argMax(-1));
      const grid = (await pred.array()) as Grid;
      pred.dispose();
      // Only the predictions at [MASK] positions, in reading order: the judge holds the answers.
      const filled: number[] = [];
      spec.evalInput.forEach((row, i) => row.forEach((t, j) => t === MASK_ID && filled.push(grid[i]![j]!)));
      return { losses, filled };
    } finally {
      optimizer.dispose();
      tf.dispose([...vars]);
    }
  },
};
