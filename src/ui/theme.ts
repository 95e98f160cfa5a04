/**
 * Colours by meaning. With NO_COLOR set (https://no-color.org) every colour is dropped; emphasis
 * falls back to bold and inverse, which still read on a monochrome terminal.
 */
const noColor = () => 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';

export interface Theme {
  readonly accent?: string;
  readonly ok?: string;
  readonly warn?: string;
  readonly danger?: string;
  readonly muted?: string;
}

export function theme(): Theme {
  if (noColor()) return {};
  return { accent: 'cyan', ok: 'green', warn: 'yellow', danger: 'red', muted: 'gray' };
}
