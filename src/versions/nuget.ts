// NuGet versions (https://learn.microsoft.com/nuget/concepts/package-versioning), ordered as
// NuGet.Versioning's VersionComparer (VersionComparison.Default) does:
// - 1 to 4 numeric parts, missing parts are 0 (`1.0` = `1.0.0` = `1.0.0.0`), leading zeros
//   allowed and ignored (`01.0` = `1.0`), each part a 32-bit signed integer;
// - a version with a prerelease label sorts before the same version without;
// - labels compare part by part: numeric parts numerically and before alphanumeric ones,
//   alphanumeric parts case-insensitively (`1.0.0-RC.1` = `1.0.0-rc.1`); fewer parts first;
// - build metadata after `+` is ignored.
import { makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

interface ParsedNuget {
  readonly parts: readonly [number, number, number, number];
  readonly labels: readonly (string | number)[];
}

const NUMBER = /^[0-9]+$/;
const LABEL = /^[0-9A-Za-z-]+$/;
const INT_MAX = 2147483647;

function parseNuget(input: string): ParsedNuget | undefined {
  const v = input.trim();
  const plus = v.indexOf('+');
  if (plus >= 0 && !/^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/.test(v.slice(plus + 1))) return undefined;
  const main = plus >= 0 ? v.slice(0, plus) : v;
  const dash = main.indexOf('-');
  const core = dash >= 0 ? main.slice(0, dash) : main;
  const label = dash >= 0 ? main.slice(dash + 1) : undefined;
  const pieces = core.split('.');
  if (pieces.length < 1 || pieces.length > 4) return undefined;
  const parts: number[] = [0, 0, 0, 0];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as string;
    if (!NUMBER.test(p) || p.length > 12) return undefined;
    const n = Number(p);
    if (n > INT_MAX) return undefined;
    parts[i] = n;
  }
  const labels: (string | number)[] = [];
  if (label !== undefined) {
    for (const l of label.split('.')) {
      if (!LABEL.test(l)) return undefined;
      // Numeric labels beyond int range compare as strings in NuGet (int.TryParse fails).
      labels.push(NUMBER.test(l) && l.length <= 9 ? Number(l) : l.toLowerCase());
    }
  }
  return { parts: parts as unknown as [number, number, number, number], labels };
}

function compareNuget(a: ParsedNuget, b: ParsedNuget): number {
  for (let i = 0; i < 4; i++) {
    const d = (a.parts[i] as number) - (b.parts[i] as number);
    if (d !== 0) return d;
  }
  const al = a.labels.length;
  const bl = b.labels.length;
  if (al === 0 || bl === 0) return al === bl ? 0 : al === 0 ? 1 : -1;
  const n = Math.min(al, bl);
  for (let i = 0; i < n; i++) {
    const x = a.labels[i] as string | number;
    const y = b.labels[i] as string | number;
    if (x === y) continue;
    const xn = typeof x === 'number';
    const yn = typeof y === 'number';
    if (xn && yn) return x - y;
    if (xn) return -1;
    if (yn) return 1;
    // OrdinalIgnoreCase: both sides are already lower-cased.
    return x < y ? -1 : 1;
  }
  return al - bl;
}

/** The NuGet scheme: NuGet.Versioning's default order (4-part versions, case-insensitive labels). */
export const NUGET: VersionScheme = makeScheme('nuget', parseNuget, compareNuget);
