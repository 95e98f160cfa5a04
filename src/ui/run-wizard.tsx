/**
 * The wizard's terminal life cycle: full screen on the alternate buffer (like k9s), and the
 * previous screen restored on quit, on Ctrl-C and on errors.
 */
import React from 'react';
import { render } from 'ink';
import type { InitialOptions } from '../app/session/wizard-state.js';
import type { WizardPorts } from '../app/tasks/ports.js';
import { App } from './app.js';

const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?25h\u001b[?1049l';

/** Exit codes: 0 quit normally, 130 interrupted (Ctrl-C), 70 internal error. */
export async function runWizard(initial: InitialOptions, ports: WizardPorts, streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream } = { stdin: process.stdin, stdout: process.stdout }): Promise<number> {
  const { stdin, stdout } = streams;
  let code: number | undefined;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALTERNATE_SCREEN);
  };
  // Whatever happens, the user gets their terminal back.
  process.once('exit', restore);
  const onSignal = () => {
    restore();
    process.exit(130);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(
    <App
      initial={initial}
      ports={ports}
      onExit={(exitCode) => (code = exitCode)}
      onError={() => (code = 70)}
    />,
    { stdin, stdout, exitOnCtrlC: true, patchConsole: true },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('exit', restore);
  }
  // Ink unmounts on Ctrl-C without going through the App's quit.
  return code ?? 130;
}
