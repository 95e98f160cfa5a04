/**
 * The wizard's root: one reducer, the status line, the current step's screen, the hint bar, the
 * help overlay and the quit confirmation. Global keys live here; screens own their local keys.
 */
import React, { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { reduce, canAdvance, type InitialOptions, type WizardState, initialState, type WizardAction } from '../app/session/wizard-state.js';
import type { WizardPorts } from '../app/tasks/ports.js';
import { runScan } from '../app/tasks/scan.js';
import { runExport } from '../app/tasks/export.js';
import { runDescribeCluster } from '../app/tasks/cluster.js';
import { runApply } from '../app/tasks/apply.js';
import { commandFor } from './keys.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { StatusLine } from './components/status-line.js';
import { HintBar } from './components/hint-bar.js';
import { HelpOverlay } from './components/help-overlay.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { scopesFor, type ScreenProps } from './screens/screen-props.js';
import { SourceScreen } from './screens/source-screen.js';
import { ScanScreen } from './screens/scan-screen.js';
import { ClassifyScreen } from './screens/classify-screen.js';
import { ProfileScreen } from './screens/profile-screen.js';
import { FixesScreen } from './screens/fixes-screen.js';
import { NetworkScreen } from './screens/network-screen.js';
import { PreviewScreen } from './screens/preview-screen.js';
import { FinishScreen } from './screens/finish-screen.js';

const SCREENS: Readonly<Record<WizardState['step'], (props: ScreenProps) => React.JSX.Element>> = {
  source: SourceScreen,
  scan: ScanScreen,
  classify: ClassifyScreen,
  profile: ProfileScreen,
  fixes: FixesScreen,
  network: NetworkScreen,
  preview: PreviewScreen,
  finish: FinishScreen,
};

export interface AppProps {
  readonly initial: InitialOptions;
  readonly ports: WizardPorts;
  /** Called with the exit code when the user quits. */
  readonly onExit?: (code: number) => void;
  /** Called with a render error (after the error panel is shown). */
  readonly onError?: (error: Error) => void;
}

export function App(props: AppProps): React.JSX.Element {
  return (
    <ErrorBoundary onError={props.onError}>
      <Wizard {...props} />
    </ErrorBoundary>
  );
}

function Wizard({ initial, ports, onExit }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [state, dispatch] = useReducer(reduce, initial, initialState);
  const [help, setHelp] = useState(false);
  const [confirmQuit, setConfirmQuit] = useState(false);
  const capture = useRef(false);
  const scan = useRef<AbortController | undefined>(undefined);
  const stateRef = useRef(state);
  stateRef.current = state;

  const setCapture = useCallback((captured: boolean) => {
    // Released a tick later, so the key that closed a field is not also read as a global key.
    if (captured) capture.current = true;
    else setTimeout(() => (capture.current = false), 0);
  }, []);

  const quit = useCallback(
    (code: number) => {
      scan.current?.abort();
      onExit?.(code);
      exit();
    },
    [exit, onExit],
  );

  const startScan = useCallback(() => {
    const source = stateRef.current.source;
    if (!source) return;
    scan.current?.abort();
    const controller = new AbortController();
    scan.current = controller;
    void runScan(source, ports, controller.signal, dispatch);
  }, [ports]);

  // The Source step asks for the cluster's namespaces when the user highlights it; the App runs the task.
  useEffect(() => {
    if (state.cluster.status !== 'requested') return;
    const controller = new AbortController();
    void runDescribeCluster(ports, controller.signal, dispatch);
    return () => controller.abort();
  }, [state.cluster.status, ports]);

  // Apply: the reducer records the dry run or the confirmed write; the App runs it.
  const applying = state.applyState.status === 'dry-running' || state.applyState.status === 'applying';
  useEffect(() => {
    if (!applying) return;
    const controller = new AbortController();
    void runApply(stateRef.current, ports, controller.signal, dispatch);
    return () => controller.abort();
  }, [applying, state.applyState.status, ports]);

  const startExport = useCallback((force: boolean) => void runExport(stateRef.current, ports, dispatch, { force }), [ports]);

  useInput((input, key) => {
    if (confirmQuit) {
      if (input === 'y' || input === 'q') quit(0);
      else if (input === 'n' || key.escape) setConfirmQuit(false);
      return;
    }
    if (capture.current) return;
    const command = commandFor(input, key, scopesFor(state));
    if (help) {
      if (command === 'help' || command === 'back') setHelp(false);
      return;
    }
    switch (command) {
      case 'help':
        setHelp(true);
        return;
      case 'quit':
        if (state.dirty && state.exportState.status !== 'done') setConfirmQuit(true);
        else quit(0);
        return;
      case 'apply':
        if (state.step !== 'finish') return;
        if (state.applyState.status === 'reviewed') dispatch({ type: 'apply/confirming' });
        else dispatch({ type: 'apply/requested' });
        return;
      case 'back':
        if (state.step === 'finish' && ['reviewed', 'done', 'failed'].includes(state.applyState.status)) dispatch({ type: 'apply/dismissed' });
        else if (state.step === 'scan' && state.scan.status === 'running') {
          scan.current?.abort();
          dispatch({ type: 'scan/cancelled' });
        } else dispatch({ type: 'step/back' });
        return;
      case 'accept':
        if (state.step === 'source') startScan();
        else if (state.step === 'scan' && state.scan.status === 'failed') startScan();
        else if (state.step === 'finish') {
          if (state.applyState.status === 'idle' && state.exportState.status !== 'running' && state.exportState.status !== 'done') startExport(state.exportState.exists === true);
        } else if (canAdvance(state)) dispatch({ type: 'step/next' });
        return;
      default:
        return;
    }
  });

  const Screen = SCREENS[state.step];
  const bodyHeight = Math.max(4, rows - 3 - (state.notice ? 1 : 0));
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <StatusLine state={state} columns={columns} />
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {help ? (
          <HelpOverlay columns={columns} />
        ) : confirmQuit ? (
          <Box flexDirection="column" borderStyle="round" paddingX={1}>
            <Text bold>Quit without exporting?</Text>
            <Text>Your decisions since the last export will be lost. Press y to quit, n to stay.</Text>
          </Box>
        ) : (
          <Screen state={state} dispatch={dispatch as (action: WizardAction) => void} width={columns} height={bodyHeight} setCapture={setCapture} />
        )}
      </Box>
      <HintBar scopes={scopesFor(state)} columns={columns} notice={state.notice} />
    </Box>
  );
}
