import { Fragment } from 'react';
import ui from './ui.module.css';

/**
 * Renders author and grader text with just enough markdown to read code: ``` fences become blocks,
 * `backticks` become inline code. Everything else stays text (never HTML), so nothing can inject markup.
 */
export function CodeText({ text }: { text: string }) {
  const blocks = splitFences(text);
  return (
    <>
      {blocks.map((block, i) =>
        block.kind === 'code' ? (
          <pre key={i} className={ui.pre}>
            <code>{block.text}</code>
          </pre>
        ) : (
          <Fragment key={i}>{inlineCode(block.text)}</Fragment>
        ),
      )}
    </>
  );
}

type Block = { kind: 'text' | 'code'; text: string };

export function splitFences(text: string): Array<Block> {
  const blocks: Array<Block> = [];
  const pattern = /```[^\n]*\n([\s\S]*?)(?:\n```|$)/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) blocks.push({ kind: 'text', text: trimNewlines(text.slice(last, match.index)) });
    blocks.push({ kind: 'code', text: match[1] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < text.length) blocks.push({ kind: 'text', text: trimNewlines(text.slice(last)) });
  return blocks.filter((b) => b.kind === 'code' || b.text.trim() !== '');
}

function trimNewlines(text: string): string {
  return text.replace(/^\n+|\n+$/g, '');
}

function inlineCode(text: string) {
  return text.split(/(`[^`\n]+`)/g).map((part, i) =>
    part.length > 2 && part.startsWith('`') && part.endsWith('`') ? (
      <code key={i} className={ui.code}>
        {part.slice(1, -1)}
      </code>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}
