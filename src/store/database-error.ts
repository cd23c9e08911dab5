// The error every opener of the database reports when it cannot be used; the command line answers it with exit
// code 3 (the environment). Kept in its own module so that the data directory's lock can name it too.
export class DatabaseUnavailableError extends Error {
  override readonly name: string = 'DatabaseUnavailableError';
}
