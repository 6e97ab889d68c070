// Entry point: `startEmulator()` and everything tests need to talk to it.
export { startEmulator } from './server';
export * from './types';
export * from './world';
export { rowId, rowsSeed, type WriteEntry } from './writes';
