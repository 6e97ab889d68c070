// Runs the longest end-to-end files first, so that with two workers no long file starts last.
// (Without timings from an earlier run, jest orders files by size, and the rotation suites are
// two three-line files that would otherwise be picked up at the end.)
const Sequencer = require('@jest/test-sequencer').default;

const LONGEST_FIRST = ['rotation-postgres', 'rotation-sqlite', 'watch', 'request', 'access-check', 'harness', 'soak', 'installer', 'examples'];

class LongestFirst extends Sequencer {
	sort(tests) {
		const rank = (test) => {
			const index = LONGEST_FIRST.findIndex((name) => test.path.endsWith(`${name}.e2e.test.ts`));
			return index === -1 ? LONGEST_FIRST.length : index;
		};
		return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
	}
}

module.exports = LongestFirst;
