const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 8;

// Patterns that hold a credential whatever its value, for secrets this node was never told about.
// `Basic` needs 16+ characters so that prose such as "Basic authentication" is left alone; any
// base64 of "client_id:client_secret" is far longer.
const AUTHORIZATION_VALUE = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*|\b(Basic)\s+[A-Za-z0-9+/]{16,}=*/gi;
const TOKEN_FIELD = /\b(access_token|refresh_token|client_secret|id_token)("?\s*[:=]\s*"?)([^"&\s,;}]+)/gi;
/** Notion's integration tokens: `secret_…` (older) and `ntn_…`. */
const NOTION_TOKEN = /\b(?:secret|ntn)_[A-Za-z0-9]{20,}/g;

/**
 * Replaces every known secret (8 characters or more, also URL-encoded) and anything shaped like a
 * credential with "[redacted]". Defence in depth on every text the node outputs or logs.
 */
export function redact(text: string, secrets: Array<string | undefined>): string {
	const known = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret.trim().length >= MIN_SECRET_LENGTH)
		.flatMap((secret) => [secret, encodeURIComponent(secret)])
		// Longest first, so a secret that contains another is removed whole.
		.sort((a, b) => b.length - a.length);
	let result = text;
	for (const secret of new Set(known)) result = result.split(secret).join(REDACTED);
	return result
		.replace(AUTHORIZATION_VALUE, (_match, bearer?: string, basic?: string) => `${bearer ?? basic} ${REDACTED}`)
		.replace(TOKEN_FIELD, (_match, field: string, separator: string) => `${field}${separator}${REDACTED}`)
		.replace(NOTION_TOKEN, REDACTED);
}
