import { getMDXComponent } from 'mdx-bundler/client';
import type { ComponentProps } from 'react';
import { Callout } from './callout';
import { ExerciseBlock } from './exercise-block';
import { LabelSpreadingFigure } from '@/components/figures/label-spreading-figure';

/** The one registry of components lessons may use. */
const components = {
  Callout,
  Exercise: ExerciseBlock,
  LabelSpreadingFigure,
};

export function MdxContent({ code }: { code: string }) {
  const Component = getMDXComponent(code);
  return <Component components={components as ComponentProps<typeof Component>['components']} />;
}
