// Loaded with `node --import` into a command the bench runs: when the process exits, it writes its peak
// resident memory to standard error, so the bench measures the command exactly as a user starts it.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
