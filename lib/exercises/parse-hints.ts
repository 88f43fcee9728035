export type HintSection = { task: number; title: string; items: Array<string> };
export type HintsProblem = { line: number; message: string };

const SECTION_HEADING = /^##\s+(\d+)\.\s+(.+?)\s*#*\s*$/;
const ANY_LEVEL_TWO_HEADING = /^##(\s|$)/;
const BULLET = /^( {0,3}[-*+]\s+)(.*)$/;
const FENCE = /^\s*```/;

/**
 * Parses hints.md: `## <task>. <title>` sections, each a bullet list of hints in unlock order.
 * Continuation lines join their bullet; fenced code inside a bullet keeps its line breaks so it can be
 * shown as a block. Problems carry 1-based line numbers because the authoring check reports file:line.
 */
export function parseHintsDetailed(
  source: string,
  options: { taskIds?: ReadonlyArray<number> } = {},
): { sections: Array<HintSection>; problems: Array<HintsProblem> } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const sections: Array<HintSection> = [];
  const problems: Array<HintsProblem> = [];
  const sectionLines = new Map<HintSection, number>();
  let section: HintSection | null = null;
  let skipping = false; // inside a duplicate or malformed section: its bullets must not leak elsewhere
  let item: { parts: Array<string>; indent: number } | null = null;
  let inFence = false;

  function closeItem() {
    if (item && section) {
      const text = item.parts.join('').trim();
      if (text) section.items.push(text);
    }
    item = null;
    inFence = false;
  }

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\s+$/, '');

    if (inFence && item) {
      item.parts.push('\n' + stripIndent(raw, item.indent));
      if (FENCE.test(line)) inFence = false;
      return;
    }

    if (ANY_LEVEL_TWO_HEADING.test(line)) {
      closeItem();
      const match = SECTION_HEADING.exec(line);
      if (!match) {
        problems.push({ line: lineNo, message: `expected a heading like "## 2. Title", got "${line}"` });
        section = null;
        skipping = true;
        return;
      }
      const task = Number(match[1]);
      const title = (match[2] ?? '').trim();
      if (sections.some((s) => s.task === task)) {
        problems.push({ line: lineNo, message: `task ${task} already has a hints section` });
        section = null;
        skipping = true;
        return;
      }
      if (options.taskIds && !options.taskIds.includes(task)) {
        problems.push({ line: lineNo, message: `task ${task} is not one of the exercise's tasks` });
      }
      section = { task, title, items: [] };
      sections.push(section);
      sectionLines.set(section, lineNo);
      skipping = false;
      return;
    }

    if (line.trim() === '') {
      // A blank line ends a plain paragraph continuation but not a fenced block (handled above).
      if (item) item.parts.push('');
      return;
    }

    const bullet = BULLET.exec(line);
    if (bullet) {
      closeItem();
      if (!section) {
        if (!skipping) problems.push({ line: lineNo, message: 'hint bullet before any "## <task>. <title>" heading' });
        return;
      }
      item = { parts: [], indent: (bullet[1] ?? '').length };
      appendText(bullet[2] ?? '');
      return;
    }

    if (item && /^\s/.test(raw)) {
      appendText(line.trim(), stripIndent(raw, item.indent));
      return;
    }

    // Text before the first section (a "# Hints" title, an intro) is allowed and ignored.
    if (section) {
      closeItem();
      problems.push({ line: lineNo, message: 'text outside a bullet item is not shown to learners' });
    }
  });
  closeItem();

  for (const s of sections) {
    if (s.items.length === 0) {
      problems.push({ line: sectionLines.get(s) ?? 0, message: `task ${s.task} has a hints heading but no bullet items` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { sections, problems };

  function appendText(trimmed: string, rawDedented?: string) {
    if (!item) return;
    if (FENCE.test(trimmed)) {
      item.parts.push('\n' + (rawDedented ?? trimmed));
      inFence = true;
      return;
    }
    const previous = item.parts[item.parts.length - 1];
    const separator =
      item.parts.length === 0 ? '' : previous === '' ? '\n\n' : previous?.startsWith('\n') ? '\n' : ' ';
    item.parts.push(separator + trimmed);
  }
}

/** Lenient form for rendering: sections in file order, problems dropped (the authoring check reports them). */
export function parseHints(source: string): Array<HintSection> {
  return parseHintsDetailed(source).sections.filter((s) => s.items.length > 0);
}

function stripIndent(raw: string, indent: number): string {
  let cut = 0;
  while (cut < indent && raw[cut] === ' ') cut += 1;
  return raw.slice(cut).replace(/\s+$/, '');
}
