'use client';

import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { makeMoons, pickLabeled } from '@/lib/datasets/moons';
import {
  affinityMatrix,
  initialLabels,
  predictions,
  spreadingIterates,
  symmetricNormalize,
  unlabeledAccuracy,
} from './label-spreading-sim';
import styles from './label-spreading-figure.module.css';

const N = 200;
const NOISE = 0.08;
const DATA_SEED = 7;
const PER_CLASS = 3;
const STEPS = 100;
const CLASSES = 2;
const GAMMAS = [5, 20, 80] as const;
const FRAME_MS = 70;
// Colour strength follows a row's label mass relative to the largest row: grey below 1/1000, full
// colour from 1/10 up. In a dense RBF graph every row is non-zero after one step, but 1e-30 of
// "orange" is not something the labels have really reached.
const REACH_DECADES = 3;

// The data never changes (only which points are labeled does), so it is built once per page.
const DATA = makeMoons(N, NOISE, DATA_SEED);
const VIEW_W = 640;
const PAD = 18;
const xs = DATA.x.map((p) => p[0]!);
const ys = DATA.x.map((p) => p[1]!);
const MIN_X = Math.min(...xs);
const MAX_Y = Math.max(...ys);
const SCALE = (VIEW_W - 2 * PAD) / (Math.max(...xs) - MIN_X);
const VIEW_H = Math.ceil((MAX_Y - Math.min(...ys)) * SCALE + 2 * PAD);
// Equal scale on both axes keeps distances honest: the kernel acts on Euclidean distance.
// Rounding keeps server and browser markup identical even if their Math.sin differ in the last bit.
const round2 = (v: number) => Math.round(v * 100) / 100;
const SCREEN = DATA.x.map(([px, py]) => [
  round2(PAD + (px! - MIN_X) * SCALE),
  round2(PAD + (MAX_Y - py!) * SCALE),
]);

const SPARK_H = 64;
const pct = (v: number) => `${Math.round(v * 100)}%`;

type PointLook = { style: { fill: string }; fallback: string };

function pointLook(f: Float64Array, i: number, refMass: number): PointLook {
  const a = f[i * CLASSES]!;
  const b = f[i * CLASSES + 1]!;
  const mass = a + b;
  const reach =
    mass > 0 && refMass > 0
      ? Math.min(1, Math.max(0, (Math.log10(mass / refMass) + REACH_DECADES) / (REACH_DECADES - 1)))
      : 0;
  const shareB = mass > 0 ? b / mass : 0.5;
  // Any blend of two hues is dull near the middle, so a 75/25 lead would look almost grey. A
  // square-root stretch away from 50/50 keeps the ordering (purer = bigger lead, 50/50 stays the
  // midpoint) while making the winning class readable at a glance.
  const lead = shareB - 0.5;
  const shown = 0.5 + Math.sign(lead) * Math.sqrt(Math.abs(lead) / 2);
  const blend = `color-mix(in srgb, var(--ls-b) ${pct(shown)}, var(--ls-a))`;
  const fallback = reach < 0.5 ? styles.fillNone : shareB > 0.5 ? styles.fillB : styles.fillA;
  return {
    style: { fill: `color-mix(in srgb, ${blend} ${pct(reach)}, var(--ls-none))` },
    fallback: fallback ?? '',
  };
}

export function LabelSpreadingFigure() {
  const [labelSeed, setLabelSeed] = useState(1);
  const [gamma, setGamma] = useState<number>(20);
  const [alpha, setAlpha] = useState(0.99);
  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(false);

  const labeled = useMemo(() => pickLabeled(DATA.y, PER_CLASS, labelSeed), [labelSeed]);
  const isLabeled = useMemo(() => new Set(labeled), [labeled]);
  // Draw unlabeled points first so the labeled ones stay on top and visible.
  const order = useMemo(
    () => [...Array(N).keys()].sort((i, j) => Number(isLabeled.has(i)) - Number(isLabeled.has(j))),
    [isLabeled],
  );
  // The O(n^2) graph depends on gamma only; the iterates also on alpha and the labeled set.
  const s = useMemo(() => symmetricNormalize(affinityMatrix(DATA.x, gamma), N), [gamma]);
  const iterates = useMemo(
    () => spreadingIterates(s, initialLabels(N, CLASSES, labeled, DATA.y), N, CLASSES, alpha, STEPS),
    [s, labeled, alpha],
  );
  const preds = useMemo(() => iterates.map((f) => predictions(f, N, CLASSES)), [iterates]);
  const accuracy = useMemo(() => preds.map((p) => unlabeledAccuracy(p, DATA.y, labeled)), [preds, labeled]);

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => setT((prev) => Math.min(prev + 1, STEPS)), FRAME_MS);
    return () => window.clearInterval(id);
  }, [playing]);

  useEffect(() => {
    if (playing && t >= STEPS) setPlaying(false);
  }, [playing, t]);

  const f = iterates[t]!;
  const pred = preds[t]!;
  let refMass = 0;
  for (let i = 0; i < N; i++) refMass = Math.max(refMass, f[i * CLASSES]! + f[i * CLASSES + 1]!);

  let countA = 0;
  let countB = 0;
  for (let i = 0; i < N; i++) {
    if (isLabeled.has(i)) continue;
    if (pred[i] === 0) countA++;
    else if (pred[i] === 1) countB++;
  }
  const unlabeledCount = N - labeled.length;
  const undecided = unlabeledCount - countA - countB;
  const acc = accuracy[t]!;
  const accText = `${(acc * 100).toFixed(1)} %`;

  const description =
    `Scatter plot of ${N} points forming two interleaving half-moons, ${labeled.length} of them labeled ` +
    `(${PER_CLASS} per moon). Iteration ${t} of ${STEPS}, alpha ${alpha.toFixed(2)}, gamma ${gamma}: ` +
    `${countA} unlabeled points lean to the upper moon's class, ${countB} to the lower moon's, ` +
    `${undecided} have no label yet; ${accText} of the unlabeled points match their true moon.`;

  const sparkPoints = accuracy
    .map((a, k) => `${((k / STEPS) * VIEW_W).toFixed(1)},${((1 - a) * (SPARK_H - 8) + 4).toFixed(1)}`)
    .join(' ');

  const togglePlay = () => {
    if (!playing && t >= STEPS) setT(0);
    setPlaying((p) => !p);
  };
  const onIteration = (e: ChangeEvent<HTMLInputElement>) => {
    setPlaying(false);
    setT(Number(e.target.value));
  };
  const reshuffle = () => {
    setPlaying(false);
    setT(0);
    setLabelSeed((seed) => seed + 1);
  };

  return (
    <figure className={styles.figure}>
      <svg className={styles.plot} viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} role="img" aria-label={description}>
        {order.map((i) => {
          const look = pointLook(f, i, refMass);
          const labeledPoint = isLabeled.has(i);
          return (
            <circle
              key={i}
              cx={SCREEN[i]![0]}
              cy={SCREEN[i]![1]}
              r={labeledPoint ? 9 : 5}
              className={labeledPoint ? `${look.fallback} ${styles.labeled}` : look.fallback}
              style={look.style}
            />
          );
        })}
      </svg>

      <p className={styles.status} aria-live={playing ? 'off' : 'polite'}>
        Iteration {t} of {STEPS}: accuracy on the {unlabeledCount} unlabeled points <strong>{accText}</strong>
        {undecided > 0 ? ` (${undecided} still undecided)` : ''}
      </p>
      <svg className={styles.spark} viewBox={`0 0 ${VIEW_W} ${SPARK_H}`} aria-hidden="true">
        <line className={styles.sparkGrid} x1={0} x2={VIEW_W} y1={4} y2={4} />
        <line className={styles.sparkGrid} x1={0} x2={VIEW_W} y1={SPARK_H - 4} y2={SPARK_H - 4} />
        <polyline className={styles.sparkLine} points={sparkPoints} />
        <circle className={styles.sparkMarker} r={4} cx={(t / STEPS) * VIEW_W} cy={(1 - acc) * (SPARK_H - 8) + 4} />
        <text className={styles.sparkText} x={VIEW_W - 4} y={SPARK_H - 10} textAnchor="end">
          accuracy per iteration (top line 100 %, bottom line 0 %)
        </text>
      </svg>

      <div className={styles.controls}>
        <label className={styles.control}>
          {/* The range input announces its own value, so the visible number is hidden from readers. */}
          <span>
            Iteration <span className={styles.value} aria-hidden="true">{t}</span>
          </span>
          <input type="range" min={0} max={STEPS} step={1} value={t} onChange={onIteration} />
        </label>
        <button type="button" className={styles.button} onClick={togglePlay}>
          {playing ? 'Pause' : t >= STEPS ? 'Replay' : 'Play'}
        </button>
        <label className={styles.control}>
          <span>
            α (how far labels travel) <span className={styles.value} aria-hidden="true">{alpha.toFixed(2)}</span>
          </span>
          <input
            type="range"
            min={0.1}
            max={0.99}
            step={0.01}
            value={alpha}
            onChange={(e) => setAlpha(Number(e.target.value))}
          />
        </label>
        <label className={styles.control}>
          <span>γ (kernel width)</span>
          <select className={styles.select} value={gamma} onChange={(e) => setGamma(Number(e.target.value))}>
            {GAMMAS.map((g) => (
              <option key={g} value={g}>
                {g === 5 ? '5 (wide)' : g === 80 ? '80 (narrow)' : String(g)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={styles.button} onClick={reshuffle}>
          Reshuffle labeled points
        </button>
      </div>

      <ul className={styles.legend}>
        <li>
          <span className={styles.swatch} style={{ background: 'var(--ls-a)' }} />
          upper moon&apos;s class
        </li>
        <li>
          <span className={styles.swatch} style={{ background: 'var(--ls-b)' }} />
          lower moon&apos;s class
        </li>
        <li>
          <span className={styles.swatch} style={{ background: 'var(--ls-none)' }} />
          not reached yet
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchLabeled}`} style={{ background: 'var(--ls-none)' }} />
          large with outline: labeled
        </li>
      </ul>

      <figcaption className={styles.caption}>
        Label spreading on two moons. Only the outlined points carry a label. At each iteration every point
        mixes its neighbours&apos; colours (weight α) with its own starting label (weight 1 − α). Colour shows the current class mix (the purer the colour, the bigger the winning
        class&apos;s lead), and grey points have received almost no label mass yet. Press Play and watch the
        labels flow along each moon; then try γ = 5: the kernel is so wide that colour leaks across the gap
        between the moons, and accuracy often peaks after a few iterations and then drops.
      </figcaption>
    </figure>
  );
}
