'use client';

import { useState, type FormEvent } from 'react';
import type { PublicQuestion, QuestionFeedback } from '@/lib/concept-checks/grade';
import styles from './concept-check.module.css';

type Props = { lessonId: string; questions: PublicQuestion[]; signedIn: boolean; bestScore: number | null };

export function ConceptCheck({ lessonId, questions, signedIn, bestScore }: Props) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [feedback, setFeedback] = useState<Map<string, QuestionFeedback> | null>(null);
  const [score, setScore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const response = await fetch('/api/concept-checks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lessonId, answers }),
    }).catch(() => null);
    setPending(false);
    if (!response?.ok) {
      setError('Could not check your answers. Check your connection and try again.');
      return;
    }
    const data = (await response.json()) as { score: number; feedback: QuestionFeedback[] };
    setScore(data.score);
    setFeedback(new Map(data.feedback.map((f) => [f.id, f])));
  }

  if (questions.length === 0) return null;
  return (
    <section className={styles.check} aria-labelledby="concept-check-title" data-testid="concept-check">
      <h2 id="concept-check-title">Check your understanding</h2>
      {bestScore !== null ? <p className={styles.muted}>Your best so far: {Math.round(bestScore * 100)}%</p> : null}
      <form onSubmit={(e) => void onSubmit(e)}>
        <ol className={styles.questions}>
          {questions.map((q) => {
            const f = feedback?.get(q.id);
            return (
              <li key={q.id} className={styles.question}>
                <fieldset>
                  <legend>{q.prompt}</legend>
                  {q.kind === 'choice' ? (
                    q.options.map((option, index) => (
                      <label key={option} className={styles.option}>
                        <input
                          type="radio"
                          name={q.id}
                          checked={answers[q.id] === index}
                          onChange={() => setAnswers((a) => ({ ...a, [q.id]: index }))}
                        />{' '}
                        {option}
                      </label>
                    ))
                  ) : (
                    <label className={styles.option}>
                      Your answer{' '}
                      <input
                        type="number"
                        step="any"
                        inputMode="decimal"
                        onChange={(e) => {
                          const value = e.currentTarget.valueAsNumber;
                          setAnswers((a) => {
                            const next = { ...a };
                            if (Number.isFinite(value)) next[q.id] = value;
                            else delete next[q.id];
                            return next;
                          });
                        }}
                      />
                    </label>
                  )}
                </fieldset>
                {f ? (
                  <p className={f.correct ? styles.right : styles.wrong} data-correct={f.correct}>
                    {f.correct ? '✓ Correct. ' : '✗ Not quite. '}
                    {f.explanation}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
        <button type="submit" className="button" disabled={pending}>{pending ? 'Checking…' : 'Check answers'}</button>
        <p aria-live="polite" className={styles.muted}>
          {score !== null ? `You got ${Math.round(score * 100)}%.${signedIn ? ' Saved to your progress.' : ' Sign in to keep your progress.'}` : ''}
        </p>
        {error ? <p role="alert" className={styles.wrong}>{error}</p> : null}
      </form>
    </section>
  );
}
