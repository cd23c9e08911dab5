// `pejlemaerke survey round use-version <round> <version>`: moves an open round to a newer version of its
// questionnaire under the answered-question rule (service/questionnaire-editor.ts), as the editor page does.
import type { Command } from 'commander';
import { InvalidInputError } from '../service/errors.ts';
import { moveRoundToVersion, VersionMoveRefusedError } from '../service/questionnaire-editor.ts';
import type { WriteContext } from '../service/write-gate.ts';
import type { Database } from '../store/database.ts';
import type { Io } from './main.ts';

export function registerRoundVersionCommand(
  round: Command,
  io: Io,
  inDatabase: (run: (database: Database) => Promise<void>) => Promise<void>,
  ctx: (database: Database) => WriteContext,
): void {
  round
    .command('use-version')
    .description(
      'move an open round to a newer version of its questionnaire; refused, naming each question, unless every answered question, its type and the chosen values remain',
    )
    .argument('<round>', 'the round id')
    .argument('<version>', 'the questionnaire version to use (see survey list)')
    .action(async (roundId: string, version: string) => {
      if (!/^[1-9]\d{0,8}$/.test(version))
        throw new InvalidInputError(`version: expected a version number such as 2, got "${version}"`);
      await inDatabase(async (database) => {
        const moved = await moveRoundToVersion(ctx(database), roundId, Number(version)).catch(
          (e: unknown) => {
            // One line a question, so none is cut short.
            if (!(e instanceof VersionMoveRefusedError)) throw e;
            throw new InvalidInputError(
              `survey round ${e.round.id} keeps version ${e.round.questionnaireVersion}; new rounds use version ${e.version}`,
              e.problems.map((p) =>
                p.kind === 'removed'
                  ? `"${p.question}" has answers and is not in version ${e.version}`
                  : p.kind === 'retyped'
                    ? `"${p.question}" has answers as ${p.from} and is ${p.to} in version ${e.version}`
                    : `"${p.question}" has the answer "${p.value}", which is not a choice in version ${e.version}`,
              ),
            );
          },
        );
        io.out(
          `survey round ${moved.round.id} "${moved.round.name}" now uses ${moved.round.questionnaireId} version ${moved.round.questionnaireVersion} (it was on version ${moved.from})`,
        );
      });
    });
}
