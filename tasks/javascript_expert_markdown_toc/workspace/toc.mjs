// Table-of-contents generator for Markdown documents.
// See instructions.md for the exact rules.

/**
 * GitHub-style base slug of a heading title (no duplicate handling).
 * @param {string} title
 * @returns {string}
 */
export function slugify(title) {
  throw new Error('slugify: not implemented');
}

/**
 * Every heading of the document, in order, with unique slugs.
 * @param {string} markdown
 * @returns {Array<{level: number, title: string, slug: string, line: number}>}
 */
export function extractHeadings(markdown) {
  throw new Error('extractHeadings: not implemented');
}

/**
 * The table of contents as a nested Markdown list.
 * @param {string} markdown
 * @param {{minDepth?: number, maxDepth?: number}} [options]
 * @returns {string}
 */
export function generateToc(markdown, options = {}) {
  throw new Error('generateToc: not implemented');
}
