/** Every API path the fake answers, by area. */
import type { Handler } from './body';
import { accountHandlers } from './handlers/account';
import { aiHandlers } from './handlers/ai';
import { backtestHandlers } from './handlers/backtests';
import { compileHandlers } from './handlers/compile';
import { fileHandlers } from './handlers/files';
import { liveHandlers } from './handlers/live';
import { objectStoreHandlers } from './handlers/object-store';
import { optimizationHandlers } from './handlers/optimizations';
import { projectHandlers } from './handlers/projects';

export const ROUTES: Readonly<Record<string, Handler>> = {
  ...accountHandlers,
  ...projectHandlers,
  ...fileHandlers,
  ...compileHandlers,
  ...backtestHandlers,
  ...optimizationHandlers,
  ...liveHandlers,
  ...objectStoreHandlers,
  ...aiHandlers,
};
