'use client';

import { useState } from 'react';

export function CompleteLessonButton({ lessonId, initiallyCompleted }: { lessonId: string; initiallyCompleted: boolean }) {
  const [completed, setCompleted] = useState(initiallyCompleted);
  const [error, setError] = useState<string | null>(null);
  async function complete() {
    setError(null);
    const response = await fetch('/api/progress', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lessonId }),
    }).catch(() => null);
    if (response?.ok) setCompleted(true);
    else setError('Could not save. Check your connection and try again.');
  }
  return (
    <div className="complete-lesson">
      {completed ? (
        <p data-testid="lesson-completed">✓ Lesson completed</p>
      ) : (
        <button type="button" className="button" onClick={() => void complete()}>Mark lesson complete</button>
      )}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
