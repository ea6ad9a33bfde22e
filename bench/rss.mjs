// Preloaded into a measured child (node --import): reports the process's peak RSS and its CPU time
// (user + system), worker threads included, on file descriptor 2 as one JSON line when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n@@bench ${JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime })}\n`);
});
