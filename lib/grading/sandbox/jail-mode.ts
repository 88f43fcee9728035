import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * How the child is cut off from the network. `netns` (root) and `userns-netns` (unprivileged
 * user namespaces) both give the child a network namespace with no interfaces; `insecure` runs
 * without one and exists only for development machines that cannot create namespaces.
 */
export type JailMode = 'netns' | 'userns-netns' | 'insecure';

export class SandboxConfigError extends Error {
  override name = 'SandboxConfigError';
}

export const INSECURE_ENV_FLAG = 'GRADER_INSECURE_NO_NETNS';

export type JailProbe = { netns: boolean; usernsNetns: boolean };

/** Pure decision, separated from detection so it can be tested on any machine. */
export function resolveJailMode(probe: JailProbe, env: Readonly<Record<string, string | undefined>> = process.env): JailMode {
  if (probe.netns) return 'netns';
  if (probe.usernsNetns) return 'userns-netns';
  if (env[INSECURE_ENV_FLAG] === '1') return 'insecure';
  throw new SandboxConfigError(
    'Refusing to grade: this machine cannot give the grading sandbox its own network namespace ' +
      '(`unshare --net true` and `unshare --user --net true` both failed), so learner code could ' +
      `reach the network and the app. Run the grader as root or enable user namespaces, or set ` +
      `${INSECURE_ENV_FLAG}=1 on a development machine to grade without network isolation.`,
  );
}

let detected: JailMode | undefined;

/** Runs the namespace probes once per process. */
export function detectJailMode(): JailMode {
  if (detected) return detected;
  const works = (args: string[]): boolean =>
    spawnSync('unshare', args, { stdio: 'ignore', timeout: 5000 }).status === 0;
  const netns = works(['--net', 'true']);
  detected = resolveJailMode({ netns, usernsNetns: netns ? false : works(['--user', '--net', 'true']) });
  return detected;
}

let setprivFound: boolean | undefined;

/**
 * Whether to drop root before node starts. Needs `setpriv` (util-linux); without it the child
 * keeps root, which the network namespace and rlimits still contain, so warn once and go on.
 */
export function shouldDropPrivileges(limits: JailLimits, appRoot?: string): boolean {
  if (limits.dropToUid === null || process.getuid?.() !== 0) return false;
  if (setprivFound === undefined) {
    setprivFound = spawnSync('setpriv', ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
    if (!setprivFound) console.warn('[grader] setpriv not found: grading children run as root (install util-linux).');
  }
  if (!setprivFound) return false;
  return appRoot === undefined || unprivilegedCanRead(appRoot, limits.dropToUid);
}

const readable = new Map<string, boolean>();

/**
 * The dropped uid must reach tfjs and the child bundle. A checkout under a private directory
 * (mktemp's 0700, a home directory) is not traversable by it; then keep root (still inside the
 * network namespace, rlimits and permission model) and say so once, rather than fail every job.
 */
function unprivilegedCanRead(appRoot: string, uid: number): boolean {
  const key = `${appRoot}:${uid}`;
  let ok = readable.get(key);
  if (ok === undefined) {
    const probe = `${appRoot}/node_modules/@tensorflow/tfjs/package.json`;
    ok =
      spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'test', '-r', probe], {
        stdio: 'ignore',
        timeout: 5000,
      }).status === 0;
    if (!ok) {
      console.warn(
        `[grader] uid ${uid} cannot read ${appRoot} (a parent directory is private): grading children keep root. ` +
          'Install the app where that uid can read it (e.g. chmod o+x on its parents) to restore the privilege drop.',
      );
    }
    readable.set(key, ok);
  }
  return ok;
}

export type JailLimits = {
  /** RLIMIT_DATA. Never RLIMIT_AS: V8 reserves ~10 GB of address space for WebAssembly. */
  dataBytes: number;
  /** RLIMIT_CPU backstop; the parent's wall-clock timer is the real limit. */
  cpuSeconds: number;
  heapMb: number;
  /**
   * When running as root, drop to this uid/gid before node starts, so an escape from Node's
   * permission model meets ordinary Unix permissions instead of root (and cannot re-enter the
   * host network namespace). null keeps root.
   */
  dropToUid: number | null;
  /**
   * Scheduling niceness of the child (0 = as the app). Grading is throughput work; answering a
   * learner's request is latency work. On a machine that also serves HTTP, a nice child only takes
   * the CPU the web tier leaves idle, so a deadline rush slows grading, not acknowledgements.
   */
  niceness: number;
};

export const DEFAULT_JAIL_LIMITS: JailLimits = {
  dataBytes: 1024 * 1024 * 1024,
  // Spares are started before their job's time limit is known: allow the schema's 60 s maximum.
  cpuSeconds: 65,
  heapMb: 256,
  dropToUid: 65534,
  niceness: 10,
};

/**
 * What the child may read under node_modules: tfjs and the two packages it loads at run time
 * (checked by tracing require.cache). Not the whole folder: node_modules/.cache and generated
 * clients can hold app code. If a tfjs upgrade needs more, every sandbox test fails at startup.
 */
export const SANDBOX_READABLE_PACKAGES = ['@tensorflow', 'long', 'seedrandom'] as const;

export function buildJailCommand(
  mode: JailMode,
  appRoot: string,
  childFile: string,
  limits: JailLimits,
  dropPrivileges: boolean,
): { command: string; args: string[] } {
  const node = process.execPath;
  const nodeArgs = [
    '--experimental-permission',
    ...SANDBOX_READABLE_PACKAGES.map((p) => `--allow-fs-read=${path.join(appRoot, 'node_modules', p)}/`),
    `--allow-fs-read=${path.dirname(childFile)}/`,
    `--max-old-space-size=${limits.heapMb}`,
    // Fewer V8 helper threads: the learner's compute is single-threaded wasm anyway, and it keeps
    // the thread count (which RLIMIT_NPROC counts) small.
    '--v8-pool-size=2',
    // The permission model's ExperimentalWarning would land in the learner's output.
    '--no-warnings',
    childFile,
  ];
  const drop = dropPrivileges && limits.dropToUid !== null;
  const prlimit = [
    'prlimit',
    `--data=${limits.dataBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    '--core=0',
    // No regular-file writes at all (pipes are exempt): even past the permission model, an
    // unprivileged child could otherwise fill world-writable /tmp.
    '--fsize=0',
    '--nofile=64',
    // Only meaningful for a non-root uid (root ignores RLIMIT_NPROC); counts threads too.
    ...(drop ? ['--nproc=256'] : []),
    '--',
  ];
  const setpriv = drop
    ? ['setpriv', `--reuid=${limits.dropToUid}`, `--regid=${limits.dropToUid}`, '--clear-groups', '--no-new-privs', '--']
    : [];
  const nice = limits.niceness > 0 ? ['nice', '-n', String(limits.niceness)] : [];
  const chain = [...nice, ...setpriv, ...prlimit, node, ...nodeArgs];
  if (mode === 'insecure') return { command: chain[0]!, args: chain.slice(1) };
  const unshare = mode === 'netns' ? ['--net', '--'] : ['--user', '--net', '--'];
  return { command: 'unshare', args: [...unshare, ...chain] };
}
