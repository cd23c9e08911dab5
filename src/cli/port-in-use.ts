// The one start-up failure `serve` reports by name, kept apart from the server so that other commands can name it
// without loading the web application.
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}
