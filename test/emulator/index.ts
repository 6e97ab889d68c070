// Entry point: `startEmulator()` and everything tests need to talk to it.
export { startEmulator } from './server';
export * from './types';
export * from './world';
export { rowId, rowsSeed, type WriteEntry } from './writes';
export { bugsSchema, tasksSchema, TRACKER, trackerSeed } from './tracker';
export { STATUS_GROUP_BETA, type PropertySchema, type Schema } from './properties';
