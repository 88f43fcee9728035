import { FrameEnvelopeSchema, type PageMessage, type WorkerMessage } from './protocol';
import {
  assetUrl,
  MANIFEST_FILE,
  RUNNER_ASSET_PATH,
  RunnerManifestSchema,
  WASM_PLAIN,
  WASM_SIMD,
} from './runner-assets';

/** Page side of one runner iframe. Each iframe serves exactly one run, then is removed. */

type WasmBytes = { simd: ArrayBuffer; plain: ArrayBuffer };
export type FrameReady = { backend: string; loadMs: number };

const RUNNER_PATH = '/runner';
/** Loading tfjs and the wasm backend takes about a second here; this only catches a dead runner. */
const SETUP_TIMEOUT_MS = 30_000;

let wasmCache: Promise<WasmBytes> | null = null;

/** The wasm binaries, fetched once per page load (the frame itself may not fetch: connect-src blob:). */
function wasmBytes(): Promise<WasmBytes> {
  if (!wasmCache) {
    wasmCache = loadWasm();
    wasmCache.catch(() => {
      wasmCache = null;
    });
  }
  return wasmCache;
}

async function loadWasm(): Promise<WasmBytes> {
  const origin = window.location.origin;
  const manifestResponse = await fetch(`${RUNNER_ASSET_PATH}${MANIFEST_FILE}`, { cache: 'no-cache' });
  if (!manifestResponse.ok) throw new Error(`runner assets are not built (HTTP ${manifestResponse.status})`);
  const manifest = RunnerManifestSchema.parse(await manifestResponse.json());
  const get = async (name: string) => {
    const url = assetUrl(origin, manifest, name);
    if (!url) throw new Error(`runner asset missing: ${name}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return response.arrayBuffer();
  };
  const [simd, plain] = await Promise.all([get(WASM_SIMD), get(WASM_PLAIN)]);
  return { simd, plain };
}

export class RunnerFrame {
  readonly nonce: string = crypto.randomUUID();
  readonly ready: Promise<FrameReady>;
  private readonly iframe: HTMLIFrameElement;
  private handler: ((message: WorkerMessage) => void) | null = null;
  private early: WorkerMessage[] = [];
  private settleReady: { resolve: (r: FrameReady) => void; reject: (e: Error) => void } | null = null;
  private disposed = false;
  private readonly onWindowMessage = (event: MessageEvent) => this.receive(event);

  constructor() {
    this.iframe = document.createElement('iframe');
    // allow-scripts only: an opaque origin, so no cookies, storage or same-origin API calls.
    this.iframe.setAttribute('sandbox', 'allow-scripts');
    this.iframe.setAttribute('referrerpolicy', 'no-referrer');
    this.iframe.setAttribute('aria-hidden', 'true');
    this.iframe.tabIndex = -1;
    this.iframe.title = 'code runner';
    this.iframe.style.cssText = 'position:fixed;left:-10px;top:0;width:0;height:0;border:0;visibility:hidden';
    this.ready = new Promise<FrameReady>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // Consumers attach their own handlers; this keeps an unobserved failure from being reported.
    this.ready.catch(() => undefined);
    const timer = window.setTimeout(() => this.fail(new Error('the runner did not start in time')), SETUP_TIMEOUT_MS);
    this.ready.finally(() => window.clearTimeout(timer)).catch(() => undefined);

    window.addEventListener('message', this.onWindowMessage);
    const loaded = new Promise<void>((resolve) => this.iframe.addEventListener('load', () => resolve(), { once: true }));
    this.iframe.src = RUNNER_PATH;
    document.body.appendChild(this.iframe);
    Promise.all([loaded, wasmBytes()])
      .then(([, wasm]) => {
        if (this.disposed) return;
        // Copies, because transferring detaches them and the cache serves later runs.
        const simd = wasm.simd.slice(0);
        const plain = wasm.plain.slice(0);
        this.post({ type: 'init', nonce: this.nonce, wasm: { simd, plain } }, [simd, plain]);
      })
      .catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
  }

  /** Receives every later worker message; messages that came before are replayed first. */
  listen(handler: (message: WorkerMessage) => void): void {
    this.handler = handler;
    const early = this.early;
    this.early = [];
    for (const message of early) handler(message);
  }

  run(exerciseSlug: string, js: string, seed: number): void {
    this.post({ type: 'run', nonce: this.nonce, exerciseSlug, js, seed });
  }

  /** Removing the iframe ends its document and with it the worker, even mid-`while (true)`. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    window.removeEventListener('message', this.onWindowMessage);
    this.iframe.remove();
    this.fail(new Error('the runner was stopped'));
  }

  get alive(): boolean {
    return !this.disposed;
  }

  private post(message: PageMessage, transfer: Transferable[] = []): void {
    // The iframe's origin is opaque ('null'), so '*' is the only target that reaches it.
    this.iframe.contentWindow?.postMessage(message, '*', transfer);
  }

  private fail(error: Error): void {
    this.settleReady?.reject(error);
    this.settleReady = null;
  }

  private receive(event: MessageEvent): void {
    if (this.disposed) return;
    if (event.origin !== 'null' || event.source !== this.iframe.contentWindow) return;
    const parsed = FrameEnvelopeSchema.safeParse(event.data);
    if (!parsed.success || parsed.data.nonce !== this.nonce) return;
    const message = parsed.data.message;
    if (message.type === 'ready') {
      this.settleReady?.resolve({ backend: message.backend, loadMs: message.loadMs });
      this.settleReady = null;
      return;
    }
    if (message.type === 'fatal' && this.settleReady) {
      this.fail(new Error(message.message));
    }
    if (this.handler) this.handler(message);
    else if (this.early.length < 100) this.early.push(message);
  }
}
