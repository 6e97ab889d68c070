// Rotation-safe refresh on SQLite (single-process scenarios): see rotation.ts.
import { rotationSuite } from './rotation';

rotationSuite('sqlite');
