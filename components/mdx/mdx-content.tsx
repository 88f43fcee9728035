import { getMDXComponent } from 'mdx-bundler/client';
import type { ComponentProps, ReactNode } from 'react';
import { Callout } from './callout';
import { ExerciseBlock } from './exercise-block';
import { CoTrainingFigure } from '@/components/figures/co-training-figure';
import { FuturePredictionFigure } from '@/components/figures/future-prediction-figure';
import { LabelSpreadingFigure } from '@/components/figures/label-spreading-figure';
import { LowDensityFigure } from '@/components/figures/low-density-figure';
import { MaskingFigure } from '@/components/figures/masking-figure';
import { PseudoLabelFigure } from '@/components/figures/pseudo-label-figure';
import { RotationPretextFigure } from '@/components/figures/rotation-pretext-figure';
import { SslChooserFigure } from '@/components/figures/ssl-chooser-figure';
import { TemperatureSoftmaxFigure } from '@/components/figures/temperature-softmax-figure';

/** The one registry of components lessons may use. */
const components = {
  Callout,
  Exercise: ExerciseBlock,
  CoTrainingFigure,
  FuturePredictionFigure,
  LabelSpreadingFigure,
  LowDensityFigure,
  MaskingFigure,
  PseudoLabelFigure,
  RotationPretextFigure,
  SslChooserFigure,
  TemperatureSoftmaxFigure,
};

/** `extra` binds per-page components (e.g. the lesson's own ConceptCheck). */
export function MdxContent({ code, extra = {} }: { code: string; extra?: Record<string, () => ReactNode> }) {
  const Component = getMDXComponent(code);
  const all = { ConceptCheck: () => null, ...components, ...extra };
  return <Component components={all as ComponentProps<typeof Component>['components']} />;
}
