'use client';

import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { makeMoons, pickLabeled } from '@/lib/datasets/moons';
import { runSelfTraining, type Point } from './pseudo-label-sim';
import styles from './pseudo-label-figure.module.css';

const N = 150;
const NOISE = 0.1;
// Data seed 6 with labeled-point seed 1: labeled-only training reaches 82 %, and the threshold
// matters a lot (0.5 ends at 73 %, 0.95 at 100 %). Reshuffling shows other, milder cases.
const DATA_SEED = 6;
const PER_CLASS = 3;
const STEPS = 150;
const BASE = { gamma: 60, steps: STEPS, learningRate: 0.02, T1: 20, T2: 80, alphaF: 3 };
const THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999] as const;
const FRAME_MS = 60;

const DATA = makeMoons(N, NOISE, DATA_SEED);
const POINTS = DATA.x as unknown as Point[];
const VIEW_W = 640;
const PAD = 18;
const xs = DATA.x.map((p) => p[0]!);
const ys = DATA.x.map((p) => p[1]!);
const MIN_X = Math.min(...xs) - 0.1;
const MAX_X = Math.max(...xs) + 0.1;
const MIN_Y = Math.min(...ys) - 0.1;
const MAX_Y = Math.max(...ys) + 0.1;
const SCALE = (VIEW_W - 2 * PAD) / (MAX_X - MIN_X);
const VIEW_H = Math.ceil((MAX_Y - MIN_Y) * SCALE + 2 * PAD);
const round2 = (v: number) => Math.round(v * 100) / 100;
const sx = (x: number) => round2(PAD + (x - MIN_X) * SCALE);
const sy = (y: number) => round2(PAD + (MAX_Y - y) * SCALE);

// Background cells: where the model is at least threshold-confident, tinted by its class.
const GX = 48;
const GY = Math.max(8, Math.round((GX * (MAX_Y - MIN_Y)) / (MAX_X - MIN_X)));
const CELL_W = (MAX_X - MIN_X) / GX;
const CELL_H = (MAX_Y - MIN_Y) / GY;
const GRID: Point[] = [];
for (let gy = 0; gy < GY; gy++) {
  for (let gx = 0; gx < GX; gx++) GRID.push([MIN_X + (gx + 0.5) * CELL_W, MIN_Y + (gy + 0.5) * CELL_H]);
}

const SPARK_H = 64;
const pct = (v: number) => `${Math.round(v * 100)} %`;

export function PseudoLabelFigure() {
  const [labelSeed, setLabelSeed] = useState(1);
  const [tauIndex, setTauIndex] = useState(5);
  const [t, setT] = useState(STEPS);
  const [playing, setPlaying] = useState(false);
  const threshold = THRESHOLDS[tauIndex]!;

  const labeled = useMemo(() => pickLabeled(DATA.y, PER_CLASS, labelSeed), [labelSeed]);
  const isLabeled = useMemo(() => new Set(labeled), [labeled]);
  const states = useMemo(
    () => runSelfTraining(POINTS, DATA.y, labeled, GRID, { ...BASE, threshold }),
    [labeled, threshold],
  );
  // A threshold above 1 selects nothing: the same training on the six labels alone.
  const baseline = useMemo(
    () => runSelfTraining(POINTS, DATA.y, labeled, [], { ...BASE, threshold: 1.01 }).at(-1)!.accuracy,
    [labeled],
  );

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => setT((prev) => Math.min(prev + 1, STEPS)), FRAME_MS);
    return () => window.clearInterval(id);
  }, [playing]);

  useEffect(() => {
    if (playing && t >= STEPS) setPlaying(false);
  }, [playing, t]);

  const state = states[t]!;
  const finalState = states[STEPS]!;
  const maxCount = N - labeled.length;
  const sparkY = (count: number) => (1 - count / maxCount) * (SPARK_H - 8) + 4;
  const sparkX = (k: number) => ((k / STEPS) * VIEW_W).toFixed(1);
  const pseudoLine = states.map((s, k) => `${sparkX(k)},${sparkY(s.numPseudo).toFixed(1)}`).join(' ');
  const wrongLine = states.map((s, k) => `${sparkX(k)},${sparkY(s.wrong).toFixed(1)}`).join(' ');

  const description =
    `Two interleaving half-moons of ${N} points, ${labeled.length} of them labeled. Threshold ${threshold}, ` +
    `training step ${t} of ${STEPS}, unlabeled weight ${state.weight.toFixed(2)}: ${state.numPseudo} unlabeled ` +
    `points carry a pseudo-label, ${state.wrong} of them wrong; ${pct(state.accuracy)} of the unlabeled points ` +
    `are classified correctly (labeled points only: ${pct(baseline)}).`;

  const togglePlay = () => {
    if (!playing && t >= STEPS) setT(0);
    setPlaying((p) => !p);
  };
  const onStep = (e: ChangeEvent<HTMLInputElement>) => {
    setPlaying(false);
    setT(Number(e.target.value));
  };
  const onThreshold = (e: ChangeEvent<HTMLInputElement>) => {
    setPlaying(false);
    setTauIndex(Number(e.target.value));
    setT(STEPS);
  };
  const reshuffle = () => {
    setPlaying(false);
    setT(STEPS);
    setLabelSeed((s) => s + 1);
  };

  return (
    <figure className={styles.figure}>
      <svg className={styles.plot} viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} role="img" aria-label={description}>
        {/* One group opacity for all cells, so touching cells do not double up into grid lines. */}
        <g className={styles.regions}>
          {GRID.map(([gx, gy], g) => {
            const c = state.confident[g];
            if (!c) return null;
            return (
              <rect
                key={g}
                x={sx(gx - CELL_W / 2)}
                y={sy(gy + CELL_H / 2)}
                width={round2(CELL_W * SCALE) + 0.5}
                height={round2(CELL_H * SCALE) + 0.5}
                className={c === 1 ? styles.classA : styles.classB}
              />
            );
          })}
        </g>
        {POINTS.map(([px, py], i) => {
          if (isLabeled.has(i)) return null;
          const label = state.labels[i]!;
          const cls = label < 0 ? styles.none : label === 0 ? styles.classA : styles.classB;
          const wrong = label >= 0 && label !== DATA.y[i];
          return (
            <g key={i}>
              <circle cx={sx(px)} cy={sy(py)} r={5} className={cls} />
              {wrong ? (
                <path
                  className={styles.wrong}
                  d={`M${sx(px) - 6},${sy(py) - 6}L${sx(px) + 6},${sy(py) + 6}M${sx(px) - 6},${sy(py) + 6}L${sx(px) + 6},${sy(py) - 6}`}
                />
              ) : null}
            </g>
          );
        })}
        {labeled.map((i) => (
          <circle
            key={`l${i}`}
            cx={sx(POINTS[i]![0])}
            cy={sy(POINTS[i]![1])}
            r={9}
            className={`${DATA.y[i] === 0 ? styles.classA : styles.classB} ${styles.labeled}`}
          />
        ))}
      </svg>

      <p className={styles.status} aria-live={playing ? 'off' : 'polite'}>
        Step {t} of {STEPS}, weight α(t) = {state.weight.toFixed(2)}: <strong>{state.numPseudo}</strong> pseudo-labels,{' '}
        <strong>{state.wrong}</strong> wrong. Accuracy on the unlabeled points <strong>{pct(state.accuracy)}</strong>{' '}
        (after all {STEPS} steps {pct(finalState.accuracy)}; six labels alone {pct(baseline)}).
      </p>
      <svg className={styles.spark} viewBox={`0 0 ${VIEW_W} ${SPARK_H}`} aria-hidden="true">
        <line className={styles.sparkGrid} x1={0} x2={VIEW_W} y1={4} y2={4} />
        <line className={styles.sparkGrid} x1={0} x2={VIEW_W} y1={SPARK_H - 4} y2={SPARK_H - 4} />
        <polyline className={styles.sparkPseudo} points={pseudoLine} />
        <polyline className={styles.sparkWrong} points={wrongLine} />
        <line className={styles.sparkMarker} x1={sparkX(t)} x2={sparkX(t)} y1={0} y2={SPARK_H} />
        <text className={styles.sparkText} x={VIEW_W - 4} y={SPARK_H - 10} textAnchor="end">
          pseudo-labels (solid) and wrong ones (dashed) per step, out of {maxCount}
        </text>
      </svg>

      <div className={styles.controls}>
        <label className={styles.control}>
          <span>
            Threshold τ <span className={styles.value} aria-hidden="true">{threshold}</span>
          </span>
          <input
            type="range"
            min={0}
            max={THRESHOLDS.length - 1}
            step={1}
            value={tauIndex}
            aria-valuetext={`threshold ${threshold}`}
            onChange={onThreshold}
          />
        </label>
        <label className={styles.control}>
          <span>
            Training step <span className={styles.value} aria-hidden="true">{t}</span>
          </span>
          <input type="range" min={0} max={STEPS} step={1} value={t} onChange={onStep} />
        </label>
        <button type="button" className={styles.button} onClick={togglePlay}>
          {playing ? 'Pause' : t >= STEPS ? 'Replay training' : 'Play'}
        </button>
        <button type="button" className={styles.button} onClick={reshuffle}>
          New labeled points
        </button>
      </div>

      <ul className={styles.legend}>
        <li>
          <span className={`${styles.swatch} ${styles.swatchA}`} />
          pseudo-label: upper moon
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchB}`} />
          pseudo-label: lower moon
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchNone}`} />
          below the threshold (no pseudo-label)
        </li>
        <li>
          <span className={styles.cross} aria-hidden="true">
            ×
          </span>
          wrong pseudo-label
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchLabeled}`} />
          large with outline: labeled
        </li>
      </ul>

      <figcaption className={styles.caption}>
        Self-training on two moons with six labels, replaying the exercise: a network of Gaussian bumps is
        trained on the labeled points; from step {BASE.T1} on, every unlabeled point whose predicted probability
        reaches τ is trained on as if its prediction were true, with a weight that ramps up to {BASE.alphaF} by step{' '}
        {BASE.T2}. Tinted regions show where the model is at least τ confident. Press Replay training at τ = 0.95:
        the confident region creeps along each moon. Then drop τ to 0.5: the first guesses, right or wrong, all
        become targets, and the wrong ones never go away.
      </figcaption>
    </figure>
  );
}
