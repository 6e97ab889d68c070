const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 8;

// Patterns that hold a credential whatever its value, for secrets this node was never told about.
// `Basic` needs 16+ characters so that prose such as "Basic authentication" is left alone; any
// base64 of "client_id:client_secret" is far longer.
const AUTHORIZATION_VALUE = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*|\b(Basic)\s+[A-Za-z0-9+/]{16,}=*/gi;
/**
 * A token field and its value: snake_case or camelCase (`access_token`, `accessToken`), in JSON,
 * in JSON escaped inside a string (`\"accessToken\":\"…\"`), in a form or query string, and
 * URL-encoded (`%22%3A%22`, `%3D`).
 */
const TOKEN_FIELD =
	/(?<![A-Za-z_])(access_?token|refresh_?token|client_?secret|id_?token)((?:\\*"|%22)?\s*(?::|=|%3A|%3D)\s*(?:\\*"|%22)?)((?:(?!%22|%26|%2C)[^"&\s,;}\\])+)/gi;
/** Notion's integration tokens: `secret_…` (older) and `ntn_…`. */
const NOTION_TOKEN = /\b(?:secret|ntn)_[A-Za-z0-9]{20,}/g;

/**
 * Replaces every known secret (8 characters or more) and anything shaped like a credential with
 * "[redacted]". A known secret is found as it is, escaped in JSON (once, or twice when JSON sits in a
 * JSON string), and URL-encoded (as a URI component, or a form value). Defence in depth on every
 * text the node outputs or logs.
 */
export function redact(text: string, secrets: Array<string | undefined>): string {
	const known = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret.trim().length >= MIN_SECRET_LENGTH)
		.flatMap(encodings)
		// Longest first, so a secret that contains another is removed whole.
		.sort((a, b) => b.length - a.length);
	let result = text;
	for (const secret of new Set(known)) result = result.split(secret).join(REDACTED);
	return result
		.replace(AUTHORIZATION_VALUE, (_match, bearer?: string, basic?: string) => `${bearer ?? basic} ${REDACTED}`)
		.replace(TOKEN_FIELD, (_match, field: string, separator: string) => `${field}${separator}${REDACTED}`)
		.replace(NOTION_TOKEN, REDACTED);
}

/** The forms a secret takes in the texts a node sees: as is, JSON-escaped, URL-encoded. */
function encodings(secret: string): string[] {
	const jsonEscaped = (value: string) => JSON.stringify(value).slice(1, -1);
	const uri = encodeURIComponent(secret);
	const form = new URLSearchParams({ s: secret }).toString().slice(2);
	const lowerHex = (value: string) => value.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
	return [secret, jsonEscaped(secret), jsonEscaped(jsonEscaped(secret)), uri, lowerHex(uri), form, lowerHex(form)];
}
