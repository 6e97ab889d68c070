/** The errors n8n's request helpers meet, in the shapes of the published packages. */
// Shapes copied from the published packages (read from their dist/ folders, not guessed):
// - axios 1.18.0 lib/core/AxiosError.js: name 'AxiosError', isAxiosError, code, config, request,
//   response, and `status` copied from the response. n8n-workflow recognises it by
//   `constructor.name === 'AxiosError'`, so a class of that name behaves the same.
// - @n8n/client-oauth2 0.33.6 and 1.23.1 dist/utils.js and dist/client-oauth2.js: AuthError and
//   ResponseError below are their constructors verbatim.
export class AxiosError extends Error {
	isAxiosError = true;
	code?: string;
	config?: Record<string, unknown>;
	request?: unknown;
	response?: { status: number; statusText?: string; data?: unknown; headers: unknown; config?: unknown };
	status?: number;

	constructor(message: string, code?: string, config?: Record<string, unknown>, request?: unknown, response?: AxiosError['response']) {
		super(message);
		this.name = 'AxiosError';
		if (code) this.code = code;
		if (config) this.config = config;
		if (request) this.request = request;
		if (response) {
			this.response = response;
			this.status = response.status;
		}
	}
}

export class AuthError extends Error {
	constructor(
		message: string,
		public body: unknown,
		public code = 'EAUTH',
	) {
		super(message);
	}
}

export class ResponseError extends Error {
	constructor(
		public status: number,
		public body: unknown,
		public code = 'ESTATUS',
		message = `HTTP status ${status}`,
	) {
		super(message);
		this.message = message;
	}
}

/** axios's AxiosHeaders answers `get(name)` case-insensitively. */
export class FakeAxiosHeaders {
	constructor(private readonly values: Record<string, string>) {}
	get(name: string) {
		return Object.entries(this.values).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
	}
}

