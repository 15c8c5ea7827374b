/** Every API path the fake answers, by area. */
import type { Handler } from './body';
import { backtestHandlers } from './handlers/backtests';
import { compileHandlers } from './handlers/compile';
import { fileHandlers } from './handlers/files';
import { projectHandlers } from './handlers/projects';

export const ROUTES: Readonly<Record<string, Handler>> = {
  ...projectHandlers,
  ...fileHandlers,
  ...compileHandlers,
  ...backtestHandlers,
};
