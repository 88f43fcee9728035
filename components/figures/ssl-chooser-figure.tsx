'use client';

import { useState } from 'react';
import { advise, DEFAULT_ANSWERS, QUESTIONS, type Answers, type Fit, type MethodId } from './ssl-chooser';
import styles from './ssl-chooser-figure.module.css';

// Which assumption each method bets on ('must') or merely benefits from ('helps'): the grid of the
// figure. Size and new data are practical constraints, listed in the verdicts instead.
const BETS: ReadonlyArray<{ key: keyof Answers; short: string }> = [
  { key: 'clusters', short: 'clusters' },
  { key: 'twoViews', short: 'two views' },
  { key: 'confident', short: 'confident model' },
];
const NEEDS: Record<MethodId, Partial<Record<keyof Answers, 'must' | 'helps'>>> = {
  graph: { clusters: 'must' },
  self: { confident: 'must', clusters: 'helps' },
  co: { twoViews: 'must', confident: 'must' },
};
const FIT_TEXT: Record<Fit, string> = { good: 'good fit', care: 'possible, with care', poor: 'poor fit' };

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const COL_W = 130;
const ROW_H = 44;
const LABEL_W = 230;
const HEAD_H = 40;
const W = LABEL_W + BETS.length * COL_W;
const H = HEAD_H + 3 * ROW_H;

export function SslChooserFigure() {
  const [answers, setAnswers] = useState<Answers>(DEFAULT_ANSWERS);
  const { methods, suggestion } = advise(answers);

  const gridText = methods
    .map((m) => {
      const bets = BETS.filter((b) => NEEDS[m.id][b.key]).map(
        (b) => `${NEEDS[m.id][b.key] === 'must' ? 'relies on' : 'benefits from'} ${b.short} (${answers[b.key] ? 'holds' : 'does not hold'})`,
      );
      return `${m.name}: ${bets.join(', ')}; ${FIT_TEXT[m.fit]}.`;
    })
    .join(' ');

  return (
    <figure className={styles.figure}>
      <fieldset className={styles.questions}>
        <legend>Your project</legend>
        {QUESTIONS.map((q) => (
          <label key={q.key} className={styles.question}>
            <input
              type="checkbox"
              checked={answers[q.key]}
              onChange={(e) => setAnswers((a) => ({ ...a, [q.key]: e.target.checked }))}
            />
            <span>{q.text}</span>
          </label>
        ))}
      </fieldset>

      <svg className={styles.grid} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Which assumption each method relies on. ${gridText}`}>
        {BETS.map((b, c) => (
          <text key={b.key} className={styles.head} x={LABEL_W + c * COL_W + COL_W / 2} y={HEAD_H - 14} textAnchor="middle">
            {b.short}
          </text>
        ))}
        {methods.map((m, r) => {
          const y = HEAD_H + r * ROW_H;
          return (
            <g key={m.id}>
              <rect className={styles[`row_${m.fit}`]} x={0} y={y + 3} width={W} height={ROW_H - 6} rx={8} />
              <text className={styles.method} x={12} y={y + ROW_H / 2 + 5}>
                {m.name}
              </text>
              {BETS.map((b, c) => {
                const need = NEEDS[m.id][b.key];
                if (!need) return null;
                const cx = LABEL_W + c * COL_W + COL_W / 2;
                const ok = answers[b.key];
                return (
                  <g key={b.key}>
                    <circle
                      cx={cx}
                      cy={y + ROW_H / 2}
                      r={need === 'must' ? 11 : 8}
                      className={`${ok ? styles.met : styles.unmet} ${need === 'helps' ? styles.helps : ''}`}
                    />
                    <text className={styles.mark} x={cx} y={y + ROW_H / 2 + 5} textAnchor="middle">
                      {ok ? '✓' : '✗'}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>

      <ul className={styles.verdicts} aria-live="polite">
        {methods.map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong>: <span className={styles[`fit_${m.fit}`]}>{FIT_TEXT[m.fit]}</span>. {capitalize(m.reasons.join('; '))}.
          </li>
        ))}
      </ul>
      <p className={styles.suggestion}>{suggestion}</p>

      <figcaption className={styles.caption}>
        Each semi-supervised method bets on one assumption about your data. Tick what is true of your project: a
        large circle marks an assumption the method relies on, a small one an assumption that merely helps; green
        with ✓ means it holds, red with ✗ that it does not. The verdicts below the grid also weigh the data size and
        whether new examples keep arriving.
      </figcaption>
    </figure>
  );
}
