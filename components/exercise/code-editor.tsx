'use client';

import Editor, { loader, type BeforeMount, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { configureTypeScript, loadTfjsTypes } from './monaco-setup';
import { usePrefersDark } from './use-prefers-dark';
import styles from './code-editor.module.css';
import ui from './ui.module.css';

// Monaco is copied into public/monaco/vs by scripts/build-assets.ts; the default loader would fetch
// it from a CDN, and no request may leave our origin.
loader.config({ paths: { vs: '/monaco/vs' } });

export const EDITOR_MODEL_PATH = 'file:///exercise.ts';

export type CodeEditorProps = {
  value: string;
  onChange: (code: string) => void;
  /** Ctrl/Cmd+Enter inside the editor. */
  onRun: () => void;
};

export function CodeEditor({ value, onChange, onRun }: CodeEditorProps) {
  const dark = usePrefersDark();
  const onRunRef = useRef(onRun);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    onRunRef.current = onRun;
  }, [onRun]);

  useEffect(() => {
    let active = true;
    // The library swallows loader failures and would show "Loading…" forever; watch the same promise.
    loader.init().then(
      () => undefined,
      (error: unknown) => {
        const cancelled = typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'cancelation';
        if (active && !cancelled) setState('failed');
      },
    );
    return () => {
      active = false;
    };
  }, []);

  const beforeMount: BeforeMount = (monaco) => {
    configureTypeScript(monaco);
    void loadTfjsTypes(monaco);
  };

  const onMount: OnMount = (editor, monaco) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => onRunRef.current());
    setState('ready');
  };

  return (
    <div className={styles.container} data-testid="editor" data-state={state}>
      {state === 'failed' ? (
        <FallbackEditor value={value} onChange={onChange} onRun={onRun} />
      ) : (
        <div className={styles.editor}>
          <Editor
            wrapperProps={{ className: styles.fill }}
            height="100%"
            path={EDITOR_MODEL_PATH}
            defaultLanguage="typescript"
            value={value}
            onChange={(next) => onChange(next ?? '')}
            theme={dark ? 'vs-dark' : 'light'}
            beforeMount={beforeMount}
            onMount={onMount}
            loading={<p className={styles.loading}>Loading the editor…</p>}
            options={{
              ariaLabel: 'Exercise code, TypeScript. Press Control+Enter to run the tests.',
              minimap: { enabled: false },
              fontSize: 14,
              tabSize: 2,
              automaticLayout: true,
              scrollBeyondLastLine: false,
              fixedOverflowWidgets: true,
              renderWhitespace: 'selection',
              wordWrap: 'off',
            }}
          />
        </div>
      )}
      <p className={styles.help}>
        <span className={ui.kbd}>Ctrl/⌘ + Enter</span> runs the tests.{' '}
        {state === 'failed' ? null : (
          <>
            Tab indents; press <span className={ui.kbd}>Ctrl + M</span> (<span className={ui.kbd}>⌃⇧M</span> on a Mac) to
            make Tab move focus instead.
          </>
        )}
      </p>
    </div>
  );
}

/** Plain-text editing when Monaco cannot load, so the learner can still write, run and submit. */
function FallbackEditor({ value, onChange, onRun }: CodeEditorProps) {
  return (
    <>
      <p className={styles.notice} role="note">
        The code editor could not load, so this is a plain text box (no completion or type checking). Your code is
        still saved, run and submitted as usual.
      </p>
      <textarea
        className={styles.textarea}
        aria-label="Exercise code, TypeScript"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
            event.preventDefault();
            onRun();
          }
        }}
      />
    </>
  );
}
