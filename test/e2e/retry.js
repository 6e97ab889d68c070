/**
 * An end-to-end test that fails is run once more, and its first failure is printed before the
 * retry (`logErrorsBeforeRetry`). Real n8n on this 2-core machine, two files at a time, can meet a
 * timing the test did not foresee; a second failure fails the run. `npm test`'s closing lines name
 * every test that passed only on its second try, with its first error, so no retry goes unseen.
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });
