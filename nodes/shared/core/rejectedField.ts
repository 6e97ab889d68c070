/**
 * Which property or field Notion's validation message names, so the error can say what to fix.
 * Notion's wordings: "Owner is not a property that exists.", "Status is expected to be select.",
 * "Could not find property with name or id: Owner", "body failed validation: body.properties.Name.title
 * should be …", "path failed validation: path.page_id should be …".
 */
export function rejectedField(message: string | undefined): string | undefined {
	if (!message) return undefined;
	const property =
		/^(.+?) is not a property that exists\./.exec(message)?.[1] ??
		/^(.+?) is expected to be \w+\./.exec(message)?.[1] ??
		/Could not find property with name or id: (.+?)\.?$/.exec(message)?.[1];
	if (property) return `the property "${property}"`;
	const field = /\b((?:body|path|query)\.[\w.[\]-]+?) should\b/.exec(message)?.[1];
	return field ? `the field ${field}` : undefined;
}
