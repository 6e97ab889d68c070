'use strict';
/**
 * Preloaded (NODE_OPTIONS --require) into the benchmark's n8n processes, after the e2e preload.
 * Samples heap and RSS every 50 ms and, when the process exits, writes the peaks to
 * $NOTION_BENCH_MEMORY_DIR/<pid>.json. Only the n8n CLI process writes (not task runners).
 */
const fs = require('fs');
const path = require('path');

const dir = process.env.NOTION_BENCH_MEMORY_DIR;
const isN8nCli = (process.argv[1] || '').replace(/\\/g, '/').endsWith('n8n/bin/n8n');

if (dir && isN8nCli) {
	let peakHeapUsed = 0;
	let peakRss = 0;
	const sample = () => {
		const usage = process.memoryUsage();
		peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
		peakRss = Math.max(peakRss, usage.rss);
	};
	setInterval(sample, 50).unref();
	process.on('exit', () => {
		sample();
		const record = {
			pid: process.pid,
			command: process.argv.slice(2).join(' '),
			node: process.version,
			// the kernel's high-water mark, so a peak between two samples is not missed
			maxRssBytes: process.resourceUsage().maxRSS * 1024,
			peakRssSampledBytes: peakRss,
			peakHeapUsedBytes: peakHeapUsed,
		};
		try {
			fs.mkdirSync(dir, { recursive: true });
			fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(record));
		} catch {
			// a benchmark figure, never a reason to fail n8n
		}
	});
}
