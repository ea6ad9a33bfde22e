// Preloaded into a measured child (node --import): reports the process's peak RSS, worker threads
// included, on file descriptor 2 as one JSON line when the process exits.
process.on('exit', () => {
  process.stderr.write(`\n@@bench ${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
});
