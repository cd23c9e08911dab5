// The command line run in the test's own process, as `bin/pejlemaerke.js` runs it: what it printed, line by
// line, and its exit code.
import { main } from '../../src/cli/main.ts';

/** `pejlemaerke <args>` with `env`: the exit code, the lines printed to stdout, and stderr as one text. */
export async function runMain(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'pejlemaerke', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
  });
  return { code, out, err: err.join('\n') };
}

/** As `runMain`, with stdout as one text. */
export async function runMainText(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  const r = await runMain(args, env);
  return { ...r, out: r.out.join('\n') };
}
