import type * as TF from '@tensorflow/tfjs';
import type { Json, LearnerModule, ProbeContext, Probes } from '@/lib/grading/contract';
import { ProbeError } from '@/lib/grading/probe-runner';
import { combinedPredictions, fitBothViews, fitLogReg, meanLogLoss, predictP1, type LogReg } from './logreg';

// Probes run next to learner code and only see inputs (features, the -1/0/1 label vector with the
// few given labels, the options). They hand the learner a `fit` that trains a real classifier (or
// a stub with fixed scores) and writes down, for every call, which examples it was trained on or
// asked to score. The judges replay that log; no expected value lives here.

type Matrix = number[][];
type Opts = { p: number; n: number; poolSize: number; rounds: number; seed: number };
export type RunInput = {
  view1: Matrix;
  view2: Matrix;
  y: number[];
  opts: Opts;
  /** 'stub': every classifier returns the fixed P(y = 1) below, whatever it was trained on. */
  mode: 'stub' | 'logreg';
  stub1?: number[];
  stub2?: number[];
  /** Features of held-out examples (no labels): the probe scores the final classifiers on them. */
  test1?: Matrix;
  test2?: Matrix;
  /** Run coTrain a second time with the same arguments and report that result too. */
  twice?: boolean;
  plot?: boolean;
};

type FitRecord = { view: number; width: number; rows: number[]; labels: number[] };
type ScoreRecord = { view: number; width: number; rows: number[]; p1: number[] };

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (did you forget a return?)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a plain array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Int32Array).length}`;
  return `a ${typeof value}`;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Float32 rows of a tensor as lookup keys: a gathered row has bit-identical values. */
function rowKeys(data: Float32Array | Int32Array | Uint8Array, rows: number, width: number): string[] {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * width, (i + 1) * width)).join(','));
}

function readRows(data: ArrayLike<number>, rows: number, width: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: width }, (_, k) => data[i * width + k]!));
}

/** Everything one coTrain call did, as seen through the fit it was given. */
class Recorder {
  fits: FitRecord[] = [];
  scores: ScoreRecord[] = [];
  open = 0;
  private readonly index: Map<string, number>[];
  private readonly widths: number[];
  private readonly limit: number;

  constructor(
    private readonly ctx: ProbeContext,
    private readonly input: RunInput,
    private readonly f32: [number[][], number[][]],
  ) {
    this.widths = [f32[0][0]?.length ?? 0, f32[1][0]?.length ?? 0];
    this.index = f32.map((rows) => new Map(rows.map((r, i) => [r.join(','), i])));
    this.limit = 4 * input.opts.rounds + 8;
  }

  private viewOf(width: number): number {
    return width === this.widths[0] ? 1 : width === this.widths[1] ? 2 : 0;
  }

  private matrix(X: unknown, fn: string): { width: number; keys: string[]; rows: number[][] } {
    const { tf } = this.ctx;
    if (!(X instanceof tf.Tensor) || X.rank !== 2) {
      throw new ProbeError(`${fn} expects a tf.Tensor2D of feature rows, but got ${describeValue(X)}.`);
    }
    if (X.isDisposed) throw new ProbeError(`${fn} got a tensor that was already disposed.`);
    const [rows = 0, width = 0] = X.shape;
    const data = X.dataSync() as Float32Array;
    return { width, keys: rowKeys(data, rows, width), rows: readRows(data, rows, width) };
  }

  private lookup(view: number, keys: string[]): number[] {
    const map = view === 0 ? undefined : this.index[view - 1];
    return keys.map((k) => map?.get(k) ?? -1);
  }

  /** The `fit` handed to the learner. */
  readonly fit = async (X: unknown, y: unknown) => {
    const { tf } = this.ctx;
    if (this.fits.length >= this.limit) {
      throw new ProbeError(
        `fit was called more than ${this.limit} times for ${this.input.opts.rounds} rounds; ` +
          'co-training trains two classifiers per round, one per view.',
      );
    }
    const m = this.matrix(X, 'fit');
    if (m.rows.length === 0) throw new ProbeError('fit got no rows: train on the labeled examples.');
    const labels = y !== null && typeof y === 'object' && 'length' in y ? Array.from(y as ArrayLike<number>) : null;
    if (!labels || labels.length !== m.rows.length) {
      throw new ProbeError(
        `fit needs one label per row: got ${m.rows.length} rows and ${describeValue(y)} as labels.`,
      );
    }
    const bad = labels.findIndex((l) => l !== 0 && l !== 1);
    if (bad >= 0) {
      throw new ProbeError(
        `fit got the label ${String(labels[bad])} for row ${bad}. Train only on labeled examples, whose labels are 0 or 1.`,
      );
    }
    const view = this.viewOf(m.width);
    this.fits.push({ view, width: m.width, rows: this.lookup(view, m.keys), labels });
    const model: LogReg | null = this.input.mode === 'logreg' ? fitLogReg(m.rows, labels) : null;
    if (model && view > 0) {
      const round = this.fits.filter((f) => f.view === view).length;
      this.ctx.metric(`h${view} training log-loss`, round, meanLogLoss(model, m.rows, labels));
    }
    // The classifier owns one tensor, like a real model's weights: forgetting dispose() leaks it.
    const weights = tf.tensor1d(model?.weights ?? [0]);
    let disposed = false;
    this.open += 1;
    const stub = view === 1 ? this.input.stub1 : view === 2 ? this.input.stub2 : undefined;
    return {
      predictProba: (Xq: unknown): TF.Tensor2D => {
        if (disposed) throw new ProbeError('predictProba was called on a classifier after dispose().');
        if (this.scores.length >= this.limit) {
          throw new ProbeError(
            `predictProba was called more than ${this.limit} times; score the pool once per classifier per round.`,
          );
        }
        const q = this.matrix(Xq, 'predictProba');
        if (q.width !== m.width) {
          throw new ProbeError(
            `predictProba got rows with ${q.width} features, but this classifier was trained on ${m.width}. ` +
              'Score each classifier on rows of its own view.',
          );
        }
        const rows = this.lookup(view, q.keys);
        const p1 = q.rows.map((x, i) => Math.fround(model ? predictP1(model, x) : (stub?.[rows[i]!] ?? 0.5)));
        this.scores.push({ view, width: q.width, rows, p1 });
        this.streamAgreement(view);
        return tf.tensor2d(p1.flatMap((p) => [1 - p, p]), [p1.length, 2]);
      },
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.open -= 1;
        weights.dispose();
      },
    };
  };

  /** Once both classifiers have scored the pool in a round: how often they agree on it. */
  private streamAgreement(view: number): void {
    const mine = this.scores.filter((s) => s.view === view);
    const other = this.scores.filter((s) => s.view === 3 - view);
    if (this.input.mode !== 'logreg' || view === 0 || mine.length !== other.length) return;
    const a = mine[mine.length - 1]!;
    const b = other[other.length - 1]!;
    const byRow = new Map(b.rows.map((r, i) => [r, b.p1[i]!]));
    let same = 0;
    let total = 0;
    a.rows.forEach((r, i) => {
      const q = byRow.get(r);
      if (q === undefined || r < 0) return;
      total += 1;
      if (a.p1[i]! > 0.5 === q > 0.5) same += 1;
    });
    if (total > 0) this.ctx.metric('agreement of h1 and h2 on the pool', mine.length, same / total);
  }
}

function toLabels(out: unknown, n: number): number[] {
  const ok = out instanceof Int32Array || (Array.isArray(out) && out.every((v) => Number.isInteger(v)));
  if (!ok || (out as ArrayLike<number>).length !== n) {
    throw new ProbeError(
      `coTrain should resolve to an Int32Array with one label per example (${n}), but it gave ${describeValue(out)}.`,
    );
  }
  return Array.from(out as ArrayLike<number>);
}

async function runOnce(fn: (...args: unknown[]) => unknown, spec: RunInput, ctx: ProbeContext) {
  const { tf } = ctx;
  const v1 = tf.tensor2d(spec.view1);
  const v2 = tf.tensor2d(spec.view2);
  try {
    const f32: [number[][], number[][]] = [
      readRows(v1.dataSync(), spec.view1.length, v1.shape[1]),
      readRows(v2.dataSync(), spec.view2.length, v2.shape[1]),
    ];
    const recorder = new Recorder(ctx, spec, f32);
    const before = tf.memory().numTensors;
    const started = now();
    const out = await fn(v1, v2, Int32Array.from(spec.y), { ...spec.opts }, recorder.fit);
    const ms = now() - started;
    const labels = toLabels(out, spec.y.length);
    // Each classifier still open holds one tensor; count those apart so the message can say which.
    const leaked = tf.memory().numTensors - before - recorder.open;
    return { labels, fits: recorder.fits, scores: recorder.scores, leaked, undisposed: recorder.open, ms, f32 };
  } finally {
    tf.dispose([v1, v2]);
  }
}

function learnerCoTrain(learner: LearnerModule): (...args: unknown[]) => unknown {
  const fn = learner.coTrain;
  if (typeof fn !== 'function') {
    const found = fn === undefined ? 'nothing' : `a ${typeof fn}`;
    throw new ProbeError(`Export an async function named coTrain (found ${found} under that name).`);
  }
  return fn as (...args: unknown[]) => unknown;
}

/** Test-set predictions of Blum & Mitchell's combined classifier, trained on the returned labels. */
function testPredictions(spec: RunInput, f32: number[][][], labels: number[]): number[] {
  const { h1, h2 } = fitBothViews(f32[0]!, f32[1]!, labels);
  const t1 = (spec.test1 ?? []).map((r) => r.map(Math.fround));
  const t2 = (spec.test2 ?? []).map((r) => r.map(Math.fround));
  return combinedPredictions(h1, h2, t1, t2);
}

export const probes: Probes = {
  coTrain: async (learner: LearnerModule, input: Json, ctx: ProbeContext) => {
    const spec = input as unknown as RunInput;
    const call = learnerCoTrain(learner);
    const run = await runOnce(call, spec, ctx);
    const { f32, ...report } = run;
    const result: Record<string, Json> = { ...report };
    if (spec.twice) result.second = (await runOnce(call, spec, ctx)).labels;
    if (spec.mode === 'logreg' && spec.test1 && spec.test2) result.testPred = testPredictions(spec, f32, run.labels);
    if (spec.plot) {
      f32.forEach((rows, v) => {
        const points = rows.map((x, i) => ({ x: x[0] ?? 0, y: x[1] ?? 0, label: run.labels[i] ?? -1 }));
        ctx.scatter(`View ${v + 1} after co-training (label -1 = never labeled)`, points);
      });
    }
    return result as Json;
  },

  /** Several independent splits in one job: only the test predictions come back. */
  coTrainMany: async (learner: LearnerModule, input: Json, ctx: ProbeContext) => {
    const call = learnerCoTrain(learner);
    const runs = (input as unknown as { runs: RunInput[] }).runs;
    const testPreds: number[][] = [];
    for (const spec of runs) {
      const run = await runOnce(call, spec, ctx);
      testPreds.push(testPredictions(spec, run.f32, run.labels));
    }
    return { testPreds };
  },
};
