'use client';

import { useEffect, useMemo, useState } from 'react';
import { makeCoTrainingViews } from '@/lib/datasets/co-training-views';
import { pickLabeled } from '@/lib/datasets/moons';
import { boundarySegment, pseudoLabelAccuracy, runCoTraining, type Pick, type Weights } from './co-training-sim';
import styles from './co-training-figure.module.css';

const N = 120;
const TEST_N = 400;
const DATA_SEED = 21;
const PER_CLASS = 2;
const OPTIONS = { p: 1, n: 1, poolSize: 12, rounds: 15 };
const FRAME_MS = 700;
// Label seed 9 shows the contrast well: independent views climb from 80 % to 98 %, dependent ones sink.
const FIRST_LABEL_SEED = 9;

type Mode = 'independent' | 'dependent';
const SPEC = { dims1: 2, dims2: 2, separation: 1.5, noiseSd: 3 };
const DATA = {
  independent: {
    train: makeCoTrainingViews({ ...SPEC, dependence: 0, n: N }, DATA_SEED),
    test: makeCoTrainingViews({ ...SPEC, dependence: 0, n: TEST_N }, DATA_SEED + 1),
  },
  dependent: {
    train: makeCoTrainingViews({ ...SPEC, dependence: 1, n: N }, DATA_SEED),
    test: makeCoTrainingViews({ ...SPEC, dependence: 1, n: TEST_N }, DATA_SEED + 1),
  },
};

const PANEL = 300;
const GAP = 40;
const TOP = 26;
const VIEW_W = 2 * PANEL + GAP;
const VIEW_H = PANEL + TOP;
const SPARK_H = 70;
const round2 = (v: number) => Math.round(v * 100) / 100;
const pct = (v: number) => `${Math.round(v * 100)}\u00a0%`;

type Box = { x0: number; x1: number; y0: number; y1: number };

/** Each panel gets its own square box around its points (axes need not share a scale). */
function boxOf(rows: ReadonlyArray<ReadonlyArray<number>>): Box {
  const xs = rows.map((r) => r[0]!);
  const ys = rows.map((r) => r[1]!);
  const padX = 0.06 * (Math.max(...xs) - Math.min(...xs));
  const padY = 0.06 * (Math.max(...ys) - Math.min(...ys));
  return { x0: Math.min(...xs) - padX, x1: Math.max(...xs) + padX, y0: Math.min(...ys) - padY, y1: Math.max(...ys) + padY };
}

function toScreen(box: Box, left: number) {
  return (x: number, y: number): [number, number] => [
    round2(left + ((x - box.x0) / (box.x1 - box.x0)) * PANEL),
    round2(TOP + ((box.y1 - y) / (box.y1 - box.y0)) * PANEL),
  ];
}

type PanelProps = {
  title: string;
  rows: ReadonlyArray<ReadonlyArray<number>>;
  left: number;
  labels: Int8Array;
  truth: ReadonlyArray<number>;
  given: Set<number>;
  pool: Set<number>;
  picks1: Pick[];
  picks2: Pick[];
  w: Weights;
  wStart: Weights;
  reveal: boolean;
};

function Panel({ title, rows, left, labels, truth, given, pool, picks1, picks2, w, wStart, reveal }: PanelProps) {
  const box = boxOf(rows);
  const at = toScreen(box, left);
  const fill = (label: number) => (label === 0 ? styles.classA : label === 1 ? styles.classB : styles.none);
  const ring = (label: number) => (label === 0 ? styles.ringA : styles.ringB);
  const line = (weights: Weights, className: string | undefined) => {
    const seg = boundarySegment(weights, box);
    if (!seg) return null;
    const [x1, y1] = at(...seg.from);
    const [x2, y2] = at(...seg.to);
    return <line className={className} x1={x1} y1={y1} x2={x2} y2={y2} />;
  };
  const order = [...rows.keys()].sort((i, j) => Number(given.has(i)) - Number(given.has(j)));
  return (
    <g>
      <rect className={styles.frame} x={left} y={TOP} width={PANEL} height={PANEL} />
      <text className={styles.panelTitle} x={left + PANEL / 2} y={TOP - 8} textAnchor="middle">
        {title}
      </text>
      {line(wStart, styles.startLine)}
      {line(w, styles.boundary)}
      {order.map((i) => {
        const [cx, cy] = at(rows[i]![0]!, rows[i]![1]!);
        const l = labels[i]!;
        const wrong = l !== -1 && !given.has(i) && l !== truth[i];
        // Revealing tints unlabeled points with their hidden class, so the picks can be judged by eye.
        const shown = l === -1 && reveal ? `${fill(truth[i]!)} ${styles.hidden}` : fill(l);
        const state = given.has(i) ? styles.given : pool.has(i) ? styles.pooled : l === -1 ? styles.faded : '';
        const className = `${shown} ${state}`;
        return (
          <g key={i}>
            <circle cx={cx} cy={cy} r={given.has(i) ? 7 : l === -1 ? 3 : 4} className={className} />
            {wrong ? <path className={styles.wrong} d={`M${cx - 4} ${cy - 4}l8 8m0 -8l-8 8`} /> : null}
          </g>
        );
      })}
      {picks1.map((q) => {
        const [cx, cy] = at(rows[q.index]![0]!, rows[q.index]![1]!);
        return <circle key={`a${q.index}`} cx={cx} cy={cy} r={9} className={`${styles.pick1} ${ring(q.label)}`} />;
      })}
      {picks2.map((q) => {
        const [cx, cy] = at(rows[q.index]![0]!, rows[q.index]![1]!);
        return (
          <rect key={`b${q.index}`} x={cx - 8} y={cy - 8} width={16} height={16} className={`${styles.pick2} ${ring(q.label)}`} />
        );
      })}
    </g>
  );
}

export function CoTrainingFigure() {
  const [mode, setMode] = useState<Mode>('independent');
  const [labelSeed, setLabelSeed] = useState(FIRST_LABEL_SEED);
  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [reveal, setReveal] = useState(false);

  const given = useMemo(() => pickLabeled(DATA.independent.train.y, PER_CLASS, labelSeed), [labelSeed]);
  const givenSet = useMemo(() => new Set(given), [given]);
  const runs = useMemo(
    () => ({
      independent: runCoTraining(DATA.independent.train, DATA.independent.test, given, { ...OPTIONS, seed: labelSeed }),
      dependent: runCoTraining(DATA.dependent.train, DATA.dependent.test, given, { ...OPTIONS, seed: labelSeed }),
    }),
    [given, labelSeed],
  );

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => setT((prev) => Math.min(prev + 1, OPTIONS.rounds)), FRAME_MS);
    return () => window.clearInterval(id);
  }, [playing]);
  useEffect(() => {
    if (playing && t >= OPTIONS.rounds) setPlaying(false);
  }, [playing, t]);

  const data = DATA[mode];
  const run = runs[mode];
  const snap = run.rounds[t]!;
  const start = run.rounds[0]!;
  const pool = new Set(snap.pool);
  const pl = pseudoLabelAccuracy(snap.labels, data.train.y, given);
  const describePicks = (who: string, picks: Pick[]) =>
    picks.length === 0 ? '' : `${who} labels ${picks.map((q) => `#${q.index} as ${q.label === 1 ? 'blue' : 'orange'}`).join(' and ')}. `;
  const last = t === OPTIONS.rounds;
  const status =
    `${last ? `After all ${OPTIONS.rounds} rounds` : `Round ${t + 1} of ${OPTIONS.rounds}`}: ` +
    `${describePicks('h1 (view 1)', snap.picks1)}${describePicks('h2 (view 2)', snap.picks2)}` +
    `Pseudo-labels so far: ${pl.right} of ${pl.total} correct. Test accuracy of the combined classifier: ` +
    `${pct(snap.testAccuracy)} (labels alone: ${pct(start.testAccuracy)}).`;
  const description =
    `Two scatter plots of the same ${N} examples, ${given.length} of them labeled: view 1 on the left, view 2 on ` +
    `the right, with ${mode} views. Each panel shows its classifier's decision line. ${status}`;

  const spark = (m: Mode) =>
    runs[m].rounds
      .map((s, k) => `${((k / OPTIONS.rounds) * VIEW_W).toFixed(1)},${(Math.min(1, (1 - s.testAccuracy) * 2) * (SPARK_H - 8) + 4).toFixed(1)}`)
      .join(' ');

  const reset = (next: () => void) => {
    setPlaying(false);
    setT(0);
    next();
  };

  return (
    <figure className={styles.figure}>
      <svg className={styles.plot} viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} role="img" aria-label={description}>
        {[data.train.view1, data.train.view2].map((rows, v) => (
          <Panel
            key={v}
            title={v === 0 ? 'View 1: what h1 sees' : 'View 2: what h2 sees'}
            rows={rows}
            left={v * (PANEL + GAP)}
            labels={snap.labels}
            truth={data.train.y}
            given={givenSet}
            pool={pool}
            picks1={snap.picks1}
            picks2={snap.picks2}
            w={v === 0 ? snap.w1 : snap.w2}
            wStart={v === 0 ? start.w1 : start.w2}
            reveal={reveal}
          />
        ))}
      </svg>

      <p className={styles.status} aria-live={playing ? 'off' : 'polite'}>
        {status}
      </p>
      <svg className={styles.spark} viewBox={`0 0 ${VIEW_W} ${SPARK_H}`} aria-hidden="true">
        <line className={styles.sparkGrid} x1={0} x2={VIEW_W} y1={4} y2={4} />
        <line className={styles.sparkGrid} x1={0} x2={VIEW_W} y1={SPARK_H - 4} y2={SPARK_H - 4} />
        <polyline className={mode === 'independent' ? styles.sparkOn : styles.sparkOff} points={spark('independent')} />
        <polyline className={mode === 'dependent' ? styles.sparkOn : styles.sparkOff} points={spark('dependent')} />
        <line className={styles.sparkMarker} x1={(t / OPTIONS.rounds) * VIEW_W} x2={(t / OPTIONS.rounds) * VIEW_W} y1={0} y2={SPARK_H} />
        <text className={styles.sparkText} x={VIEW_W - 4} y={SPARK_H - 10} textAnchor="end">
          test accuracy per round, selected views bold (top line 100 %, bottom line 50 %)
        </text>
      </svg>

      <div className={styles.controls}>
        <label className={styles.control}>
          <span>Round</span>
          <input
            type="range"
            min={0}
            max={OPTIONS.rounds}
            value={t}
            onChange={(e) => {
              setPlaying(false);
              setT(Number(e.target.value));
            }}
          />
        </label>
        <button
          type="button"
          className={styles.button}
          onClick={() => {
            if (!playing && t >= OPTIONS.rounds) setT(0);
            setPlaying((p) => !p);
          }}
        >
          {playing ? 'Pause' : t >= OPTIONS.rounds ? 'Replay' : 'Play'}
        </button>
        <fieldset className={styles.modes}>
          <legend>Views</legend>
          {(['independent', 'dependent'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="co-training-views" checked={mode === m} onChange={() => reset(() => setMode(m))} />
              {m === 'independent' ? ' independent given the class' : ' dependent (view 2 = rotated view 1)'}
            </label>
          ))}
        </fieldset>
        <button type="button" className={styles.button} onClick={() => reset(() => setLabelSeed((s) => s + 1))}>
          Other labeled points
        </button>
        <label className={styles.check}>
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Reveal the hidden
          classes of unlabeled points
        </label>
      </div>

      <ul className={styles.legend}>
        <li><span className={`${styles.swatch} ${styles.swatchA}`} /> class 0 (orange)</li>
        <li><span className={`${styles.swatch} ${styles.swatchB}`} /> class 1 (blue)</li>
        <li><span className={`${styles.swatch} ${styles.swatchGiven}`} /> large: a given label</li>
        <li><span className={`${styles.swatch} ${styles.swatchPool}`} /> ringed grey: in the pool U′</li>
        <li><span className={styles.mark}>○</span> circle: picked by h1 this round</li>
        <li><span className={styles.mark}>□</span> square: picked by h2 this round</li>
        <li><span className={styles.mark}>✕</span> a wrong pseudo-label</li>
      </ul>

      <figcaption className={styles.caption}>
        Co-training on two views of the same {N} examples. Each example appears once in each panel. h1 only sees
        view 1, h2 only view 2; the solid line is each classifier&apos;s current boundary, the dashed one where it
        started from the {given.length} given labels. Every round, h1 marks its most confident pool example of each
        class (circles) and h2 does the same among the rest (squares); all of them become training data for both.
        Watch an example h1 is sure about in view 1: in view 2 it often sits somewhere unremarkable, which is exactly
        what makes it informative for h2. Switch to dependent views, where view 2 repeats view 1, and the picks stop
        teaching anything new.
      </figcaption>
    </figure>
  );
}
