import React from 'react';
import { Box, Text, useApp, useInput } from 'ink';

interface Props {
  readonly children: React.ReactNode;
  /** Called once with the error, so the caller can set the exit code. */
  readonly onError?: (error: Error) => void;
}

/** A render bug shows a panel with a hint, never a stack dump, and never wrecks the terminal. */
export class ErrorBoundary extends React.Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    this.props.onError?.(error);
  }

  override render(): React.ReactNode {
    return this.state.error ? <ErrorPanel error={this.state.error} /> : this.props.children;
  }
}

function ErrorPanel({ error }: { readonly error: Error }): React.JSX.Element {
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === 'q' || key.escape || key.return) exit();
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
      <Text bold color="red">
        kube-harden hit an internal error
      </Text>
      <Text>{error.message.split('\n')[0]}</Text>
      <Text dimColor>Nothing was written. Press q to quit; run again with --debug to see the details, and please report it.</Text>
    </Box>
  );
}
