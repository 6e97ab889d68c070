/**
 * Issue 13: two minutes of `npm run soak` (test/soak/soak.ts) inside `npm test`, on n8n 2.41.1:
 * queue mode on PostgreSQL with 2 workers, access tokens expiring every 60 s, old refresh tokens
 * dying at once. Counts only: no item routed to Reauthorize, one token request per rotation.
 */
import { runSoak, soakReport } from '../soak/soak';

jest.setTimeout(900_000);

it('2 minutes in queue mode on PostgreSQL with 2 workers: 0 Reauthorize, one token request per rotation (n8n 2.41.1)', async () => {
	const figures = await runSoak({ version: '2.41.1', minutes: 2 });
	console.log(soakReport(figures));
	expect(figures.executions).toBeGreaterThan(30);
	expect(figures.failed).toBe(0);
	expect(figures.reauthorize).toBe(0);
	expect(figures.reasons).toEqual({ accessible: figures.executions });
	// at least one access token expired during the run, and every token request rotated once
	expect(figures.rotations).toBeGreaterThanOrEqual(1);
	expect(figures.tokenRequests).toBe(figures.rotations);
	expect(figures.grantRevoked).toBe(false);
});
