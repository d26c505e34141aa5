// Errors a command reports as one line on stderr rather than a stack trace: UsageError for a
// mistake in how the command was called (exit 2), CommandError for a failure doing it (exit 1).
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
}
