/**
 * `table[key]` only when `key` is one of the table's own keys. A plain `table[key]` also finds what
 * every object inherits (`toString`, `constructor`, `__proto__`, `hasOwnProperty`): a link whose
 * path segment is `toString` once made a node ask `/v1/undefined/<id>`.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
	return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
