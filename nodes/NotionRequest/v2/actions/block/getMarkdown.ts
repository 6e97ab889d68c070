import { markdownOperation } from '../page/getMarkdown';

/** Notion's page Markdown endpoint takes a block ID too, and gives that block's content. */
export const getMarkdown = markdownOperation('block', 'block', 'blockId');
