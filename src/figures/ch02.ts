/** Figures of chapter 02, exported by `npm run figures` (see ./types.ts). */
import type { FigureJob } from "./types";

export const figures: FigureJob[] = [];
