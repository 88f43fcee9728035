import { findAppRoot } from './build-child';
import type { JailLimits, JailMode } from './jail-mode';
import type { RunLimits, SandboxOutcome } from './outcome';
import type { ChildJob } from './protocol';
import { spawnJailedChild, type JailedChild } from './spawn-jail';

export type PoolOptions = {
  /** Pre-started spares kept ready (tfjs already imported). 0 = every job spawns cold. */
  size?: number;
  appRoot?: string;
  limits?: Partial<JailLimits>;
  startupTimeoutMs?: number;
  mode?: JailMode;
};

/**
 * Keeps up to `size` single-use children that have already paid for the tfjs import and wait on
 * stdin. A job takes one and a replacement starts at once. No child ever runs two jobs: reuse
 * would let one learner's code see the next learner's job (S12). Concurrency is the caller's
 * business (the supervisor); a job that finds no spare spawns a child of its own.
 */
export class SandboxPool {
  private readonly size: number;
  private readonly appRoot: string;
  private spares: Array<Promise<JailedChild>> = [];
  private closed = false;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = Math.max(0, options.size ?? 1);
    this.appRoot = options.appRoot ?? findAppRoot();
  }

  async run(job: ChildJob, limits: RunLimits): Promise<SandboxOutcome> {
    if (this.closed) throw new Error('the sandbox pool is closed');
    const child = (await this.takeSpare()) ?? (await this.spawn());
    this.replenish();
    return child.run(job, limits);
  }

  /** Starts spares up to `size` and waits until they are ready (benchmarks, server boot). */
  async warm(): Promise<void> {
    this.replenish();
    const children = await Promise.all(this.spares);
    await Promise.all(children.map((c) => c.ready.catch(() => undefined)));
  }

  /** Kills every spare; in-flight jobs finish on their own timers. */
  async close(): Promise<void> {
    this.closed = true;
    const spares = this.spares;
    this.spares = [];
    const children = await Promise.allSettled(spares);
    for (const settled of children) if (settled.status === 'fulfilled') settled.value.kill();
  }

  private spawn(): Promise<JailedChild> {
    return spawnJailedChild({
      appRoot: this.appRoot,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      ...(this.options.startupTimeoutMs ? { startupTimeoutMs: this.options.startupTimeoutMs } : {}),
      ...(this.options.mode ? { mode: this.options.mode } : {}),
    });
  }

  /** Prefers a ready spare, then one still starting (it is ahead of a cold spawn anyway). */
  private async takeSpare(): Promise<JailedChild | undefined> {
    // Claim synchronously so two concurrent jobs can never pick the same child.
    const candidates = this.spares;
    this.spares = [];
    const settled = await Promise.all(candidates.map((p) => p.then((c) => c, () => undefined)));
    const alive = settled.filter((c): c is JailedChild => c !== undefined && c.isAlive);
    const pick = alive.find((c) => c.isReady) ?? alive[0];
    for (const c of alive) if (c !== pick) this.spares.push(Promise.resolve(c));
    return pick;
  }

  private replenish(): void {
    if (this.closed) return;
    while (this.spares.length < this.size) {
      const spare = this.spawn();
      // A spare that cannot even spawn is dropped; the next job spawns cold and reports why.
      spare.catch(() => {
        this.spares = this.spares.filter((s) => s !== spare);
      });
      this.spares.push(spare);
    }
  }
}

let defaultPool: SandboxPool | undefined;

export function getDefaultPool(): SandboxPool {
  defaultPool ??= new SandboxPool({ size: Number(process.env.GRADER_POOL_SIZE ?? 1) || 1 });
  return defaultPool;
}

export async function closeDefaultPool(): Promise<void> {
  const pool = defaultPool;
  defaultPool = undefined;
  await pool?.close();
}
