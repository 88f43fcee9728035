'use client';

import { useMemo, useState } from 'react';
import { mulberry32 } from '@/lib/datasets/prng';
import { VOCAB, makeSentences } from '@/lib/datasets/synthetic-language';
import { addToTally, emptyTally, maskSentence, shares, tallyMany, type MaskedToken, type Tally } from './masking-sim';
import styles from './masking-figure.module.css';

// A pool of sentences to step through; "New sentence" walks it, so the page is the same on every
// visit (and on the server) until the reader clicks.
const POOL = makeSentences(64, 2019);
const BATCH = 1000;
const BAR_W = 320;

const word = (id: number) => VOCAB[id] ?? `#${id}`;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

const CHIP_CLASS: Record<MaskedToken['outcome'], string | undefined> = {
  special: styles.special,
  plain: styles.plain,
  masked: styles.masked,
  random: styles.random,
  kept: styles.kept,
};

function describe(tokens: MaskedToken[]): string {
  const words = tokens.filter((t) => t.outcome !== 'special');
  const chosen = words.filter((t) => t.weight === 1);
  if (chosen.length === 0) return `None of the ${words.length} words was chosen this time: this sentence teaches nothing.`;
  const parts = chosen.map((t) =>
    t.outcome === 'masked'
      ? `"${word(t.original)}" hidden behind [MASK]`
      : t.outcome === 'random'
        ? `"${word(t.original)}" swapped for "${word(t.shown)}"`
        : `"${word(t.original)}" left as it is`,
  );
  return `${chosen.length} of ${words.length} words chosen: ${parts.join('; ')}.`;
}

/** One horizontal bar: measured share, with a tick where the recipe says it should be. */
function ShareBar({ label, value, expected }: { label: string; value: number; expected: number }) {
  return (
    <div className={styles.barRow}>
      <span className={styles.barLabel}>{label}</span>
      <svg className={styles.bar} viewBox={`0 0 ${BAR_W} 14`} aria-hidden="true">
        <rect className={styles.barTrack} x={0} y={2} width={BAR_W} height={10} rx={3} />
        <rect className={styles.barFill} x={0} y={2} width={Math.min(1, value) * BAR_W} height={10} rx={3} />
        <line className={styles.barTick} x1={expected * BAR_W} x2={expected * BAR_W} y1={0} y2={14} />
      </svg>
      <span className={styles.barValue}>
        {pct(value)} <span className={styles.muted}>(recipe {pct(expected)})</span>
      </span>
    </div>
  );
}

export function MaskingFigure() {
  // Starts on a draw that shows two [MASK]s and one random word (green triangle blue [MASK] yellow [MASK] ...).
  const [sentence, setSentence] = useState(1);
  const [draw, setDraw] = useState(81);
  const [pMask, setPMask] = useState(0.15);
  const [reveal, setReveal] = useState(false);
  const [tally, setTally] = useState<Tally>(emptyTally);
  const [batches, setBatches] = useState(0);

  const ids = POOL[sentence % POOL.length]!;
  // Seeded by (sentence, draw): the same clicks always give the same masks.
  const tokens = useMemo(() => maskSentence(ids, pMask, mulberry32(draw * 7919 + sentence)), [ids, pMask, draw, sentence]);
  const s = shares(tally);

  const remask = () => {
    const next = draw + 1;
    setDraw(next);
    setReveal(false);
    setTally((t) => addToTally(t, maskSentence(ids, pMask, mulberry32(next * 7919 + sentence))));
  };
  const nextSentence = () => {
    setSentence((v) => v + 1);
    setReveal(false);
  };
  const addBatch = () => {
    setTally((t) => tallyMany(t, BATCH, pMask, 1000 + batches));
    setBatches((b) => b + 1);
  };
  const changeP = (value: number) => {
    // A tally mixing two masking rates would match neither, so it starts over.
    setPMask(value);
    setTally(emptyTally());
  };

  const label =
    `The sentence "${ids.map(word).filter((w) => !w.startsWith('[')).join(' ')}" as the model sees it after masking: ` +
    `${tokens.map((t) => word(t.shown)).join(' ')}. ${describe(tokens)}`;

  return (
    <figure className={styles.figure}>
      <div className={styles.rows} role="img" aria-label={label}>
        <div className={styles.rowLabels} aria-hidden="true">
          <span>model sees</span>
          <span>must predict</span>
        </div>
        {tokens.map((t, i) => (
          <div key={i} className={styles.column} aria-hidden="true">
            <span className={`${styles.chip} ${CHIP_CLASS[t.outcome] ?? ''}`}>{word(t.shown)}</span>
            <span className={t.weight === 1 ? `${styles.chip} ${styles.target}` : styles.noTarget}>
              {t.weight === 1 ? (reveal ? word(t.original) : '?') : '·'}
            </span>
          </div>
        ))}
      </div>

      <p className={styles.status} aria-live="polite">
        {describe(tokens)}
      </p>

      <div className={styles.controls}>
        <button type="button" className={styles.button} onClick={remask}>
          Mask again
        </button>
        <button type="button" className={styles.button} onClick={nextSentence}>
          New sentence
        </button>
        <button type="button" className={styles.button} aria-pressed={reveal} onClick={() => setReveal((r) => !r)}>
          {reveal ? 'Hide answers' : 'Reveal answers'}
        </button>
        <label className={styles.control}>
          <span>
            chosen share p <span className={styles.value} aria-hidden="true">{Math.round(pMask * 100)} %</span>
          </span>
          <input
            type="range"
            min={0.05}
            max={0.5}
            step={0.05}
            value={pMask}
            onChange={(e) => changeP(Number(e.target.value))}
          />
        </label>
      </div>

      <section className={styles.tally} aria-label="Running totals over every sentence masked so far">
        <p className={styles.tallyHead}>
          Masked so far: {tally.sentences.toLocaleString('en')} sentences, {tally.words.toLocaleString('en')} words,{' '}
          {tally.chosen.toLocaleString('en')} chosen.
        </p>
        <ShareBar label="words chosen" value={s.chosen} expected={pMask} />
        <ShareBar label="chosen → [MASK]" value={s.masked} expected={0.8} />
        <ShareBar label="chosen → random word" value={s.random} expected={0.1} />
        <ShareBar label="chosen → unchanged" value={s.kept} expected={0.1} />
        <div className={styles.controls}>
          <button type="button" className={styles.button} onClick={addBatch}>
            Mask {BATCH.toLocaleString('en')} more sentences
          </button>
          <button
            type="button"
            className={styles.button}
            onClick={() => {
              setTally(emptyTally());
              setBatches(0);
            }}
          >
            Reset totals
          </button>
        </div>
      </section>

      <ul className={styles.legend}>
        <li>
          <span className={`${styles.chip} ${styles.masked}`}>[MASK]</span> hidden
        </li>
        <li>
          <span className={`${styles.chip} ${styles.random}`}>word</span> replaced by a random word
        </li>
        <li>
          <span className={`${styles.chip} ${styles.kept}`}>word</span> chosen but left unchanged
        </li>
        <li>
          <span className={`${styles.chip} ${styles.special}`}>[CLS]</span> special, never chosen
        </li>
      </ul>

      <figcaption className={styles.caption}>
        BERT-style masking of a sentence from a small synthetic language, where colours walk round the colour
        wheel and shapes round a fixed list. Each word is chosen with probability p (15 % by default). A chosen
        word is hidden behind [MASK] 80 % of the time, swapped for a random word 10 % of the time and left
        unchanged 10 % of the time; in all three cases the model must predict the original (bottom row). Try to
        guess the blanks before revealing them: the rest of the sentence gives them away. Then mask a few
        thousand sentences and watch the running shares settle on the recipe.
      </figcaption>
    </figure>
  );
}
