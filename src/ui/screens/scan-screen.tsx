import React from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { theme } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

/** Step 2: progress while the source is read and evaluated; Esc cancels. */
export function ScanScreen({ state }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const { status, progress, error } = state.scan;
  const plan = state.prepared?.plan;
  return (
    <Box flexDirection="column" paddingX={1}>
      {status === 'running' ? (
        <Text>
          <Spinner type="dots" /> {`Reading… ${progress.files} file${progress.files === 1 ? '' : 's'}, ${progress.documents} document${progress.documents === 1 ? '' : 's'}`}
        </Text>
      ) : null}
      {status === 'running' ? <Text dimColor>Esc cancels.</Text> : null}
      {status === 'failed' ? (
        <Box flexDirection="column">
          <Text color={colors.danger} bold>
            The scan failed
          </Text>
          <Text wrap="wrap">{error}</Text>
          <Text dimColor>Fix the input and press Enter to scan again, or Esc to choose another source.</Text>
        </Box>
      ) : null}
      {status === 'done' && plan ? (
        <Box flexDirection="column">
          <Text color={colors.ok}>{`✓ ${progress.files} file${progress.files === 1 ? '' : 's'}, ${progress.documents} objects, ${plan.workloads.length} workloads evaluated at ${plan.settings.target.level} v1.${plan.minor}`}</Text>
          <Text>{`${plan.workloads.filter((workload) => !workload.before[plan.settings.target.level === 'privileged' ? 'baseline' : plan.settings.target.level]).length} would be refused as they are; ${plan.changes.filter((change) => change.accepted).length} fixes proposed; ${plan.workloads.filter((workload) => workload.manual.length > 0).length} need manual changes.`}</Text>
          <Text dimColor>Enter to classify the workloads.</Text>
        </Box>
      ) : null}
    </Box>
  );
}
