'use client';

import { useState } from 'react';
import { CANDIDATES, anchorLoss, hardestShare, sliderToTau, softmaxAt, tauToSlider } from './temperature-softmax-sim';
import styles from './temperature-softmax-figure.module.css';

const SIMS = CANDIDATES.map((c) => c.similarity);
const POSITIVE = CANDIDATES.findIndex((c) => c.positive);
const PRESETS = [0.05, 0.1, 0.5, 1] as const;

const VIEW_W = 640;
const ROW_H = 34;
const LABEL_W = 250;
const BAR_X = LABEL_W + 10;
const BAR_W = VIEW_W - BAR_X - 64;
const VIEW_H = CANDIDATES.length * ROW_H + 8;

const pct = (p: number) => (p >= 0.995 ? '>99%' : p < 0.005 ? '<1%' : `${Math.round(p * 100)}%`);
const signed = (s: number) => (s >= 0 ? `+${s.toFixed(1)}` : `\u2212${Math.abs(s).toFixed(1)}`);

export function TemperatureSoftmaxFigure() {
  const [position, setPosition] = useState(() => tauToSlider(0.5));
  const tau = sliderToTau(position);
  const probs = softmaxAt(SIMS, tau);
  const loss = anchorLoss(SIMS, POSITIVE, tau);
  const hardest = hardestShare(SIMS, POSITIVE, tau);
  const uniformLoss = Math.log(CANDIDATES.length);

  const description =
    `Bar chart of the softmax over ${CANDIDATES.length} candidates at temperature ${tau.toFixed(3)}: ` +
    CANDIDATES.map((c, i) => `${c.name}, cosine similarity ${c.similarity}, probability ${pct(probs[i]!)}`).join('; ') +
    `. The anchor's loss is ${loss.toFixed(3)}.`;

  return (
    <figure className={styles.figure}>
      <svg className={styles.plot} viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} role="img" aria-label={description}>
        {CANDIDATES.map((c, i) => {
          const y = 4 + i * ROW_H;
          const width = Math.max(1, Math.round(probs[i]! * BAR_W * 10) / 10);
          return (
            <g key={i}>
              <text className={c.positive ? styles.labelPositive : styles.label} x={0} y={y + ROW_H / 2 + 5}>
                {c.name} ({signed(c.similarity)})
              </text>
              <rect className={styles.track} x={BAR_X} y={y + 6} width={BAR_W} height={ROW_H - 12} rx={3} />
              <rect
                className={c.positive ? styles.barPositive : styles.bar}
                x={BAR_X}
                y={y + 6}
                width={width}
                height={ROW_H - 12}
                rx={3}
              />
              <text className={styles.value} x={BAR_X + BAR_W + 8} y={y + ROW_H / 2 + 5}>
                {pct(probs[i]!)}
              </text>
            </g>
          );
        })}
      </svg>

      <div className={styles.controls}>
        <label className={styles.control}>
          <span>
            Temperature τ <span className={styles.number} aria-hidden="true">{tau.toFixed(3)}</span>
          </span>
          <input
            type="range"
            min={0}
            max={100}
            step="any"
            value={position}
            aria-valuetext={`tau ${tau.toFixed(3)}`}
            onChange={(e) => setPosition(Number(e.target.value))}
          />
        </label>
        <div className={styles.presets} role="group" aria-label="Preset temperatures">
          {PRESETS.map((t) => (
            <button key={t} type="button" className={styles.button} onClick={() => setPosition(tauToSlider(t))}>
              τ = {t}
            </button>
          ))}
        </div>
      </div>

      <dl className={styles.readout} aria-live="polite">
        <div>
          <dt>probability of the partner</dt>
          <dd>{pct(probs[POSITIVE]!)}</dd>
        </div>
        <div>
          <dt>anchor loss −log p</dt>
          <dd>
            {loss.toFixed(3)} <span className={styles.muted}>(uniform guess: {uniformLoss.toFixed(3)})</span>
          </dd>
        </div>
        <div>
          <dt>hard negative&apos;s share of the push</dt>
          <dd>{pct(hardest)}</dd>
        </div>
      </dl>

      <figcaption className={styles.caption}>
        One anchor and the seven candidates it is compared with, each given by its cosine similarity (in
        brackets). The bars are softmax(similarity / τ): the probability the loss assigns to each candidate
        being the anchor&apos;s partner. The similarities never change; only the temperature does. At large τ
        every candidate looks alike and the loss stays near the uniform value. As τ shrinks the softmax sharpens:
        the partner and the look-alike negative take almost all the mass, and the gradient, which pushes the
        anchor away from each negative in proportion to its bar, is spent almost entirely on that hard negative.
      </figcaption>
    </figure>
  );
}
