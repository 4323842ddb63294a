/** Every figure of every chapter, in chapter order: what `npm run figures` exports. */
import type { FigureJob } from "./types";
import { figures as ch01 } from "./ch01";
import { figures as ch02 } from "./ch02";
import { figures as ch03 } from "./ch03";
import { figures as ch04 } from "./ch04";
import { figures as ch05 } from "./ch05";
import { figures as ch06 } from "./ch06";
import { figures as ch07 } from "./ch07";

export const allFigures: FigureJob[] = [...ch01, ...ch02, ...ch03, ...ch04, ...ch05, ...ch06, ...ch07];

/**
 * Wall-time budget of each chapter's figures in `npm run figures` on a 2-core machine, in
 * seconds: chapters 01–05 share 8 minutes, the VAE chapter has 15 (its full run alone is
 * ~14 minutes); chapter 07 draws its committed run, in seconds. The export prints its wall time against the sum over the chapters it ran.
 */
export const chapterBudgetSeconds: Record<string, number> = { "01": 60, "02": 40, "03": 20, "04": 190, "05": 170, "06": 900, "07": 30 };
