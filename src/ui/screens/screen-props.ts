import type { WizardAction, WizardState } from '../../app/session/wizard-state.js';
import type { KeyScope } from '../keys.js';

/** What every step's screen receives. Screens read state and dispatch; they never do I/O. */
export interface ScreenProps {
  readonly state: WizardState;
  readonly dispatch: (action: WizardAction) => void;
  /** Columns and rows available for the screen body (status line and hint bar excluded). */
  readonly width: number;
  readonly height: number;
  /**
   * True while the screen has a picker, text field or filter open: the App then leaves Enter,
   * Esc, q and ? to the screen (Ctrl-C still quits).
   */
  readonly setCapture: (captured: boolean) => void;
}

/** The key scopes each step adds to the global keys, for the hint bar and key dispatch. */
export const STEP_SCOPES: Readonly<Record<WizardState['step'], readonly KeyScope[]>> = {
  source: ['source', 'lists'],
  scan: [],
  classify: ['classify', 'lists'],
  profile: ['profile', 'lists'],
  fixes: ['fixes', 'lists'],
  network: ['network', 'lists'],
  preview: ['preview', 'lists'],
  finish: ['finish'],
};

/** The step's scopes, plus Apply on Finish when the source is a live cluster. */
export function scopesFor(state: WizardState): readonly KeyScope[] {
  const scopes = STEP_SCOPES[state.step];
  return state.step === 'finish' && state.source?.kind === 'cluster' ? [...scopes, 'finish (cluster)'] : scopes;
}
