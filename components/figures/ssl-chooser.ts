// Pure logic of the "which semi-supervised method?" figure: five yes/no facts about a project in,
// one verdict per method (with its reasons) and a suggestion out. Each method is judged by the
// assumption it bets on; see the semi-supervised-in-practice lesson.

export type Answers = {
  /** Nearby inputs (in the feature space you have) usually share a label. */
  clusters: boolean;
  /** Two feature sets, each enough on its own, roughly independent given the label. */
  twoViews: boolean;
  /** A model trained on the labels alone is decent and its confident predictions are mostly right. */
  confident: boolean;
  /** More than about 20,000 examples. */
  large: boolean;
  /** New examples keep arriving and must be classified later. */
  newData: boolean;
};

export type MethodId = 'graph' | 'self' | 'co';
export type Fit = 'good' | 'care' | 'poor';
export type MethodAdvice = { id: MethodId; name: string; fit: Fit; reasons: string[] };

export const QUESTIONS: ReadonlyArray<{ key: keyof Answers; text: string }> = [
  { key: 'clusters', text: 'Nearby inputs usually share a label (classes form dense clusters or smooth regions)' },
  { key: 'twoViews', text: 'Each example has two feature sets, each enough on its own, roughly independent given the label' },
  { key: 'confident', text: 'A model trained on the labels alone is decent, and its confident predictions are mostly right' },
  { key: 'large', text: 'There are more than about 20,000 examples' },
  { key: 'newData', text: 'New examples keep arriving and must be classified later' },
];

export const DEFAULT_ANSWERS: Answers = { clusters: true, twoViews: false, confident: true, large: false, newData: false };

function graph(a: Answers): MethodAdvice {
  const reasons: string[] = [];
  if (!a.clusters) reasons.push('its bet, that labels follow the dense regions of the graph, does not hold');
  if (a.large) reasons.push('a dense n × n graph is too big: use a sparse k-nearest-neighbour graph');
  if (a.newData) reasons.push('it labels only the points in the graph: rebuild it, or train a classifier on the spread labels');
  const fit: Fit = !a.clusters ? 'poor' : reasons.length > 0 ? 'care' : 'good';
  if (fit === 'good') reasons.push('labels can flow through the dense regions you described');
  return { id: 'graph', name: 'Label propagation / spreading', fit, reasons };
}

function self(a: Answers): MethodAdvice {
  const reasons: string[] = [];
  if (!a.confident) reasons.push('wrong confident pseudo-labels would be learned as truth and reinforce themselves');
  else reasons.push('works with any model that gives a confidence; keep a threshold and check on held-out labels');
  if (a.confident && !a.clusters) {
    reasons.push('if classes overlap, confident mistakes near the overlap tend to accumulate');
  }
  const fit: Fit = !a.confident ? 'poor' : !a.clusters ? 'care' : 'good';
  return { id: 'self', name: 'Self-training (pseudo-labels)', fit, reasons };
}

function co(a: Answers): MethodAdvice {
  const reasons: string[] = [];
  if (!a.twoViews) reasons.push('it needs two sufficient, roughly independent views; without them it is self-training twice');
  if (a.twoViews && !a.confident) reasons.push('each view’s classifier must start out decent, or the two teach each other mistakes');
  const fit: Fit = !a.twoViews ? 'poor' : !a.confident ? 'care' : 'good';
  if (fit === 'good') reasons.push('each classifier’s confident picks are fresh, unbiased examples for the other');
  return { id: 'co', name: 'Co-training (two views)', fit, reasons };
}

/** Verdicts for the three methods, and which one to try first. */
export function advise(a: Answers): { methods: MethodAdvice[]; suggestion: string } {
  const methods = [graph(a), self(a), co(a)];
  const byId = Object.fromEntries(methods.map((m) => [m.id, m])) as Record<MethodId, MethodAdvice>;
  // Co-training exploits the most structure when its strong assumption holds; the graph uses the
  // unlabeled geometry directly; self-training is the general fallback.
  const order: MethodId[] = ['co', 'graph', 'self'];
  const best = order.find((id) => byId[id].fit === 'good') ?? order.find((id) => byId[id].fit === 'care');
  const suggestion = best
    ? `Try ${byId[best].name.toLowerCase()} first${byId[best].fit === 'care' ? ', with the adjustments listed' : ''}, ` +
      'and compare it with a model trained on the labels alone, on held-out labeled data.'
    : 'None of the three assumptions holds: unlabeled data may hurt here. Spend the budget on more labels ' +
      '(ideally chosen by active learning), or on a pretrained representation.';
  return { methods, suggestion };
}
