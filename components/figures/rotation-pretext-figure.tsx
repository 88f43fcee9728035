'use client';

import { useId, useMemo, useState } from 'react';
import { GLYPH_SHAPES, QUARTER_TURN_SYMMETRIC, renderGlyph, type GlyphShape } from '@/lib/datasets/glyphs';
import {
  LABEL_DEGREES,
  SIZE,
  centredGlyph,
  fourRotations,
  judgeGuess,
  makePuzzle,
  type GuessResult,
} from './rotation-pretext-sim';
import styles from './rotation-pretext-figure.module.css';

const SHAPE_NAMES: Record<GlyphShape, string> = {
  circle: 'circle',
  square: 'square',
  plus: 'plus sign',
  triangle: 'triangle',
  ell: 'letter L',
  tee: 'letter T',
  arrow: 'arrow',
  flag: 'flag',
};

const turnWords = (k: number) =>
  k === 0 ? 'upright' : `turned ${LABEL_DEGREES[k]} degrees counter-clockwise`;

/** One 16 x 16 glyph as crisp squares; intensity becomes opacity so it works on either theme. */
function GlyphGrid({ pixels, label, highlight }: { pixels: Float32Array; label: string; highlight?: boolean }) {
  const cells = [];
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v < 0.02) continue;
    cells.push(<rect key={i} x={i % SIZE} y={Math.floor(i / SIZE)} width={1} height={1} fillOpacity={Math.round(v * 100) / 100} />);
  }
  return (
    <svg
      className={highlight ? `${styles.grid} ${styles.gridHighlight}` : styles.grid}
      viewBox={`-0.5 -0.5 ${SIZE + 1} ${SIZE + 1}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect className={styles.gridFrame} x={-0.5} y={-0.5} width={SIZE + 1} height={SIZE + 1} />
      <g className={styles.ink}>{cells}</g>
    </svg>
  );
}

const FEEDBACK: Record<GuessResult, (answer: number, guess: number) => string> = {
  right: (answer) => `Right: label ${answer}, ${turnWords(answer)}.`,
  lookalike: (answer, guess) =>
    `Not the label (it was ${answer}), but label ${guess} gives exactly the same picture. Nobody could tell them ` +
    'apart: this shape looks the same after a quarter turn, so its rotation label is pure noise.',
  wrong: (answer) => `Not quite: the glyph was ${turnWords(answer)}, label ${answer}.`,
};

export function RotationPretextFigure() {
  const [shape, setShape] = useState<GlyphShape>('flag');
  const upright = useMemo(() => renderGlyph(centredGlyph(shape), SIZE), [shape]);
  const four = useMemo(() => fourRotations(upright), [upright]);
  const symmetric = QUARTER_TURN_SYMMETRIC.has(shape);

  const [round, setRound] = useState(1);
  const [withSymmetric, setWithSymmetric] = useState(false);
  const puzzle = useMemo(() => makePuzzle(round * 7919 + (withSymmetric ? 104729 : 0), withSymmetric), [round, withSymmetric]);
  const [guess, setGuess] = useState<number | null>(null);
  const [score, setScore] = useState({ right: 0, tried: 0 });
  const result = guess === null ? null : judgeGuess(puzzle, guess);

  const answer = (k: number) => {
    if (guess !== null) return;
    setGuess(k);
    setScore((s) => ({ right: s.right + (judgeGuess(puzzle, k) === 'right' ? 1 : 0), tried: s.tried + 1 }));
  };
  const next = () => {
    setGuess(null);
    setRound((r) => r + 1);
  };

  const name = SHAPE_NAMES[shape];
  const id = useId();
  return (
    <figure className={styles.figure}>
      <div className={styles.section}>
        <p className={styles.heading} id={`${id}-shapes`}>
          1. Pick an unlabeled image; the pretext task makes four labelled examples from it
        </p>
        <div className={styles.shapes} role="group" aria-labelledby={`${id}-shapes`}>
          {GLYPH_SHAPES.map((s) => (
            <button
              key={s}
              type="button"
              className={styles.button}
              aria-pressed={s === shape}
              onClick={() => setShape(s)}
            >
              {SHAPE_NAMES[s]}
            </button>
          ))}
        </div>
        <ol className={styles.row}>
          {four.map((pixels, k) => (
            <li key={k} className={styles.cell}>
              <GlyphGrid pixels={pixels} label={`The ${name} ${turnWords(k)}: label ${k}.`} />
              <span className={styles.tag} aria-hidden="true">
                label {k} · {LABEL_DEGREES[k]}°
              </span>
            </li>
          ))}
        </ol>
        <p className={styles.note} aria-live="polite">
          {symmetric
            ? `All four images of the ${name} are identical, yet they carry four different labels. A network cannot learn anything from them except to guess.`
            : `Four different pictures, four labels, no human annotation: to tell them apart a network has to find the top of the ${name}.`}
        </p>
      </div>

      <div className={styles.section}>
        <p className={styles.heading} id={`${id}-game`}>
          2. Be the network: which rotation is this?
        </p>
        <div className={styles.game}>
          <GlyphGrid
            pixels={puzzle.pixels}
            highlight
            label={`A mystery glyph, turned by an unknown multiple of 90 degrees${guess === null ? '' : `: it is a ${SHAPE_NAMES[puzzle.shape]}, label ${puzzle.turns}`}.`}
          />
          <div className={styles.answers} role="group" aria-labelledby={`${id}-game`}>
            {LABEL_DEGREES.map((deg, k) => (
              <button
                key={k}
                type="button"
                className={
                  guess === null
                    ? styles.button
                    : `${styles.button} ${k === puzzle.turns ? styles.correct : k === guess ? styles.chosen : ''}`
                }
                onClick={() => answer(k)}
                aria-disabled={guess !== null}
              >
                {k}: {deg}°
              </button>
            ))}
          </div>
        </div>
        <p className={styles.feedback} aria-live="polite">
          {result === null || guess === null ? 'Choose a label.' : FEEDBACK[result](puzzle.turns, guess)}
        </p>
        <div className={styles.controls}>
          <button type="button" className={styles.button} onClick={next}>
            Next glyph
          </button>
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={withSymmetric}
              onChange={(e) => {
                setWithSymmetric(e.target.checked);
                setGuess(null);
              }}
            />
            include circle, square and plus sign
          </label>
          <span className={styles.score}>
            {score.right} of {score.tried} right
          </span>
        </div>
      </div>

      <figcaption className={styles.caption}>
        Rotation prediction turns every unlabeled image into four labelled ones: label k means &quot;turned k
        quarter turns counter-clockwise&quot;. Above, pick a shape to see its four pretext examples. Below, play
        the network&apos;s part and guess the label of a turned glyph. Shapes with an obvious top (flag, arrow,
        letters, triangle) are easy once you know what the shape is; switch on the symmetric shapes and the
        circle, square and plus sign make the task impossible, because their four rotations are the same
        picture.
      </figcaption>
    </figure>
  );
}
