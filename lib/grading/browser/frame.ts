import { createOutputCap, TRUNCATED_LINE } from './output-cap';
import {
  FRAME_CHANNEL,
  PageMessageSchema,
  WorkerMessageSchema,
  type FrameEnvelope,
  type FrameToWorker,
  type WorkerMessage,
} from './protocol';
import {
  assetUrl,
  graderAssetName,
  RUNNER_WORKER_SCRIPT,
  RUNNER_CONFIG_ELEMENT_ID,
  RunnerConfigSchema,
  TF_SCRIPT,
  TF_WASM_SCRIPT,
  WASM_PLAIN,
  WASM_SIMD,
} from './runner-assets';

/**
 * The runner iframe's script (sandbox="allow-scripts", opaque origin). It owns the worker and is
 * the only thing that can talk to the page. Learner code never runs in this document, so its
 * checks and caps hold even when learner code rewrites the worker's globals.
 */

/** More messages than any honest run sends; past it the worker is stopped as an output flood. */
const MAX_MESSAGES_PER_RUN = 20_000;

const config = RunnerConfigSchema.parse(
  JSON.parse(document.getElementById(RUNNER_CONFIG_ELEMENT_ID)?.textContent ?? 'null'),
);

let nonce: string | null = null;
let worker: Worker | null = null;
let running = false;
let messages = 0;
const logCap = createOutputCap();

function toPage(message: WorkerMessage): void {
  if (!nonce) return;
  const envelope: FrameEnvelope = { channel: FRAME_CHANNEL, nonce, message };
  // The page is the app origin; naming it keeps these messages from any other embedder.
  window.parent.postMessage(envelope, config.origin);
}

function stop(message: WorkerMessage): void {
  worker?.terminate();
  worker = null;
  toPage(message);
}

function url(name: string): string {
  const value = assetUrl(config.origin, config.manifest, name);
  if (!value) throw new Error(`runner asset missing: ${name}`);
  return value;
}

function startWorker(wasm: { simd: ArrayBuffer; plain: ArrayBuffer }): void {
  const scripts = [url(TF_SCRIPT), url(TF_WASM_SCRIPT), url(RUNNER_WORKER_SCRIPT)];
  // A blob worker inherits this document's opaque origin and CSP; a URL worker would not be
  // allowed (worker-src blob:) and would get the app's origin.
  const source = `importScripts(${scripts.map((s) => JSON.stringify(s)).join(',')});`;
  const bootUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  worker = new Worker(bootUrl, { name: 'learner-code' });
  worker.onmessage = (event) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    if (!running) {
      stop({ type: 'fatal', verdict: 'GRADER_ERROR', message: `The runner failed to start: ${event.message}`.slice(0, 2000) });
    }
  };
  worker.onmessageerror = () => undefined;
  // The page cannot hand the frame fetchable URLs (connect-src blob:), so it sends the bytes.
  const wasmUrl = (bytes: ArrayBuffer) => URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' }));
  const init: FrameToWorker = {
    type: 'init',
    wasmPaths: { [WASM_SIMD]: wasmUrl(wasm.simd), [WASM_PLAIN]: wasmUrl(wasm.plain) },
  };
  worker.postMessage(init);
}

function onWorkerMessage(data: unknown): void {
  if (!worker) return;
  messages += 1;
  if (messages > MAX_MESSAGES_PER_RUN) {
    stop({ type: 'fatal', verdict: 'OUTPUT_LIMIT', message: 'Your code sent too many messages.' });
    return;
  }
  const parsed = WorkerMessageSchema.safeParse(data);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'log') {
    const decision = logCap.admit(message.text);
    if (decision.kind === 'pass') toPage({ ...message, text: decision.text });
    else if (decision.kind === 'truncated-now') toPage({ type: 'log', level: 'warn', text: TRUNCATED_LINE });
    return;
  }
  toPage(message);
  if (message.type === 'done' || message.type === 'fatal') {
    worker.terminate();
    worker = null;
  }
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || event.origin !== config.origin) return;
  const parsed = PageMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'init') {
    if (nonce !== null) return;
    nonce = message.nonce;
    try {
      startWorker(message.wasm);
    } catch (error) {
      stop({ type: 'fatal', verdict: 'GRADER_ERROR', message: `The runner failed to start: ${String(error)}`.slice(0, 2000) });
    }
    return;
  }
  if (message.nonce !== nonce || running || !worker) return;
  const graderUrl = assetUrl(config.origin, config.manifest, graderAssetName(message.exerciseSlug));
  if (!graderUrl) {
    stop({ type: 'fatal', verdict: 'GRADER_ERROR', message: `No tests are built for "${message.exerciseSlug}".` });
    return;
  }
  running = true;
  const run: FrameToWorker = { type: 'run', graderUrl, js: message.js, seed: message.seed };
  worker.postMessage(run);
});
