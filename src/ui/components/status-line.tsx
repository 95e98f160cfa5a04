import React from 'react';
import { Box, Text } from 'ink';
import { STEPS, STEP_TITLES, type WizardState } from '../../app/session/wizard-state.js';
import { theme } from '../theme.js';

function describeSource(state: WizardState): string {
  const source = state.source;
  if (!source) return 'no source yet';
  if (source.kind === 'cluster') return `cluster ${source.context}/${source.namespace}`;
  if (source.kind === 'demo') return 'demo';
  return source.paths.length === 1 ? source.paths[0]! : `${source.paths.length} paths`;
}

/** Source, namespace, target level and version, and where in the wizard the user is. */
export function StatusLine({ state, columns }: { readonly state: WizardState; readonly columns: number }): React.JSX.Element {
  const colors = theme();
  const namespace = state.prepared?.plan?.namespaces.map((item) => item.name).join(',') ?? state.prepared?.defaultNamespace;
  const target = state.settings.target;
  const version = target.kubeVersion === 'latest' ? 'latest' : `v1.${target.kubeVersion}`;
  const step = `${STEPS.indexOf(state.step) + 1}/${STEPS.length} ${STEP_TITLES[state.step]}`;
  const text = ` kube-harden │ ${describeSource(state)}${namespace ? ` │ ns ${namespace}` : ''} │ ${target.level} ${version} │ ${step}`;
  return (
    <Box width={columns}>
      <Text inverse color={colors.accent} wrap="truncate-end">
        {text.padEnd(columns)}
      </Text>
    </Box>
  );
}
