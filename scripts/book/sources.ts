/**
 * What the book's index page is made of, read from the repository's own documents so they
 * stay the one source: README.md's first paragraph and its "Chapters" table, and the
 * figure list that `npm run figures` writes to figures/index.md.
 */

export interface ChapterEntry {
  /** Notebook name without extension, e.g. `01-statistical-approximation`. */
  name: string;
  /** The README's one-line description (markdown). */
  summary: string;
}

export interface GalleryFigure {
  name: string;
  /** The figure's title: what it shows (markdown). */
  title: string;
  /** The `## Chapter NN` heading it is listed under. */
  section: string;
}

/** The first paragraph after the README's `# title`: what the project is. */
export function readmeIntro(readme: string): string {
  const body = readme.replace(/^#[^\n]*\n+/, "");
  const paragraph = body.split(/\n\s*\n/)[0] ?? "";
  return paragraph.trim();
}

function tableCells(line: string): string[] {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

/** The rows of the README's chapter table: `| [\`NN-name\`](notebooks/NN-name.ipynb) | what it shows |`. */
export function readmeChapters(readme: string): ChapterEntry[] {
  const chapters: ChapterEntry[] = [];
  for (const line of readme.split("\n")) {
    const m = line.match(/^\|\s*\[`?([^`\]]+)`?\]\(notebooks\/([^)]+)\.ipynb\)\s*\|/);
    if (!m) continue;
    const cells = tableCells(line);
    chapters.push({ name: m[2], summary: cells[1] ?? "" });
  }
  return chapters;
}

/** Every figure row of figures/index.md: `| \`name\` | what it shows | files |`. */
export function figureIndex(indexMd: string): GalleryFigure[] {
  const figures: GalleryFigure[] = [];
  let section = "";
  for (const line of indexMd.split("\n")) {
    const heading = line.match(/^##\s+(.+)$/);
    if (heading) section = heading[1].trim();
    const m = line.match(/^\|\s*`([^`]+)`\s*\|/);
    if (!m) continue;
    figures.push({ name: m[1], title: tableCells(line)[1] ?? m[1], section });
  }
  return figures;
}
