'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { pickLabeled } from '@/lib/datasets/moons';
import {
  accuracy,
  clipLine,
  halfPlane,
  lowDensityLine,
  makeClouds,
  maxMarginLine,
  type Box,
  type Line,
  type Mode,
  type Point,
} from './low-density-sim';
import styles from './low-density-figure.module.css';

const N = 200;
const DATA_SEED = 3;
const PER_CLASS = 2;
const BANDWIDTH = 0.15;
const ANIMATION_MS = 600;
const MODES: ReadonlyArray<{ value: Mode; label: string }> = [
  { value: 'clusters', label: 'Classes follow the clouds' },
  { value: 'across', label: 'Classes cut across the clouds' },
  { value: 'overlap', label: 'Clouds overlap' },
];

const BOX: Box = { minX: -2.4, maxX: 2.4, minY: -2.6, maxY: 2.6 };
const VIEW_W = 560;
const SCALE = VIEW_W / (BOX.maxX - BOX.minX);
const VIEW_H = Math.round((BOX.maxY - BOX.minY) * SCALE);
const round2 = (v: number) => Math.round(v * 100) / 100;
const sx = (x: number) => round2((x - BOX.minX) * SCALE);
const sy = (y: number) => round2((BOX.maxY - y) * SCALE);
const polygon = (pts: Point[]) => pts.map(([x, y]) => `${sx(x)},${sy(y)}`).join(' ');
const pct = (v: number) => `${Math.round(v * 100)} %`;

/** Moves the drawn line smoothly between boundaries (instantly if the reader prefers less motion). */
function useAnimatedLine(target: Line): Line {
  const [shown, setShown] = useState(target);
  const from = useRef(target);
  useEffect(() => {
    const start = from.current;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (reduce) {
      from.current = target;
      setShown(target);
      return;
    }
    // Turn the short way round: both lines put class 1 on the same side, so their normals agree.
    let dAngle = target.angle - start.angle;
    dAngle = Math.atan2(Math.sin(dAngle), Math.cos(dAngle));
    const t0 = performance.now();
    let frame = 0;
    const tick = (now: number) => {
      const u = Math.min(1, (now - t0) / ANIMATION_MS);
      const e = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2;
      const line = { angle: start.angle + e * dAngle, offset: start.offset + e * (target.offset - start.offset) };
      from.current = line;
      setShown(line);
      if (u < 1) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [target]);
  return shown;
}

export function LowDensityFigure() {
  const [mode, setMode] = useState<Mode>('clusters');
  const [labelSeed, setLabelSeed] = useState(5);
  const [useUnlabeled, setUseUnlabeled] = useState(false);
  const [revealTruth, setRevealTruth] = useState(false);

  const data = useMemo(() => makeClouds(N, mode, DATA_SEED), [mode]);
  const labeled = useMemo(() => pickLabeled(data.y, PER_CLASS, labelSeed), [data, labelSeed]);
  const isLabeled = useMemo(() => new Set(labeled), [labeled]);
  const lines = useMemo(() => {
    const pts = labeled.map((i) => data.x[i]!);
    const ys = labeled.map((i) => data.y[i]!);
    const supervised = maxMarginLine(pts, ys);
    const lowDensity = lowDensityLine(pts, ys, data.x, BANDWIDTH);
    return {
      supervised,
      lowDensity,
      accSupervised: accuracy(supervised, data.x, data.y),
      accLowDensity: accuracy(lowDensity, data.x, data.y),
    };
  }, [data, labeled]);

  const target = useUnlabeled ? lines.lowDensity : lines.supervised;
  const shown = useAnimatedLine(target);
  const seg = clipLine(shown, BOX);
  const other = useUnlabeled ? clipLine(lines.supervised, BOX) : null;
  const acc = useUnlabeled ? lines.accLowDensity : lines.accSupervised;

  const modeText = MODES.find((m) => m.value === mode)!.label.toLowerCase();
  const description =
    `Two clouds of ${N} points (${modeText}) with ${labeled.length} labeled points. ` +
    (useUnlabeled
      ? `Using the unlabeled points, the boundary runs through the emptiest region that still separates the labeled points and classifies ${pct(lines.accLowDensity)} of all points correctly, against ${pct(lines.accSupervised)} for the widest-margin line through the labeled points alone.`
      : `Using the labeled points only, the widest-margin line classifies ${pct(lines.accSupervised)} of all points correctly.`);

  return (
    <figure className={styles.figure}>
      <svg className={styles.plot} viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} role="img" aria-label={description}>
        <polygon className={styles.regionA} points={polygon(halfPlane(shown, BOX, 0))} />
        <polygon className={styles.regionB} points={polygon(halfPlane(shown, BOX, 1))} />
        {useUnlabeled
          ? data.x.map(([px, py], i) =>
              isLabeled.has(i) ? null : (
                <circle
                  key={i}
                  cx={sx(px)}
                  cy={sy(py)}
                  r={4}
                  className={revealTruth ? (data.y[i] === 0 ? styles.classA : styles.classB) : styles.none}
                />
              ),
            )
          : null}
        {other ? (
          <line className={styles.otherLine} x1={sx(other[0][0])} y1={sy(other[0][1])} x2={sx(other[1][0])} y2={sy(other[1][1])} />
        ) : null}
        {seg ? <line className={styles.line} x1={sx(seg[0][0])} y1={sy(seg[0][1])} x2={sx(seg[1][0])} y2={sy(seg[1][1])} /> : null}
        {labeled.map((i) => (
          <circle
            key={`l${i}`}
            cx={sx(data.x[i]![0])}
            cy={sy(data.x[i]![1])}
            r={9}
            className={`${data.y[i] === 0 ? styles.classA : styles.classB} ${styles.labeled}`}
          />
        ))}
      </svg>

      <p className={styles.status} aria-live="polite">
        {useUnlabeled ? 'With the unlabeled points' : 'Labeled points only'}: the boundary classifies{' '}
        <strong>{pct(acc)}</strong> of all {N} points correctly
        {useUnlabeled ? ` (labeled points only: ${pct(lines.accSupervised)}).` : '.'}
      </p>

      <div className={styles.controls}>
        <button type="button" className={styles.button} aria-pressed={useUnlabeled} onClick={() => setUseUnlabeled((u) => !u)}>
          {useUnlabeled ? 'Hide the unlabeled points' : 'Show the unlabeled points'}
        </button>
        <label className={styles.control}>
          <span>Data</span>
          <select className={styles.select} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            {MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.check}>
          <input type="checkbox" checked={revealTruth} onChange={(e) => setRevealTruth(e.target.checked)} />
          Colour unlabeled points by their true class
        </label>
        <button type="button" className={styles.button} onClick={() => setLabelSeed((s) => s + 1)}>
          New labeled points
        </button>
      </div>

      <ul className={styles.legend}>
        <li>
          <span className={`${styles.swatch} ${styles.swatchA} ${styles.swatchLabeled}`} />
          labeled class A
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchB} ${styles.swatchLabeled}`} />
          labeled class B
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.swatchNone}`} />
          unlabeled
        </li>
        <li>
          <span className={styles.dash} aria-hidden="true" />
          widest-margin line of the labeled points (for comparison)
        </li>
      </ul>

      <figcaption className={styles.caption}>
        A straight boundary chosen from four labeled points. Without the unlabeled points, the best guess is the
        line with the widest margin between the labeled points. With them, we keep only lines that still separate
        the labeled points and pick the one running through the emptiest region of the data: the boundary slides
        into the gap between the clouds. That helps when the classes follow the clouds, and hurts when they do not:
        switch the data to &ldquo;classes cut across the clouds&rdquo; and colour the points by their true class.
      </figcaption>
    </figure>
  );
}
