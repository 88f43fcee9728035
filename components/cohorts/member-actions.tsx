'use client';

import { StatusLine } from './status-line';
import styles from './cohorts.module.css';
import { useAction } from './use-action';

export function MemberActions({ cohortId, userId, name, role }: { cohortId: string; userId: string; name: string; role: string }) {
  const { pending, message, run } = useAction();
  const url = `/api/cohorts/${cohortId}/members/${userId}`;
  return (
    <div className={styles.actions}>
      <button
        type="button"
        className={styles.secondary}
        disabled={pending}
        onClick={() => void run('PATCH', url, { role: role === 'instructor' ? 'student' : 'instructor' }, () => 'Role changed.')}
      >
        {role === 'instructor' ? 'Make student' : 'Make co-instructor'}
        <span className="visually-hidden"> ({name})</span>
      </button>
      <button
        type="button"
        className={styles.danger}
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Remove ${name} from this cohort? Their submissions stay theirs.`)) void run('DELETE', url);
        }}
      >
        Remove<span className="visually-hidden"> {name}</span>
      </button>
      <StatusLine message={message} />
    </div>
  );
}
