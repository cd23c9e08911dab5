// Which municipalities resemble a given one, for the comparison chooser. The rule, chosen to be explainable in
// one sentence: nearest by population size and by the share of residents of non-Danish origin, both on the
// first day of 2022 (FOLK1A 2022Q1 and the FOLK1E-derived share for 2022Q1, the latest year the source calls
// mature; its 2026 layer is a "bridge"). Population is compared on a log scale, because 5,000 against 10,000
// residents is as different as 50,000 against 100,000; each measure is divided by its standard deviation over
// the 98 municipalities so neither dominates; distance is Euclidean; ties go to the lower code.

export interface SimilarityProfile {
  readonly code: string;
  readonly population: number;
  /** Residents not of Danish origin, in per cent of all residents. */
  readonly nonDanishPercent: number;
}

export function rankBySimilarity(
  profiles: readonly SimilarityProfile[],
  code: string,
  n: number,
): readonly string[] {
  const self = profiles.find((p) => p.code === code);
  if (!self) throw new RangeError(`no similarity profile for area ${code}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid count: ${n}`);
  const logPop = (p: SimilarityProfile) => Math.log(p.population);
  const sdPop = standardDeviation(profiles.map(logPop));
  const sdShare = standardDeviation(profiles.map((p) => p.nonDanishPercent));
  const distance = (p: SimilarityProfile) =>
    Math.hypot(
      sdPop > 0 ? (logPop(p) - logPop(self)) / sdPop : 0,
      sdShare > 0 ? (p.nonDanishPercent - self.nonDanishPercent) / sdShare : 0,
    );
  return (
    profiles
      .filter((p) => p.code !== code)
      // Rounded so that distances equal but for floating-point noise count as ties.
      .map((p) => ({ code: p.code, d: Math.round(distance(p) * 1e9) }))
      .sort((a, b) => a.d - b.d || (a.code < b.code ? -1 : 1))
      .slice(0, n)
      .map((p) => p.code)
  );
}

function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
}
