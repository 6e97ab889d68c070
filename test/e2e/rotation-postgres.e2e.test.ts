// Rotation-safe refresh on PostgreSQL (several n8n processes on one database): see rotation.ts.
import { rotationSuite } from './rotation';

rotationSuite('postgres');
