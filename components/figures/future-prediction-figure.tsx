'use client';

import { useMemo, useState } from 'react';
import { FRAMES, FRAME_LEN, batchLoss, buildScene, type SceneOptions } from './future-prediction-sim';
import styles from './future-prediction-figure.module.css';

const W = 640;
const H = 170;
const PAD = 8;
const Y_MAX = 2.6;
const CANDIDATE_COUNTS = [4, 8, 16, 32] as const;
const MINI_W = 96;
const MINI_H = 44;

const round = (v: number) => Math.round(v * 10) / 10;
const nats = (v: number) => v.toFixed(2);

/** Polyline points of samples [from, from + values.length) on a chart `width` wide holding `total` samples. */
function linePoints(values: ReadonlyArray<number>, from: number, total: number, width: number, height: number): string {
  const sx = (width - 2 * PAD) / (total - 1);
  const sy = (height / 2 - PAD) / Y_MAX;
  return values
    .map((v, i) => `${round(PAD + (from + i) * sx)},${round(height / 2 - Math.max(-Y_MAX, Math.min(Y_MAX, v)) * sy)}`)
    .join(' ');
}

export function FuturePredictionFigure() {
  const [seed, setSeed] = useState(3);
  const [t, setT] = useState(5);
  const [k, setK] = useState(1);
  const [noise, setNoise] = useState(0.2);
  const [candidates, setCandidates] = useState<number>(8);
  const [temperature, setTemperature] = useState(0.2);
  const [kind, setKind] = useState<SceneOptions['kind']>('tones');
  const [showFuture, setShowFuture] = useState(false);

  const maxT = FRAMES - 1 - k;
  const now = Math.min(t, maxT);
  const options = useMemo<SceneOptions>(
    () => ({ seed, t: now, k, noise, candidates, temperature, kind }),
    [seed, now, k, noise, candidates, temperature, kind],
  );
  const scene = useMemo(() => buildScene(options), [options]);
  const average = useMemo(() => batchLoss(options), [options]);

  const total = FRAME_LEN * FRAMES;
  const frameX = (j: number) => PAD + ((W - 2 * PAD) * j * FRAME_LEN) / (total - 1);
  const past = scene.signal.slice(0, (now + 1) * FRAME_LEN);
  const future = scene.signal.slice((now + 1) * FRAME_LEN - 1, (now + k + 1) * FRAME_LEN);
  const logN = Math.log(candidates);
  const bound = logN - average;
  const pTrue = scene.probs[scene.trueSlot]!;
  const best = scene.probs.indexOf(Math.max(...scene.probs));

  const description =
    `${kind === 'tones' ? 'A sum of tones plus noise' : 'White noise'}, cut into ${FRAMES} frames of ${FRAME_LEN} samples. ` +
    `The context is frames 0 to ${now}; the task is to pick frame ${now + k} among ${candidates} candidate futures. ` +
    `The forecast gives the true future probability ${pTrue.toFixed(2)} (loss ${nats(scene.loss)} nats); ` +
    `${best === scene.trueSlot ? 'it is the top candidate' : `candidate ${best + 1} scores higher`}. ` +
    `Averaged over batches the loss is ${nats(average)} nats against log N = ${nats(logN)}.`;

  return (
    <figure className={styles.figure}>
      <svg className={styles.plot} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description}>
        <rect className={styles.context} x={frameX(0)} y={0} width={frameX(now + 1) - frameX(0)} height={H} />
        <rect className={styles.target} x={frameX(now + k)} y={0} width={frameX(now + k + 1) - frameX(now + k)} height={H} />
        {Array.from({ length: FRAMES + 1 }, (_, j) => (
          <line key={j} className={styles.grid} x1={frameX(j)} x2={frameX(j)} y1={0} y2={H} />
        ))}
        <line className={styles.grid} x1={PAD} x2={W - PAD} y1={H / 2} y2={H / 2} />
        <polyline className={styles.signal} points={linePoints(past, 0, total, W, H)} />
        {showFuture && (
          <polyline className={styles.future} points={linePoints(future, (now + 1) * FRAME_LEN - 1, total, W, H)} />
        )}
        <polyline className={styles.forecast} points={linePoints(scene.path, (now + 1) * FRAME_LEN, total, W, H)} />
        <text className={styles.label} x={frameX(0) + 4} y={14}>
          context: frames 0–{now}
        </text>
        <text className={styles.label} x={frameX(now + k) + 3} y={H - 6}>
          t + {k}
        </text>
      </svg>

      <p className={styles.status} aria-live="polite">
        This context: p(true future) = <strong>{pTrue.toFixed(3)}</strong>, loss −log p = {nats(scene.loss)} nats.
        Over four batches of {candidates}: average loss L = {nats(average)} nats, so{' '}
        <strong>
          I(context; future) ≥ log {candidates} − L = {nats(logN)} − {nats(average)} = {nats(bound)} nats
        </strong>
        {bound <= 0 ? ' — a bound at or below 0 says nothing.' : '.'}
      </p>

      <ol className={styles.candidates} aria-label={`${candidates} candidate futures with their softmax probabilities`}>
        {scene.candidates.map((c, i) => {
          const isTrue = i === scene.trueSlot;
          return (
            <li key={i} className={isTrue ? `${styles.candidate} ${styles.candidateTrue}` : styles.candidate}>
              <svg className={styles.mini} viewBox={`0 0 ${MINI_W} ${MINI_H}`} aria-hidden="true">
                <polyline className={styles.forecastMini} points={linePoints(scene.prediction, 0, FRAME_LEN, MINI_W, MINI_H)} />
                <polyline className={isTrue ? styles.signalTrue : styles.signal} points={linePoints(c, 0, FRAME_LEN, MINI_W, MINI_H)} />
              </svg>
              <span className={styles.prob}>
                <span className={styles.probFill} style={{ width: `${Math.round(scene.probs[i]! * 100)}%` }} />
              </span>
              <span className={styles.probText}>
                {isTrue ? 'true, ' : ''}p = {scene.probs[i]!.toFixed(2)}
              </span>
            </li>
          );
        })}
      </ol>

      <div className={styles.controls}>
        <label className={styles.control}>
          <span>
            now: frame t <span className={styles.value} aria-hidden="true">{now}</span>
          </span>
          <input type="range" min={1} max={maxT} step={1} value={now} onChange={(e) => setT(Number(e.target.value))} />
        </label>
        <label className={styles.control}>
          <span>predict k frames ahead</span>
          <select className={styles.select} value={k} onChange={(e) => setK(Number(e.target.value))}>
            {[1, 2, 3].map((v) => (
              <option key={v} value={v}>
                k = {v}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.control}>
          <span>
            noise σ <span className={styles.value} aria-hidden="true">{noise.toFixed(2)}</span>
          </span>
          <input type="range" min={0} max={1} step={0.05} value={noise} disabled={kind === 'noise'} onChange={(e) => setNoise(Number(e.target.value))} />
        </label>
        <label className={styles.control}>
          <span>candidates N</span>
          <select className={styles.select} value={candidates} onChange={(e) => setCandidates(Number(e.target.value))}>
            {CANDIDATE_COUNTS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.control}>
          <span>
            temperature τ <span className={styles.value} aria-hidden="true">{temperature.toFixed(2)}</span>
          </span>
          <input type="range" min={0.05} max={1} step={0.05} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} />
        </label>
        <label className={styles.control}>
          <span>signal</span>
          <select className={styles.select} value={kind} onChange={(e) => setKind(e.target.value as SceneOptions['kind'])}>
            <option value="tones">tones + noise</option>
            <option value="noise">white noise only</option>
          </select>
        </label>
        <button type="button" className={styles.button} aria-pressed={showFuture} onClick={() => setShowFuture((v) => !v)}>
          {showFuture ? 'Hide the true future' : 'Show the true future'}
        </button>
        <button type="button" className={styles.button} onClick={() => setSeed((s) => s + 1)}>
          New signals
        </button>
      </div>

      <ul className={styles.legend}>
        <li>
          <span className={`${styles.swatch} ${styles.swatchSignal}`} /> signal heard so far
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchForecast}`} /> forecast from the context (dashed)
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchTarget}`} /> frame to identify (t + k)
        </li>
      </ul>

      <figcaption className={styles.caption}>
        Future prediction as a multiple-choice question. The shaded frames are the context; a linear predictor
        fitted to them forecasts the signal (dashed) up to frame t + k. Each candidate is scored by how close it is to
        the forecast, and a softmax with temperature τ turns the scores into probabilities; the InfoNCE loss is −log of
        the probability of the true future. Push the noise up or predict further ahead and the loss climbs towards log
        N; switch to white noise and no forecast can beat guessing. The predictor here is fixed, not learned: in CPC an
        encoder and a predictor are trained to make this loss small.
      </figcaption>
    </figure>
  );
}
