/** A copy without the fields whose value is undefined, so what leaves the node lists only what is known. */
export function withoutUndefined<T extends object>(object: T): T {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
